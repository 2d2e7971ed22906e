// Regressions found by the hostile-input fuzz (fuzz.test.ts), on SQLite and, when DATABASE_URL
// names one, PostgreSQL. Each once answered 5xx, or handed the visitor a token the server itself
// then refused: a NUL in an id (PostgreSQL text cannot hold one), an oversized User-Agent /
// X-Forwarded-For (the attempt token outgrew what /record accepts), a device id longer than a
// rights token can name (data recorded that the visitor could never access or erase).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sealReport } from '../../../../sdk/protocol/seal';
import { createTableGeo } from '../../../../sdk/server/geo';
import { createTwofoldHandler } from '../../../../sdk/server/http';
import { generateSiteKeys, type SiteKeys } from '../../../../sdk/server/seal';
import type { Store } from '../../../../sdk/server/store/types';
import { storeBackends } from '../helpers/backends';
import { sampleReport } from '../helpers/report';
import { serveHandler, type ServedHandler } from '../helpers/serve';

const SITE = 'example.com';
const backends = storeBackends('twofold_hostile_regressions');

describe.each(backends)('hostile-input regressions on %s', (_name, open) => {
  let store: Store;
  let keys: SiteKeys;
  let served: ServedHandler;
  const unexpected: unknown[] = [];
  beforeAll(async () => {
    store = await open();
    keys = await generateSiteKeys();
    served = await serveHandler(
      createTwofoldHandler({
        site: SITE,
        store,
        keys,
        apiKey: 'server-secret',
        trustProxy: true,
        purgeIntervalMs: 0,
        geo: createTableGeo({}),
        onError: (error) => unexpected.push(error),
      }),
    );
  });
  afterEach(() => {
    expect(unexpected.map(String), 'the handler met an unexpected error').toEqual([]);
  });
  afterAll(async () => {
    await served.close();
    await store.close();
  });
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(served.base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: a response body read field by field in assertions; the server's own schemas are what is under test
    return { status: response.status, json: (await response.json()) as Record<string, any> };
  };
  const AS_SERVER = { authorization: 'Bearer server-secret' };
  /** assess then a successful record, as the site's server: the rights token comes with the record. */
  const signIn = async (userId: string, sealed: string) => {
    const assess = await post('/twofold/assess', { userId, sealed }, AS_SERVER);
    expect(assess.status).toBe(200);
    const record = await post('/twofold/record', { attemptToken: assess.json['attemptToken'], outcome: 'success' }, AS_SERVER);
    expect(record.status).toBe(200);
    return record.json;
  };
  const sealedWith = async (deviceId: string) => {
    const { nonce } = (await (await fetch(`${served.base}/twofold/nonce`)).json()) as { nonce: string };
    return sealReport(sampleReport({ deviceId }), { publicKey: keys.publicKey, nonce, site: SITE, origin: 'https://example.com' });
  };

  it('serves user ids holding a NUL character and finds their rows again; a device id holding one is no device id', async () => {
    const record = await signIn('nul\u0000user', await sealedWith('nul-device-0001'));
    const access = await post('/twofold/rights/access', { token: record['rightsToken'] });
    expect(access.status).toBe(200);
    expect(access.json['collections']).toHaveLength(1);
    expect(access.json['logins']).toHaveLength(1);
    const nulDevice = await signIn('nul\u0000user', await sealedWith('nul\u0000device'));
    expect(nulDevice['rightsToken']).toBeUndefined();
    expect(await store.countRows({ deviceId: 'nul\u0000device' })).toBe(0);
  });

  it('redeems the attempt token of a request with an oversized User-Agent and X-Forwarded-For', async () => {
    // Near node's 16 KB header limit: signed whole, this attempt would outgrow any token limit.
    const headers = { 'user-agent': `Mozilla/5.0 ${'x'.repeat(12_000)}`, 'x-forwarded-for': '203.0.113.7'.repeat(100) };
    const assess = await post('/twofold/assess', { userId: 'long-agent' }, { ...headers, ...AS_SERVER });
    expect(assess.status).toBe(200);
    const record = await post(
      '/twofold/record',
      { attemptToken: assess.json['attemptToken'], outcome: 'failure' },
      { ...headers, authorization: 'Bearer server-secret' },
    );
    expect(record.status).toBe(200);
    expect(record.json['recorded']).toBe(true);
  });

  it('ignores a device id too long for a rights token instead of recording data the visitor cannot reach', async () => {
    const tooLong = await signIn('long-device', await sealedWith('d'.repeat(201)));
    expect(tooLong['rightsToken']).toBeUndefined();
    expect(await store.countRows({ deviceId: 'd'.repeat(201) })).toBe(0);
    const longest = await signIn('long-device', await sealedWith('d'.repeat(200)));
    expect((await post('/twofold/rights/access', { token: longest['rightsToken'] })).status).toBe(200);
  });
});
