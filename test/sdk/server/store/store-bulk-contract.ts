/**
 * The bulk import contract (`Store.recordLogins`), run against every backend: a batch must leave
 * exactly what one `recordLogin` per login leaves, checked against the in-memory twin fed one by
 * one, and must be all or nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../../sdk/server/store/memory';
import { featureKey, type FeatureValue, type LoginRecord, type Store } from '../../../../sdk/server/store/types';

/** A seeded history: users share some values, repeat values within a login, and sometimes fail. */
function history(seed: number, count: number, prefix: string): LoginRecord[] {
  let state = seed;
  const rand = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const out: LoginRecord[] = [];
  for (let i = 0; i < count; i++) {
    const userId = `user-${rand(7)}`;
    const ip = `198.51.100.${rand(12)}`;
    const features: FeatureValue[] = [
      { feature: 'ip', value: ip },
      { feature: 'asn', value: String(64500 + rand(4)) },
      { feature: 'country', value: ['NO', 'SE', 'DE'][rand(3)]! },
      { feature: 'ua', value: `Mozilla/5.0 (X11; Linux x86_64) Firefox/${120 + rand(5)}.0 "quoted" ☃` },
      { feature: 'device-id', value: `${userId}-dev-${rand(2)}` },
    ];
    if (rand(10) === 0) features.push({ feature: 'ip', value: ip });
    const login: LoginRecord = {
      id: `${prefix}-${i}`,
      userId,
      time: 1_700_000_000_000 + i * 60_000,
      ip,
      outcome: rand(12) === 0 ? 'failure' : 'success',
      features,
    };
    if (rand(3) > 0) Object.assign(login, { lat: 59 + rand(100) / 100, lon: 10 + rand(100) / 100 });
    if (rand(2) === 0) login.deviceId = `${userId}-dev-${rand(2)}`;
    out.push(login);
  }
  return out;
}

/** Everything the risk engine and the rights requests can observe of `users` in `store`. */
async function observe(store: Store, logins: LoginRecord[]) {
  const values = new Map<string, FeatureValue>();
  for (const l of logins) for (const f of l.features) values.set(featureKey(f.feature, f.value), f);
  const users = [...new Set(logins.map((l) => l.userId))].sort();
  const out: Record<string, unknown> = { rows: await store.countRows() };
  for (const user of users) {
    const p = await store.readProfile(user, [...values.values()]);
    out[user] = {
      totals: [p.userLogins, p.totalLogins, p.userCount],
      user: [...p.user].sort(),
      global: [...p.global].sort(),
      distinct: [...p.distinct].sort(),
      last: await store.lastSuccess(user),
      failures: await store.countFailures({ userId: user }, 0),
      exported: (await store.exportSubject({ userId: user })).logins.map((l) => l.id).sort(),
    };
  }
  for (const ip of new Set(logins.map((l) => l.ip))) out[ip] = await store.countFailures({ ip }, 0);
  return out;
}

/** Runs the bulk import contract against stores made by `create` (one fresh store per test). */
export function bulkContract(name: string, create: () => Promise<Store>): void {
  describe(`Store bulk import contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await create();
    });
    afterEach(async () => {
      await store.close();
    });

    it('leaves exactly what one recordLogin per login leaves (batches above one statement’s rows)', async () => {
      const before = history(7, 25, 'before');
      const batch = history(99, 600, 'batch');
      const after = history(3, 15, 'after');
      const reference = createMemoryStore();
      for (const l of [...before, ...batch, ...after]) await reference.recordLogin(l);
      for (const l of before) await store.recordLogin(l);
      await store.recordLogins(batch);
      for (const l of after) await store.recordLogin(l);
      const all = [...before, ...batch, ...after];
      expect(await observe(store, all)).toEqual(await observe(reference, all));
      expect(batch.filter((l) => l.outcome === 'failure').length).toBeGreaterThan(10);
    });

    it('reads one assessment in one round exactly as the four separate reads (when the store offers it)', async () => {
      const logins = history(11, 200, 'reads');
      await store.recordLogins(logins);
      await store.markNotMe(logins[5]!.userId, logins[5]!.id);
      const values = [...logins[0]!.features, { feature: 'asn', value: 'never-seen' }, { feature: 'ua', value: 'new ☃' }];
      const read = store.readForAssessment?.bind(store);
      if (!read) return;
      for (const userId of ['user-0', 'user-3', 'user-6', 'nobody']) {
        for (const [ip, since] of [
          ['198.51.100.1', 0],
          ['198.51.100.7', logins[120]!.time],
          ['203.0.113.9', 0],
        ] as const) {
          const [profile, lastSuccess, user, byIp] = await Promise.all([
            store.readProfile(userId, values),
            store.lastSuccess(userId),
            store.countFailures({ userId }, since),
            store.countFailures({ ip }, since),
          ]);
          expect(await read(userId, ip, values, since), `${userId} ${ip} ${since}`).toEqual({ profile, lastSuccess, failures: { user, ip: byIp } });
        }
      }
      expect(await store.countFailures({ userId: 'user-3' }, 0)).toBeGreaterThan(0);
    });

    it('is all or nothing: a batch with an id already recorded changes nothing', async () => {
      const first = history(5, 40, 'first');
      await store.recordLogins(first);
      const seen = await observe(store, first);
      const second = history(6, 30, 'second');
      second.push({ ...first[3]! });
      await expect(store.recordLogins(second)).rejects.toThrow();
      expect(await observe(store, first)).toEqual(seen);
      expect(await store.countRows()).toBe(40);
      await store.recordLogins([]);
      expect(await store.countRows()).toBe(40);
    });
  });
}
