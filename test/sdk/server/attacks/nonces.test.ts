// Attack: anonymous nonce flood against `twofold serve` (child process) on SQLite and PostgreSQL.
// Nonces are MAC'd and stored only once spent, and the per-IP limit is counted in the store: 5,000
// requests from one client grow the database by less than 64 KB and meet 429s with Retry-After,
// never a 5xx; a nonce issued before the flood still opens a sealed report once. With the limits
// off, 5,000 issued nonces still store nothing (the same bound holds without the rate limit), and
// 5,000 requests from 5,000 addresses write no rate-limit rows either.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealReport } from '../../../../sdk/protocol/seal';
import { DEFAULT_REQUEST_LIMITS } from '../../../../sdk/server/http/limits';
import { readFileSync } from 'node:fs';
import { bundleCli, type CliBundle } from '../helpers/serve-process';
import { sampleReport } from '../helpers/report';
import { ATTACK_API_KEY, ATTACK_ORIGIN, ATTACK_SITE, attackBackends, inParallel, serveOn } from './storage-backends';

const FLOOD = 5_000;
const MAX_GROWTH_BYTES = 64 * 1024;

let bundle: CliBundle;
beforeAll(async () => {
  bundle = await bundleCli();
});
afterAll(() => bundle?.remove());

describe.each(attackBackends('twofold_attack_nonces'))('nonce flood on $name', ({ setup }) => {
  it(`${FLOOD} anonymous nonce requests: < 64 KB of database growth, 429s with Retry-After, no 5xx`, async () => {
    const backend = await setup();
    const served = await serveOn(bundle.path, backend);
    try {
      const { base } = served.server;
      // A genuine visitor's nonce, fetched before the flood, must still work after it.
      const early = (await (await fetch(`${base}/twofold/nonce`)).json()) as { nonce: string };
      const before = await backend.size();
      const statuses: Record<number, number> = {};
      const refusals = new Set<string>();
      let retryAfter = 0;
      await inParallel(FLOOD, 16, async () => {
        const response = await fetch(`${base}/twofold/nonce`);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        const body = (await response.json()) as { nonce?: string; error?: { code: string; message: string } };
        if (response.status === 429) {
          refusals.add(body.error?.code ?? 'no code');
          retryAfter = Math.max(retryAfter, Number(response.headers.get('retry-after')));
        }
      });
      const growth = (await backend.size()) - before;
      console.info(`${backend.name}: ${FLOOD} nonce requests → statuses ${JSON.stringify(statuses)}, database grew ${growth} bytes`);
      expect(
        Object.keys(statuses).every((s) => s === '200' || s === '429'),
        JSON.stringify(statuses),
      ).toBe(true);
      expect(statuses[200]).toBeLessThanOrEqual(DEFAULT_REQUEST_LIMITS.perIp.nonce.limit * 2);
      expect(statuses[429]).toBeGreaterThan(FLOOD / 2);
      expect([...refusals]).toEqual(['rate_limited']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(growth).toBeLessThan(MAX_GROWTH_BYTES);

      // The same flood from 5,000 different addresses (the server trusts one proxy hop, so the
      // client picks its X-Forwarded-For): each stays under its limit, and the limiter writes no
      // row for an address that sent a few requests.
      const beforeSpread = await backend.size();
      let spreadOk = 0;
      await inParallel(FLOOD, 16, async (i) => {
        const response = await fetch(`${base}/twofold/nonce`, { headers: { 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` } });
        if (response.status === 200) spreadOk++;
        await response.arrayBuffer();
      });
      const spreadGrowth = (await backend.size()) - beforeSpread;
      console.info(`${backend.name}: ${FLOOD} nonce requests from ${FLOOD} addresses → ${spreadOk} × 200, database grew ${spreadGrowth} bytes`);
      expect(spreadOk).toBe(FLOOD);
      expect(spreadGrowth).toBeLessThan(MAX_GROWTH_BYTES);

      // The early nonce opens a sealed report once (the site's server assesses with its API key).
      const { publicKey } = JSON.parse(readFileSync(served.keysPath, 'utf8')) as { publicKey: string };
      const sealed = await sealReport(sampleReport({ site: ATTACK_SITE, origin: ATTACK_ORIGIN }), {
        publicKey,
        nonce: early.nonce,
        site: ATTACK_SITE,
        origin: ATTACK_ORIGIN,
      });
      const assess = () =>
        fetch(`${base}/twofold/assess`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${ATTACK_API_KEY}` },
          body: JSON.stringify({ userId: 'alice', sealed }),
        });
      expect((await assess()).status).toBe(200);
      const replay = await assess();
      expect(replay.status).toBe(400);
      expect(((await replay.json()) as { error: { code: string } }).error.code).toBe('seal_replayed');
      expect(served.server.output()).not.toMatch(/unexpected error/);
    } finally {
      await served.stop();
      await backend.cleanup();
    }
  });

  it(`with the limits off too, ${FLOOD} issued nonces store nothing: they are MAC'd, and only spent ones are kept`, async () => {
    const backend = await setup();
    const served = await serveOn(bundle.path, backend, ['--no-rate-limits']);
    try {
      const before = await backend.size();
      const nonces = new Set<string>();
      await inParallel(FLOOD, 16, async () => {
        const response = await fetch(`${served.server.base}/twofold/nonce`);
        expect(response.status).toBe(200);
        nonces.add(((await response.json()) as { nonce: string }).nonce);
      });
      const growth = (await backend.size()) - before;
      console.info(`${backend.name}: ${FLOOD} nonces issued without limits, database grew ${growth} bytes`);
      expect(nonces.size).toBe(FLOOD);
      expect(growth).toBeLessThan(MAX_GROWTH_BYTES);
      const store = await backend.open();
      try {
        expect(await store.countRows()).toBe(0);
      } finally {
        await store.close();
      }
    } finally {
      await served.stop();
      await backend.cleanup();
    }
  });
});
