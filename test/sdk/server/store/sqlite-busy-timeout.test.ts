// When another process holds the SQLite write lock for longer than the store waits (a long write
// elsewhere), the statement fails with a typed StoreBusyError (store_busy, HTTP 503 with
// Retry-After), never a generic 500, and the store works again once the lock is released.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sealReport } from '../../../../sdk/protocol/seal';
import { createTwofoldHandler } from '../../../../sdk/server/http';
import { generateSiteKeys } from '../../../../sdk/server/seal';
import { StoreBusyError } from '../../../../sdk/server/store/sql/runner';
import { sampleReport } from '../helpers/report';
import { serveHandler } from '../helpers/serve';
import { storeAndOther } from './lock-holder';

const SITE = 'example.com';
const ORIGIN = 'https://example.com';

const dir = mkdtempSync(join(tmpdir(), 'twofold-busy-timeout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
describe('SQLite write lock held longer than the store waits', () => {
  it('a write fails with StoreBusyError (store_busy, 503) after the wait; the next one succeeds once the lock is free', async () => {
    const { store, other, close } = await storeAndOther(dir, 50);
    try {
      other.exec('BEGIN IMMEDIATE');
      const failed = await store.issueNonce('while-locked', Date.now() + 60_000).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(StoreBusyError);
      expect(failed).toMatchObject({ code: 'store_busy', status: 503, retryAfterMs: 1000 });
      expect((failed as Error).message).toMatch(/locked by another process for 50 ms; try again/);
      other.exec('COMMIT');
      await store.issueNonce('after', Date.now() + 60_000);
      expect(await store.consumeNonce('after', Date.now())).toBe(true);
      expect(await store.consumeNonce('while-locked', Date.now())).toBe(false);
    } finally {
      await close();
    }
  });

  it('over HTTP: 503 with a JSON body naming store_busy and Retry-After, the operator told, no stack; 200 again after', async () => {
    const { store, other, close } = await storeAndOther(dir, 50);
    const told: unknown[] = [];
    const keys = await generateSiteKeys();
    const handler = createTwofoldHandler({ site: SITE, store, keys, apiKey: 'server-secret', purgeIntervalMs: 0, onError: (error) => told.push(error) });
    const served = await serveHandler(handler);
    /** A sign-in's assess (its write spends the seal nonce and stores the collection). */
    const assess = async () => {
      const { nonce } = (await (await fetch(`${served.base}/twofold/nonce`)).json()) as { nonce: string };
      const sealed = await sealReport(sampleReport({ site: SITE, origin: ORIGIN, deviceId: 'device-busy-0000' }), {
        publicKey: keys.publicKey,
        nonce,
        site: SITE,
        origin: ORIGIN,
      });
      return fetch(`${served.base}/twofold/assess`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer server-secret' },
        body: JSON.stringify({ sealed, userId: 'alice', ip: '203.0.113.5', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36' }),
      });
    };
    try {
      expect((await assess()).status).toBe(200);
      other.exec('BEGIN IMMEDIATE');
      const response = await assess();
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('store_busy');
      expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js|mjs):\d+/);
      expect(told).toHaveLength(1);
      other.exec('COMMIT');
      expect((await assess()).status).toBe(200);
    } finally {
      await served.close();
      await close();
    }
  });
});
