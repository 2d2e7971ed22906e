// Rate limits through the real handler (fake clock, memory and SQLite stores): 429 with
// Retry-After and a coded JSON body, per IP and per account, the site's own server exempt per IP,
// counts shared by two handlers on one store, windows that end, and `limits: false`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTwofoldHandler, type TwofoldHandlerOptions } from '../../../../sdk/server/http';
import { ipKey } from '../../../../sdk/server/http/limits';
import { generateSiteKeys, type SiteKeys } from '../../../../sdk/server/keys';
import { createMemoryStore } from '../../../../sdk/server/store/memory';
import { createSqliteStore } from '../../../../sdk/server/store/sql';
import type { Store } from '../../../../sdk/server/store/types';
import { serveHandler, type ServedHandler } from '../helpers/serve';

const API_KEY = 'limits-test-key';
let keys: SiteKeys;
const open: ServedHandler[] = [];
beforeAll(async () => {
  keys = await generateSiteKeys();
});
afterAll(async () => {
  for (const served of open) await served.close();
});

async function serve(store: Store, options: Partial<TwofoldHandlerOptions> & { clock: { now: number } }): Promise<ServedHandler> {
  const { clock, ...rest } = options;
  const served = await serveHandler(
    createTwofoldHandler({ site: 'example.com', store, keys, apiKey: API_KEY, purgeIntervalMs: 0, now: () => clock.now, ...rest }),
  );
  open.push(served);
  return served;
}

const tight = { limit: 3, windowMs: 60_000 };

/** `store` with its rate-limit writes counted. */
function countingWrites(store: Store): { counting: Store; writes: () => number } {
  let count = 0;
  const counting: Store = Object.assign(Object.create(store) as Store, {
    hitRateLimit: (...args: Parameters<Store['hitRateLimit']>) => {
      count++;
      return store.hitRateLimit(...args);
    },
  });
  return { counting, writes: () => count };
}

describe('rate limits', () => {
  it('answers the request over the per-IP limit 429 with Retry-After and a coded JSON error, until the window ends', async () => {
    const clock = { now: 1_800_000_000_000 };
    const { base } = await serve(createMemoryStore(), { clock, limits: { perIp: { nonce: tight } } });
    for (let i = 0; i < 3; i++) expect((await fetch(`${base}/twofold/nonce`)).status).toBe(200);
    const refused = await fetch(`${base}/twofold/nonce`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(await refused.json()).toEqual({
      error: { code: 'rate_limited', message: expect.stringMatching(/Too many nonce requests from this address; try again in 60 s/) },
    });
    clock.now += 30_000;
    expect((await fetch(`${base}/twofold/nonce`)).headers.get('retry-after')).toBe('30');
    clock.now += 30_000;
    expect((await fetch(`${base}/twofold/nonce`)).status).toBe(200);
  });

  it('shares the count between two handlers on one store (two instances)', async () => {
    const clock = { now: 1_800_000_000_000 };
    const store = await createSqliteStore(':memory:');
    const [a, b] = [await serve(store, { clock, limits: { perIp: { nonce: tight } } }), await serve(store, { clock, limits: { perIp: { nonce: tight } } })];
    const statuses = [];
    for (const instance of [a, b, a, b, a]) statuses.push((await fetch(`${instance.base}/twofold/nonce`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it("does not limit the site's own server per IP, but limits each account it asks about", async () => {
    const clock = { now: 1_800_000_000_000 };
    const { base } = await serve(createMemoryStore(), {
      clock,
      limits: { perIp: { assess: { limit: 1, windowMs: 60_000 } }, perAccount: { assess: { limit: 2, windowMs: 60_000 } } },
    });
    const assess = (userId: string, key = API_KEY) =>
      fetch(`${base}/twofold/assess`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ userId }),
      });
    expect([(await assess('alice')).status, (await assess('alice')).status, (await assess('alice')).status]).toEqual([200, 200, 429]);
    expect((await assess('bob')).status).toBe(200);
    // A wrong key is not the site: limited per IP (1 per minute) before anything else.
    expect((await assess('carol', 'wrong')).status).toBe(401);
    const second = await assess('carol', 'wrong');
    expect(second.status).toBe(429);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });

  it('limits each rights token, whatever address it comes from', async () => {
    const clock = { now: 1_800_000_000_000 };
    const { base } = await serve(createMemoryStore(), { clock, trustProxy: true, limits: { perAccount: { rights: { limit: 2, windowMs: 60_000 } } } });
    const access = (ip: string) => fetch(`${base}/twofold/rights/access`, { headers: { authorization: 'Bearer rt1.not-a-real-token', 'x-forwarded-for': ip } });
    const statuses = [];
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) statuses.push((await access(ip)).status);
    expect(statuses[2]).toBe(429);
    expect(statuses.slice(0, 2).every((s) => s >= 400 && s < 429)).toBe(true);
  });

  it('writes to the store only for a key past limit/8 of its window, and not at all once it is blocked', async () => {
    const clock = { now: 1_800_000_000_000 };
    const store = createMemoryStore();
    const { counting, writes } = countingWrites(store);
    const { base } = await serve(counting, { clock, limits: { perIp: { nonce: tight } } });
    // Limit 3 → the first hit stays in memory; hits 2 and 3 are written (the first with it); 4 is refused; 5-50 never reach the store.
    for (let i = 0; i < 50; i++) await fetch(`${base}/twofold/nonce`);
    expect(writes()).toBe(3);
  });

  it('a flood from many addresses with a few requests each writes no rate-limit rows', async () => {
    const clock = { now: 1_800_000_000_000 };
    const store = createMemoryStore();
    const { counting, writes } = countingWrites(store);
    // Default limits (nonce: 120 a minute, so 15 hits per address stay in memory); one trusted proxy hop.
    const { base } = await serve(counting, { clock, trustProxy: 1 });
    for (let i = 0; i < 300; i++) {
      const response = await fetch(`${base}/twofold/nonce`, { headers: { 'x-forwarded-for': `198.51.${i >> 8}.${i & 255}` } });
      expect(response.status).toBe(200);
    }
    expect(writes()).toBe(0);
    expect(await store.purgeGuards(Number.MAX_SAFE_INTEGER)).toBe(0);
  });

  it('can be turned off (load tests), and then never touches the store', async () => {
    const clock = { now: 1_800_000_000_000 };
    const store = createMemoryStore();
    const { counting, writes } = countingWrites(store);
    const { base } = await serve(counting, { clock, limits: false });
    for (let i = 0; i < 200; i++) expect((await fetch(`${base}/twofold/nonce`)).status).toBe(200);
    expect(writes()).toBe(0);
  });

  it('keys IPv6 clients by their /64 and IPv4 clients by address', () => {
    expect(ipKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(ipKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(ipKey('2001:0db8::1')).toBe('2001:db8:0:0::/64');
    expect(ipKey('::1')).toBe('0:0:0:0::/64');
    expect(ipKey('203.0.113.9')).toBe('203.0.113.9');
  });
});
