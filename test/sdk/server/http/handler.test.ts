// The HTTP handler over a real node:http server on 127.0.0.1: nonce → sealed assess → rights
// (access, erase with zero rows left, object, reused/invalid tokens), well-known, and every kind
// of bad request answered 4xx JSON without a stack.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WellKnownSchema, rightsTokenHash, verifySignedReceipt } from '../../../../sdk/protocol/rights';
import { sealReport } from '../../../../sdk/protocol/seal';
import { createTableGeo } from '../../../../sdk/server/geo';
import { createTwofoldHandler, type TwofoldHandler } from '../../../../sdk/server/http';
import { generateSiteKeys, type SiteKeys } from '../../../../sdk/server/seal';
import { createMemoryStore } from '../../../../sdk/server/store/memory';
import { createSqliteStore } from '../../../../sdk/server/store/sql';
import type { Store } from '../../../../sdk/server/store/types';
import { storeBackends } from '../helpers/backends';
import { createTestDeviceKey, type TestDeviceKey } from '../helpers/device-key';
import { sampleReport } from '../helpers/report';
import * as v from 'valibot';
import { serveHandler, type ServedHandler } from '../helpers/serve';

const SITE = 'example.com';
let served: ServedHandler;
let base: string;
let store: Store;
let keys: SiteKeys;
let handler: TwofoldHandler;

// The same tests on the embedded SQLite store and, when DATABASE_URL names one, on PostgreSQL.
const backends = storeBackends('twofold_handler');

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: a response body read field by field in assertions; the server's own schemas are what is under test
  return { status: response.status, json: JSON.parse(text) as Record<string, any>, text, headers: response.headers };
}

/** Each device id's device key, as the SDK on that device holds one (its proof signs every report). */
const deviceKeys = new Map<string, Promise<TestDeviceKey>>();
async function sealedFor(deviceId: string, origin = 'https://example.com') {
  const { json } = await call('GET', '/twofold/nonce');
  let key = deviceKeys.get(deviceId);
  if (!key) {
    key = createTestDeviceKey();
    deviceKeys.set(deviceId, key);
  }
  return sealReport(sampleReport({ site: SITE, origin, deviceId }), {
    publicKey: keys.publicKey,
    nonce: json['nonce'],
    site: SITE,
    origin,
    prove: (await key).prove,
  });
}

/** The site's server: assess with the API key. */
const AS_SERVER = { authorization: 'Bearer server-secret' };
const assessAsServer = (body: unknown, headers: Record<string, string> = {}) => call('POST', '/twofold/assess', body, { ...AS_SERVER, ...headers });

/** A successful sign-in: assess, then record success, which hands out the rights token and its receipt. */
async function loginAs(userId: string, deviceId: string, ip: string) {
  const assess = await assessAsServer({ userId, sealed: await sealedFor(deviceId) }, { 'x-forwarded-for': ip });
  expect(assess.status).toBe(200);
  const record = await call('POST', '/twofold/record', { attemptToken: assess.json['attemptToken'], outcome: 'success' }, AS_SERVER);
  expect(record.status).toBe(200);
  // biome-ignore lint/suspicious/noExplicitAny: a response body read field by field in assertions; the server's own schemas are what is under test
  return { ...assess.json, ...record.json } as Record<string, any>;
}

describe.each(backends)('Twofold HTTP handler on %s', (_backend, openStore) => {
  beforeAll(async () => {
    store = await openStore();
    keys = await generateSiteKeys();
    handler = createTwofoldHandler({
      site: SITE,
      store,
      keys,
      apiKey: 'server-secret',
      retentionDays: 30,
      trustProxy: true,
      geo: createTableGeo({
        '203.0.113.0/24': { country: 'NO', asn: '2119', lat: 59.9, lon: 10.7 },
        '198.51.100.0/24': { country: 'BR', asn: '28573', lat: -23.5, lon: -46.6 },
      }),
      controller: { name: 'Example AS', contact: 'privacy@example.com', policyUrl: 'https://example.com/privacy' },
    });
    served = await serveHandler(handler);
    base = served.base;
  });

  afterAll(async () => {
    await served.close();
    await store.close();
  });

  it('issues fresh single-use nonces', async () => {
    const a = await call('GET', '/twofold/nonce');
    const b = await call('GET', '/twofold/nonce');
    expect(a.status).toBe(200);
    expect(a.json['nonce']).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(a.json['nonce']).not.toBe(b.json['nonce']);
    expect(a.headers.get('cache-control')).toBe('no-store');
  });

  it('assesses a sealed login: a new device is challenged with reasons, a known one allowed', async () => {
    for (let i = 0; i < 3; i++) await loginAs('ada', 'device-ada', '203.0.113.7');
    const known = await assessAsServer({ userId: 'ada', sealed: await sealedFor('device-ada') }, { 'x-forwarded-for': '203.0.113.7' });
    expect(known.json['decision']).toBe('allow');
    const fresh = await assessAsServer({ userId: 'ada', sealed: await sealedFor('device-mallory') }, { 'x-forwarded-for': '198.51.100.4' });
    expect(fresh.status).toBe(200);
    expect(fresh.json['decision']).not.toBe('allow');
    expect(fresh.json['reasons'].length).toBeGreaterThan(0);
    for (const reason of fresh.json['reasons']) expect(typeof reason.detail).toBe('string');
    // Nothing at assess: rights tokens and receipts come from a successful record only.
    expect(fresh.json['rightsToken']).toBeUndefined();
    expect(fresh.json['receipt']).toBeUndefined();
    const failed = await call('POST', '/twofold/record', { attemptToken: fresh.json['attemptToken'], outcome: 'failure' }, AS_SERVER);
    expect(failed.json).toEqual({ recorded: true, loginId: expect.any(String) });
    const success = await loginAs('ada', 'device-ada', '203.0.113.7');
    expect(success['rightsToken']).toMatch(/^rt1\./);
    expect(success['receipt']).toMatch(/^rc1\./);
  });

  it('applies the consent policy when no sealed report comes (visitor declined)', async () => {
    const r = await assessAsServer({ userId: 'ada' }, { 'x-forwarded-for': '203.0.113.7' });
    expect(r.status).toBe(200);
    expect(r.json['decision']).toBe('challenge');
    expect(r.json['reasons'].find((reason: { feature: string }) => reason.feature === 'consent').detail).toMatch(/^No device signals were sent/);
  });

  it('refuses a replayed sealed report with 400 and its code', async () => {
    const sealed = await sealedFor('device-x');
    expect((await assessAsServer({ userId: 'bob', sealed })).status).toBe(200);
    const again = await assessAsServer({ userId: 'bob', sealed });
    expect(again.status).toBe(400);
    expect(again.json['error']['code']).toBe('seal_replayed');
  });

  it('signs the consent receipt with the key it publishes, covering the rights token handed out with it', async () => {
    const out = await loginAs('carol', 'device-carol', '203.0.113.20');
    const wk = await call('GET', '/.well-known/twofold.json');
    expect(wk.status).toBe(200);
    const doc = v.parse(WellKnownSchema, wk.json);
    expect(doc.site).toBe(SITE);
    expect(doc.sealing.publicKey).toBe(keys.publicKey);
    expect(doc.retentionDays).toBe(30);
    expect(doc.rightsEndpoint).toMatch(/\/twofold\/rights$/);
    expect(doc.controller?.name).toBe('Example AS');
    expect(JSON.stringify(doc)).not.toContain(keys.privateKey);
    expect(doc.receiptSigningKey).not.toHaveProperty('d');
    const claims = await verifySignedReceipt(out['receipt'], doc.receiptSigningKey);
    expect(claims).toMatchObject({ site: SITE, origin: 'https://example.com' });
    expect(claims?.signals).toContain('device-id');
    expect(claims?.rth).toBe(await rightsTokenHash(out['rightsToken']));
    const other = await generateSiteKeys();
    expect(await verifySignedReceipt(out['receipt'], other.signingPublicKey)).toBeUndefined();
  });

  it('answers access, then erase leaves zero rows, and the token cannot be reused', async () => {
    const { rightsToken } = await loginAs('dora', 'device-dora', '203.0.113.9');
    await loginAs('dora', 'device-dora', '203.0.113.9');
    const access = await call('GET', '/twofold/rights/access', undefined, { authorization: `Bearer ${rightsToken}` });
    expect(access.status).toBe(200);
    expect(access.json['subject']).toEqual({ userId: 'dora', deviceId: 'device-dora' });
    expect(access.json['logins'].length).toBe(2);
    expect(access.json['collections'].length).toBe(2);
    // The device key the first sign-in bound (and the second refreshed) is part of the subject's data.
    expect(access.json['deviceKeys']).toEqual([expect.objectContaining({ userId: 'dora', deviceId: 'device-dora' })]);
    expect(access.headers.get('access-control-allow-origin')).toBe('*');
    const exported = await call('POST', '/twofold/rights/export', { token: rightsToken });
    expect(exported.json['logins']).toEqual(access.json['logins']);
    expect(await store.countRows({ deviceId: 'device-dora' })).toBe(4);
    const erase = await call('POST', '/twofold/rights/erase', { token: rightsToken });
    expect(erase.status).toBe(200);
    expect(erase.json).toMatchObject({ erased: 5, remainingRows: 0, objected: false });
    expect(erase.json['confirmationId']).toMatch(/^[0-9a-f-]{36}$/);
    expect(await store.countRows({ deviceId: 'device-dora' })).toBe(0);
    const reuse = await call('POST', '/twofold/rights/erase', { token: rightsToken });
    expect(reuse.status).toBe(409);
    expect(reuse.json['error']['code']).toBe('rights_token_used');
    const accessAfter = await call('GET', '/twofold/rights/access', undefined, { authorization: `Bearer ${rightsToken}` });
    expect(accessAfter.status).toBe(409);
    expect(accessAfter.json['error']['code']).toBe('rights_token_used');
  });

  it('answers concurrent accesses with one token, and an erase racing them still erases', async () => {
    const { rightsToken } = await loginAs('hedda', 'device-hedda', '203.0.113.11');
    const auth = { authorization: `Bearer ${rightsToken}` };
    const [erase, ...accesses] = await Promise.all([
      call('POST', '/twofold/rights/erase', { token: rightsToken }),
      ...Array.from({ length: 6 }, () => call('GET', '/twofold/rights/access', undefined, auth)),
    ]);
    expect(erase!.status).toBe(200);
    // Each access ran before or after the erase: a 200 or "already used", never another refusal.
    for (const access of accesses) expect([200, 409]).toContain(access.status);
    const concurrent = await loginAs('ivar', 'device-ivar', '203.0.113.12');
    const many = await Promise.all(
      Array.from({ length: 8 }, () => call('GET', '/twofold/rights/access', undefined, { authorization: `Bearer ${concurrent.rightsToken}` })),
    );
    expect(many.map((r) => r.status)).toEqual(Array(8).fill(200));
  });

  it('object: stops processing (later logins are not recorded) and erases', async () => {
    const { rightsToken } = await loginAs('erin', 'device-erin', '203.0.113.10');
    const res = await call('POST', '/twofold/rights/object', {}, { authorization: `Bearer ${rightsToken}` });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ objected: true, remainingRows: 0 });
    const later = await assessAsServer({ userId: 'erin', sealed: await sealedFor('device-erin') });
    const recorded = await call('POST', '/twofold/record', { attemptToken: later.json['attemptToken'], outcome: 'success' }, AS_SERVER);
    // Objected: nothing stored, and no new rights token either.
    expect(recorded.json).toEqual({ recorded: false });
    expect(await store.countRows({ deviceId: 'device-erin' })).toBe(0);
  });

  it('refuses invalid, tampered, foreign and missing rights tokens with 401 and a clear message', async () => {
    const { rightsToken } = await loginAs('fay', 'device-fay', '203.0.113.11');
    const tampered = rightsToken.slice(0, 10) + (rightsToken[10] === 'A' ? 'B' : 'A') + rightsToken.slice(11);
    const foreign = await (async () => {
      const otherStore = await createSqliteStore(':memory:');
      const other = createTwofoldHandler({ site: 'other.example', store: otherStore, keys: await generateSiteKeys(), purgeIntervalMs: 0 });
      const report = sampleReport({ site: 'other.example', origin: 'https://other.example', deviceId: 'device-fay' });
      const { nonce } = await other.service.issueNonce();
      const sealed = await sealReport(report, {
        publicKey: other.service.options.keys.publicKey,
        nonce,
        site: 'other.example',
        origin: 'https://other.example',
      });
      const out = await other.service.assess({ userId: 'fay', sealed, ip: '203.0.113.11', userAgent: 'x' });
      const recorded = await other.service.record(out.attempt, 'success', out.collected);
      await otherStore.close();
      return recorded.rightsToken!;
    })();
    for (const token of [tampered, foreign, 'rt1.e30.AAAA', 'garbage']) {
      const r = await call('POST', '/twofold/rights/erase', { token });
      expect(r.status, token).toBe(401);
      expect(r.json['error']['code']).toBe('rights_token_invalid');
    }
    const missing = await call('GET', '/twofold/rights/access');
    expect(missing.status).toBe(401);
    expect(missing.json['error']['code']).toBe('rights_token_missing');
    expect(await store.countRows({ deviceId: 'device-fay' })).toBeGreaterThan(0);
  });

  it('answers bad requests with 4xx JSON, never 5xx and never a stack', async () => {
    const cases: [string, string, unknown, Record<string, string>, number, string][] = [
      ['POST', '/twofold/assess', { userId: 'a' }, {}, 401, 'unauthorized'],
      ['POST', '/twofold/assess', { userId: 'a' }, { authorization: 'Bearer server-secreT' }, 401, 'unauthorized'],
      ['POST', '/twofold/assess', '{not json', AS_SERVER, 400, 'invalid_json'],
      ['POST', '/twofold/assess', '', AS_SERVER, 400, 'invalid_json'],
      ['POST', '/twofold/assess', { userId: 'a' }, { ...AS_SERVER, 'content-type': 'text/plain' }, 415, 'unsupported_media_type'],
      ['POST', '/twofold/assess', { userId: 5 }, AS_SERVER, 400, 'invalid_input'],
      ['POST', '/twofold/assess', [1, 2], AS_SERVER, 400, 'user_required'],
      ['POST', '/twofold/assess', { sealed: 'x' }, AS_SERVER, 400, 'user_required'],
      ['POST', '/twofold/assess', { userId: 'a', sealed: 'tf1.x.y.z' }, AS_SERVER, 400, 'seal_malformed'],
      ['POST', '/twofold/assess', { userId: 'a', sealed: 'x'.repeat(90_000) }, AS_SERVER, 413, 'seal_too_large'],
      ['POST', '/twofold/assess', { userId: 'a', sealed: 'x'.repeat(200_000) }, AS_SERVER, 413, 'body_too_large'],
      ['GET', '/twofold/assess', undefined, {}, 405, 'method_not_allowed'],
      ['DELETE', '/twofold/nonce', undefined, {}, 405, 'method_not_allowed'],
      ['POST', '/twofold/record', { attemptToken: 'x', outcome: 'success' }, {}, 401, 'unauthorized'],
      ['POST', '/twofold/record', { attemptToken: 'x', outcome: 'success' }, { authorization: 'Bearer server-secret' }, 400, 'attempt_token_invalid'],
      ['POST', '/twofold/record', { attemptToken: 'x', outcome: 'maybe' }, { authorization: 'Bearer server-secret' }, 400, 'invalid_input'],
      ['POST', '/twofold/rights/erase', { token: 5 }, {}, 400, 'invalid_input'],
      ['GET', '/twofold/nope', undefined, {}, 404, 'not_found'],
    ];
    for (const [method, path, body, headers, status, code] of cases) {
      const r = await call(method, path, body, headers);
      expect(r.status, `${method} ${path} ${String(body).slice(0, 20)}`).toBe(status);
      expect(r.json['error']['code']).toBe(code);
      expect(r.json['error']['message'].length).toBeGreaterThan(10);
      expect(r.text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
    }
  });

  it('records each attempt token once', async () => {
    const assess = await assessAsServer({ userId: 'gus', sealed: await sealedFor('device-gus') });
    const first = await call(
      'POST',
      '/twofold/record',
      { attemptToken: assess.json['attemptToken'], outcome: 'failure' },
      { authorization: 'Bearer server-secret' },
    );
    expect(first.json['recorded']).toBe(true);
    const second = await call(
      'POST',
      '/twofold/record',
      { attemptToken: assess.json['attemptToken'], outcome: 'success' },
      { authorization: 'Bearer server-secret' },
    );
    expect(second.status).toBe(409);
    expect(await store.countFailures({ userId: 'gus' }, 0)).toBe(1);
  });

  it('passes unknown paths to next() when used as middleware', async () => {
    let nextCalled = false;
    const res = { headersSent: false } as never;
    await handler({ url: '/login', method: 'GET', headers: {} } as never, res, () => {
      nextCalled = true;
    });
    expect(nextCalled).toBe(true);
  });

  it('purges rows past retention', async () => {
    const old = Date.now() - 31 * 24 * 60 * 60 * 1000;
    await store.recordLogin({
      id: 'ancient',
      userId: 'old',
      time: old,
      ip: '203.0.113.1',
      outcome: 'success',
      features: [{ feature: 'ip', value: '203.0.113.1' }],
    });
    expect(await store.countRows({ userId: 'old' })).toBe(1);
    expect(await handler.purgeNow()).toBeGreaterThanOrEqual(1);
    expect(await store.countRows({ userId: 'old' })).toBe(0);
  });

  it('stores nothing for issued nonces, and drops spent ones once they expire, long before the retention period', async () => {
    let clock = Date.now();
    const clockedStore = createMemoryStore();
    const clocked = createTwofoldHandler({ site: SITE, store: clockedStore, keys, retentionDays: 30, purgeIntervalMs: 0, now: () => clock });
    for (let i = 0; i < 5; i++) await clocked.service.issueNonce();
    expect(await clockedStore.countRows()).toBe(0);
    expect(await clockedStore.markNonceSpent((await clocked.service.issueNonce()).nonce, clock + 5 * 60 * 1000)).toBe(true);
    expect(await clocked.purgeNow()).toBe(0);
    clock += 60 * 60 * 1000;
    expect(await clocked.purgeNow()).toBe(1);
    expect(await clockedStore.countRows()).toBe(0);
    clocked.close();
  });

  it('runs the retention purge on its own timer', async () => {
    const timedStore = createMemoryStore();
    const timed = createTwofoldHandler({ site: SITE, store: timedStore, keys, retentionDays: 30, purgeIntervalMs: 20 });
    try {
      const old = Date.now() - 31 * 24 * 60 * 60 * 1000;
      await timedStore.recordLogin({
        id: 'ancient-timed',
        userId: 'old-timed',
        time: old,
        ip: '203.0.113.1',
        outcome: 'success',
        features: [{ feature: 'ip', value: '203.0.113.1' }],
      });
      expect(await timedStore.countRows({ userId: 'old-timed' })).toBe(1);
      await vi.waitFor(async () => expect(await timedStore.countRows({ userId: 'old-timed' })).toBe(0), { timeout: 10_000, interval: 20 });
    } finally {
      timed.close();
      await timedStore.close();
    }
  });
});

// README: "Retention: store.purge() runs on a timer in the handler (default 90 days)".
describe('Twofold HTTP handler retention default', () => {
  it('keeps rows for 90 days when no retentionDays is given, and says so in the well-known document', async () => {
    const day = 24 * 60 * 60 * 1000;
    const now = Date.UTC(2026, 10, 23);
    const defaultStore = createMemoryStore();
    const defaults = createTwofoldHandler({ site: SITE, store: defaultStore, keys: await generateSiteKeys(), purgeIntervalMs: 0, now: () => now });
    try {
      expect(defaults.service.wellKnown('http://127.0.0.1:8080').retentionDays).toBe(90);
      for (const [userId, age] of [
        ['kept', 89],
        ['purged', 91],
      ] as const) {
        await defaultStore.recordLogin({
          id: `login-${userId}`,
          userId,
          time: now - age * day,
          ip: '203.0.113.1',
          outcome: 'success',
          features: [{ feature: 'ip', value: '203.0.113.1' }],
        });
      }
      await defaults.purgeNow();
      expect(await defaultStore.countRows({ userId: 'kept' })).toBe(1);
      expect(await defaultStore.countRows({ userId: 'purged' })).toBe(0);
    } finally {
      defaults.close();
      await defaultStore.close();
    }
  });
});
