// POST /twofold/rights/rectify ("this wasn't me"): a login recorded for the rights token's
// account on its device stops vouching; logins of other devices or accounts, unknown ids and bad tokens are refused with 4xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealReport } from '../../../../sdk/protocol/seal';
import { createTwofoldHandler, type TwofoldHandler } from '../../../../sdk/server/http';
import { generateSiteKeys, type SiteKeys } from '../../../../sdk/server/seal';
import type { Store } from '../../../../sdk/server/store/types';
import { storeBackends } from '../helpers/backends';
import { sampleReport } from '../helpers/report';
import { serveHandler, type ServedHandler } from '../helpers/serve';

const SITE = 'example.com';
let served: ServedHandler;
let base: string;
let store: Store;
let keys: SiteKeys;
let handler: TwofoldHandler;

// The same tests on the in-memory twin, SQLite, and PostgreSQL when DATABASE_URL names one.
const backends = storeBackends('twofold_rectify', { memory: true });

async function call(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(base + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: a response body read field by field in assertions; the server's own schemas are what is under test
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

async function login(userId: string, deviceId: string): Promise<string> {
  const { json: nonce } = await call('/twofold/nonce', undefined);
  const origin = 'https://example.com';
  const sealed = await sealReport(sampleReport({ site: SITE, origin, deviceId }), { publicKey: keys.publicKey, nonce: nonce['nonce'], site: SITE, origin });
  const assess = await call('/twofold/assess', { userId, sealed }, { authorization: 'Bearer server-secret' });
  // The rights token comes with the successful record, not with assess.
  const record = await call('/twofold/record', { attemptToken: assess.json['attemptToken'], outcome: 'success' }, { authorization: 'Bearer server-secret' });
  return record.json['rightsToken'] as string;
}

describe.each(backends)('POST /twofold/rights/rectify on %s', (_backend, openStore) => {
  beforeAll(async () => {
    store = await openStore();
    keys = await generateSiteKeys();
    handler = createTwofoldHandler({ site: SITE, store, keys, apiKey: 'server-secret', purgeIntervalMs: 0 });
    served = await serveHandler(handler);
    base = served.base;
  });

  afterAll(async () => {
    await served.close();
    await store.close();
  });

  it('marks a login of the token\'s device "not me": it no longer vouches', async () => {
    const token = await login('nora', 'device-nora');
    const access = await call('/twofold/rights/access', { token });
    const loginId = access.json['logins'][0]['id'] as string;
    expect(await store.lastSuccess('nora')).toBeDefined();
    const res = await call('/twofold/rights/rectify', { token, loginId });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ loginId, rectified: true });
    expect(await store.lastSuccess('nora')).toBeUndefined();
    // The token is not spent by a rectification: access still works.
    expect((await call('/twofold/rights/access', {}, { authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('refuses a login of another device, of another account on the same device, an unknown login and a bad token', async () => {
    const mine = await login('olav', 'device-olav');
    const theirs = await login('pia', 'device-pia');
    const theirLogin = (await call('/twofold/rights/access', { token: theirs })).json['logins'][0]['id'] as string;
    const foreign = await call('/twofold/rights/rectify', { token: mine, loginId: theirLogin });
    expect(foreign.status).toBe(404);
    expect(foreign.json['error']['code']).toBe('login_not_found');
    expect(await store.lastSuccess('pia')).toBeDefined();
    // A shared device: quinn signs in on pia's device; quinn's token cannot mark pia's login there.
    const sharing = await login('quinn', 'device-pia');
    expect((await call('/twofold/rights/rectify', { token: sharing, loginId: theirLogin })).status).toBe(404);
    expect(await store.lastSuccess('pia')).toBeDefined();
    expect((await call('/twofold/rights/rectify', { token: mine, loginId: 'nope' })).status).toBe(404);
    const bad = await call('/twofold/rights/rectify', { token: 'rt1.x.y', loginId: theirLogin });
    expect(bad.status).toBe(401);
    expect(bad.json['error']['code']).toBe('rights_token_invalid');
    const malformed = await call('/twofold/rights/rectify', { token: mine });
    expect(malformed.status).toBe(400);
  });
});
