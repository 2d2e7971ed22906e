// Attack: a report padded to the envelope limit against `twofold serve` (child process) on SQLite
// and PostgreSQL. The site assesses and records the sign-in as usual; what the database keeps is
// the bounded feature set the rules use (sdk/server/collection.ts), never the padding: the export
// the rights token reaches shows it, and the database grows by far less than the report's size.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalReport } from '../../../../sdk/protocol/report';
import { MAX_SEALED_LENGTH, sealReport } from '../../../../sdk/protocol/seal';
import { MAX_COLLECTION_BYTES, MAX_COLLECTION_SIGNALS } from '../../../../sdk/server/collection';
import { sampleReport } from '../helpers/report';
import { bundleCli, type CliBundle } from '../helpers/serve-process';
import { ATTACK_API_KEY, ATTACK_ORIGIN, ATTACK_SITE, attackBackends, serveOn } from './storage-backends';

/** The sealed report this attack sends is at least this long (the envelope allows 64 KB). */
const PADDED_SEALED_LENGTH = 60 * 1024;
const FEATURES_KEPT = new Set(['device-id', 'visitor-id', 'time-zone', 'language', 'automation', 'consent']);

let bundle: CliBundle;
beforeAll(async () => {
  bundle = await bundleCli();
});
afterAll(() => bundle?.remove());

/** A report whose every attacker-controlled corner is stuffed: padding signal, many ids, long lists, long values. */
function paddedReport(deviceId: string, padding: number): SignalReport {
  const report = sampleReport({ site: ATTACK_SITE, origin: ATTACK_ORIGIN, deviceId, visitorId: 'v'.repeat(190) });
  report.signals['time-zone'] = { value: { timeZone: `Europe/${'O'.repeat(400)}` }, durationMs: 0 };
  report.signals['languages'] = { value: Array.from({ length: 400 }, (_, i) => `x-${'a'.repeat(i % 40)}`), durationMs: 0 };
  for (let i = 0; i < 200; i++) report.signals[`extra-signal-${String(i).padStart(3, '0')}-${'z'.repeat(20)}`] = { value: i, durationMs: 0 };
  report.signals['padding'] = { value: 'P'.repeat(padding), durationMs: 0 };
  return report;
}

describe.each(attackBackends('twofold_attack_storage'))('padded report on $name', ({ setup }) => {
  it('a 60 KB padded report stores only the bounded feature set, and the export shows exactly that', async () => {
    const backend = await setup();
    const served = await serveOn(bundle.path, backend);
    try {
      const { base } = served.server;
      const { publicKey } = JSON.parse(readFileSync(served.keysPath, 'utf8')) as { publicKey: string };
      const post = async (path: string, body: unknown) => {
        const response = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${ATTACK_API_KEY}` },
          body: JSON.stringify(body),
        });
        return { status: response.status, json: (await response.json()) as Record<string, unknown> };
      };
      const signIn = async (userId: string, report: SignalReport) => {
        const { nonce } = (await (await fetch(`${base}/twofold/nonce`)).json()) as { nonce: string };
        const sealed = await sealReport(report, { publicKey, nonce, site: ATTACK_SITE, origin: ATTACK_ORIGIN });
        const assessed = await post('/twofold/assess', { userId, sealed });
        expect(assessed.status, JSON.stringify(assessed.json)).toBe(200);
        const recorded = await post('/twofold/record', { attemptToken: assessed.json['attemptToken'], outcome: 'success' });
        expect(recorded.status, JSON.stringify(recorded.json)).toBe(200);
        return { sealed, rightsToken: String(recorded.json['rightsToken']) };
      };
      // A plain sign-in first, so both runs find their tables' first pages already allocated.
      await signIn('warm-up', sampleReport({ site: ATTACK_SITE, origin: ATTACK_ORIGIN, deviceId: 'warm-up-device-0000000' }));

      const deviceId = 'padded-device-00000000';
      let padding = 1024;
      let report = paddedReport(deviceId, padding);
      // Grow the padding until the sealed envelope is between 60 KB and the 64 KB limit.
      for (;;) {
        const length = (await sealReport(report, { publicKey, nonce: 'n'.repeat(22), site: ATTACK_SITE, origin: ATTACK_ORIGIN })).length;
        if (length >= PADDED_SEALED_LENGTH) break;
        padding += Math.ceil(((PADDED_SEALED_LENGTH - length) * 3) / 4) + 16;
        report = paddedReport(deviceId, padding);
      }
      const before = await backend.size();
      const { sealed, rightsToken } = await signIn('mallory', report);
      const growth = (await backend.size()) - before;
      expect(sealed.length).toBeGreaterThanOrEqual(PADDED_SEALED_LENGTH);
      expect(sealed.length).toBeLessThanOrEqual(MAX_SEALED_LENGTH);

      const access = await fetch(`${base}/twofold/rights/access`, { headers: { authorization: `Bearer ${rightsToken}` } });
      expect(access.status).toBe(200);
      const exported = (await access.json()) as { collections: { signals: string[]; features: { feature: string; value: string }[] }[]; logins: unknown[] };
      expect(exported.collections).toHaveLength(1);
      const [collection] = exported.collections;
      const collectionBytes = JSON.stringify({ signals: collection!.signals, features: collection!.features }).length;
      const loginBytes = JSON.stringify(exported.logins).length;
      console.info(
        `${backend.name}: sealed report ${sealed.length} B → stored collection ${collectionBytes} B (features + signal ids), login row ${loginBytes} B, database grew ${growth} B`,
      );
      expect(JSON.stringify(exported)).not.toContain('PPPP');
      expect(collection!.features.every((f) => FEATURES_KEPT.has(f.feature))).toBe(true);
      expect(collection!.features).toContainEqual({ feature: 'device-id', value: deviceId });
      expect(collection!.features.filter((f) => f.feature === 'language').length).toBeLessThanOrEqual(10);
      expect(collection!.features.some((f) => f.feature === 'time-zone')).toBe(false);
      expect(collection!.signals.length).toBeLessThanOrEqual(MAX_COLLECTION_SIGNALS);
      expect(collectionBytes).toBeLessThanOrEqual(MAX_COLLECTION_BYTES);
      expect(loginBytes).toBeLessThan(4 * 1024);
      // Stored whole, the report alone would be ~45 KB; bounded, the sign-in adds a few pages at most.
      expect(growth).toBeLessThan(24 * 1024);
      expect(served.server.output()).not.toMatch(/unexpected error/);
    } finally {
      await served.stop();
      await backend.cleanup();
    }
  }, 60_000);
});
