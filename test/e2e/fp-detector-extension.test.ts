// The fingerprint detector inside the built extension (dist/, `node build.mjs` first), in headless
// Chromium and Firefox ESR: the manifest's MAIN-world document_start content script observes a
// third-party fingerprinting script, the isolated-world bridge forwards the batch, and the
// background's ledger store (the extension's IndexedDB) holds it under the page's real origin with
// the script's origin as third party (and the page's own inline read as first party).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FingerprintRecord } from '../../extension/background/fingerprint-ledger';
import {
  DIST_CHROME,
  DIST_FIREFOX,
  hasBrowser,
  launchChromiumWithExtension,
  launchFirefoxWithExtension,
  readStore,
  type ExtensionBrowser,
  type ExtensionPage,
} from './helpers/extension';
import { startFpServers, type FpServers } from './helpers/fp-pages';

const LEDGER_DB = 'twofold-ledger-fingerprints';

/** Every record of the fingerprint ledger, read from an extension page (without creating the database). */
const readLedger = (page: ExtensionPage) => readStore<FingerprintRecord>(page, LEDGER_DB, 'observations');

const targets = [
  { name: 'chromium' as const, dist: DIST_CHROME, launch: launchChromiumWithExtension },
  { name: 'firefox' as const, dist: DIST_FIREFOX, launch: launchFirefoxWithExtension },
];

/**
 * Whether the built detector is there. Without it a developer gets a skip; in CI (`CI` set) the run
 * fails instead, as for a missing browser: a skipped detector test there would pass silently.
 */
function builtDetectorPresent(dist: string, env: Record<string, string | undefined> = process.env): boolean {
  const path = join(dist, 'fp-detector.js');
  if (existsSync(path)) return true;
  if (env['CI']) throw new Error(`${path} is missing: CI must test the built detector (run \`node build.mjs\` first; npm test does).`);
  return false;
}

it('fails instead of skipping when the built detector is missing under CI=true', () => {
  expect(() => builtDetectorPresent('/nonexistent-dist', { CI: 'true' })).toThrow(/fp-detector\.js is missing: CI must test the built detector/);
  expect(builtDetectorPresent('/nonexistent-dist', {})).toBe(false);
});

for (const target of targets) {
  const ready = hasBrowser(target.name) && builtDetectorPresent(target.dist);
  describe.skipIf(!ready)(`fingerprint detector in the extension (${target.name})`, () => {
    let ext: ExtensionBrowser;
    let servers: FpServers;
    let extensionPage: ExtensionPage; // one extension page reads the ledger (opening many is slow in Firefox)
    const ledger = () => readLedger(extensionPage);
    beforeAll(async () => {
      servers = await startFpServers();
      ext = await target.launch();
      extensionPage = await ext.newPage();
      await extensionPage.open('popup.html');
    });
    afterAll(async () => {
      await ext?.close();
      await servers?.close();
    });

    it('records a third-party fingerprinting script under the page origin in the background store', async () => {
      const page = await ext.newPage();
      await page.goto(servers.page.url('/third-party.html'));
      await expect
        .poll(() => page.evaluate(() => (window as unknown as { __vendorResult?: unknown }).__vendorResult !== undefined, null), { timeout: 15_000 })
        .toBe(true);
      // The page sees no trace of the extension's channel or ledger.
      expect(await page.evaluate(() => Object.getOwnPropertyNames(window).filter((k) => /twofold|fingerprint/i.test(k)), null)).toEqual([]);
      const site = servers.page.origin;
      // Headless Firefox here has no WebGL (getContext('webgl') is null), so the vendor cannot ask.
      const hasWebGL = await page.evaluate(
        () => typeof (window as unknown as { __vendorResult: { renderer?: string } }).__vendorResult.renderer === 'string',
        null,
      );
      const expected = {
        'canvas-readback': { count: 2 },
        'audio-render': { count: 1 },
        'font-probe': { count: 1 },
        ...(hasWebGL ? { 'webgl-renderer': { count: 2 } } : {}),
      };
      if (target.name === 'chromium') expect(hasWebGL).toBe(true);
      await expect
        .poll(async () => (await ledger()).find((r) => r.site === site && r.scriptOrigin === servers.thirdOrigin)?.kinds, { timeout: 20_000, interval: 1000 })
        .toMatchObject(expected);
      const kinds = (await ledger()).find((r) => r.scriptOrigin === servers.thirdOrigin)?.kinds ?? {};
      expect(Object.keys(kinds).sort()).toEqual(Object.keys(expected).sort());
      const records = await ledger();
      expect(records.find((r) => r.scriptOrigin === servers.thirdOrigin)).toMatchObject({ site, party: 'third-party' });
      expect(records.find((r) => r.scriptOrigin === site)).toMatchObject({ site, party: 'first-party', kinds: { 'canvas-readback': { count: 1 } } });
      expect(records.filter((r) => r.site === site)).toHaveLength(2);
    });

    it('records the real FingerprintJS library from a third-party origin, including its iframe font probe', async () => {
      const site = servers.page.origin;
      const counts = async () => {
        const kinds = (await ledger()).find((r) => r.site === site && r.scriptOrigin === servers.thirdOrigin)?.kinds ?? {};
        return { canvas: kinds['canvas-readback']?.count ?? 0, audio: kinds['audio-render']?.count ?? 0, fonts: kinds['font-probe']?.count ?? 0 };
      };
      const before = await counts(); // the same site and vendor origin as the test above
      const page = await ext.newPage();
      await page.goto(servers.page.url('/fingerprintjs.html'));
      await expect
        .poll(() => page.evaluate(() => typeof (window as unknown as { __visitorId?: unknown }).__visitorId === 'string', null), { timeout: 30_000 })
        .toBe(true);
      await expect
        .poll(
          async () => {
            const after = await counts();
            return { canvas: after.canvas - before.canvas >= 2, audio: after.audio > before.audio, fonts: after.fonts > before.fonts };
          },
          { timeout: 20_000, interval: 1000 },
        )
        // FingerprintJS itself skips canvas images in Firefox 120+ (its source says so); the fonts
        // are probed in a srcdoc iframe it removes at once, relayed by that frame's bridge.
        .toEqual({ canvas: target.name === 'chromium', audio: true, fonts: true });
    });
  });
}
