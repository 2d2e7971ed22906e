// Attack: a lying client's report values reach the store's queries (through the engine's features,
// bounded upstream to a few hundred characters), and a caller names another user's id. On every
// store, and also as `twofold serve` runs it (deferred aggregates: on PostgreSQL the one-statement
// record with its values as text[] arrays, on SQLite the set-based fold), hostile values are stored and read back as the same
// counts, never a failed write or a 5xx; another user id reads none of the victim's history.
import { afterAll, describe, expect, it } from 'vitest';
import { recordUnlessObjected } from '../../../../sdk/server/objection';
import { createMemoryStore } from '../../../../sdk/server/store/memory';
import { createPostgresStore, createSqliteStore } from '../../../../sdk/server/store/sql';
import { featureKey, type FeatureValue, type LoginRecord, type Store } from '../../../../sdk/server/store/types';
import { postgresUrl, urlWithSchema } from '../helpers/pg';

const url = postgresUrl();
const backends: [string, () => Promise<Store>][] = [
  ['memory', async () => createMemoryStore()],
  ['sqlite', () => createSqliteStore(':memory:')],
  // As `twofold serve` runs SQLite: the values reach the set-based fold's SQL (foldDeltasInSqlite).
  ['sqlite, deferred aggregates', () => createSqliteStore(':memory:', { foldIntervalMs: 60_000 })],
];
if (url) {
  backends.push(['postgres', async () => createPostgresStore(await urlWithSchema(url, 'twofold_attack_values'))]);
  backends.push([
    'postgres, deferred aggregates',
    async () => createPostgresStore(await urlWithSchema(url, 'twofold_attack_values'), { foldIntervalMs: 60_000 }),
  ]);
} else {
  it.skip('postgres: set DATABASE_URL=postgres://… to run these attacks on PostgreSQL too', () => {});
}

/** Unique per run: the PostgreSQL schema is shared by the runs and both PostgreSQL modes. */
const id = (s: string) => `${s}-${Math.random().toString(36).slice(2, 10)}`;

/** Values a lying client controls: NUL (PostgreSQL text cannot hold it), SQL text, bidi and non-characters, the longest a feature gets. */
const hostileValues = (tag: string): FeatureValue[] => [
  { feature: 'device-id', value: `nul\u0000device-${tag}` },
  { feature: 'visitor-id', value: `${tag}'); delete from logins; --` },
  { feature: 'ua', value: `${tag}\u202e\uffff${'x'.repeat(500)}` },
  { feature: 'language', value: `${tag}\u0000\u0000` },
  { feature: `odd\u0000feature`, value: tag },
];

for (const [name, open] of backends) {
  describe(`attack: hostile report values and another user's id on ${name}`, () => {
    const stores: Store[] = [];
    afterAll(async () => {
      for (const store of stores) await store.close();
    });

    it('stores hostile values and reads them back as the same counts; a replayed id stores nothing; another user id reads none of it', async () => {
      const store = await open();
      stores.push(store);
      const victim = id('ann');
      const tag = id('t');
      const values = hostileValues(tag);
      const deviceId = values[0]!.value;
      const login: LoginRecord = { id: id('login'), userId: victim, time: 1_700_000_000_000, ip: '192.0.2.7', outcome: 'success', features: values, deviceId };
      const spend = { nonce: id('at:'), now: 1_000, expiresAt: 2_000 };
      expect(await recordUnlessObjected(store, login, { userId: victim, deviceId }, spend)).toBe('recorded');
      expect(await recordUnlessObjected(store, { ...login, id: id('login') }, { userId: victim, deviceId }, spend)).toBe('spent');
      await store.bindDeviceKey({ userId: victim, keyId: `k\u0000${tag}`, deviceId, boundAt: 1000, lastUsedAt: 2000 });

      await store.foldAggregates?.(); // deferred aggregates: the global counts show once folded
      const keys = values.map(({ feature, value }) => featureKey(feature, value));
      const own = await store.readProfile(victim, values);
      expect(own.userLogins).toBe(1);
      expect(keys.map((k) => own.user.get(k))).toEqual(values.map(() => 1));
      expect(keys.map((k) => own.global.get(k))).toEqual(values.map(() => 1));
      if (store.readForAssessment) {
        const reads = await store.readForAssessment(victim, '192.0.2.7', values, 0, `k\u0000${tag}`);
        expect(keys.map((k) => reads.profile.user.get(k))).toEqual(values.map(() => 1));
        expect(reads.lastSuccess?.ip).toBe('192.0.2.7');
        // PostgreSQL keeps NUL as U+FFFD (sdk/server/store/sql/runner.ts); the others keep it.
        expect(reads.deviceKey?.deviceId?.replaceAll('\ufffd', '\u0000')).toBe(deviceId);
      }

      // Another account (and one the victim's id with a NUL appended, which PostgreSQL stores as U+FFFD) sees only the shared global counts.
      for (const other of [id('mallory'), `${victim}\u0000`, `${victim}' or '1'='1`]) {
        const profile = await store.readProfile(other, values);
        expect(profile.userLogins).toBe(0);
        expect(keys.map((k) => profile.user.get(k))).toEqual(values.map(() => 0));
        expect(await store.readDeviceKey(other, `k\u0000${tag}`)).toBeUndefined();
        if (store.readForAssessment) {
          const reads = await store.readForAssessment(other, '198.51.100.9', values, 0, `k\u0000${tag}`);
          expect([reads.profile.userLogins, reads.lastSuccess, reads.deviceKey, reads.failures.user]).toEqual([0, undefined, undefined, 0]);
          expect(keys.map((k) => reads.profile.user.get(k))).toEqual(values.map(() => 0));
          expect(keys.map((k) => reads.profile.global.get(k))).toEqual(values.map(() => 1));
        }
      }
    });
  });
}
