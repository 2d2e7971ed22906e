// Concurrent aggregate writers on one store (found by the issue-8 load test): on PostgreSQL a login
// record (locks totals, then its feature counts) racing an erase (locks feature counts, then
// totals) deadlocked, and PostgreSQL aborted one of them — a 500 at the HTTP handler. Every write
// transaction that changes aggregates now takes the totals row first. Runs on SQLite too (one
// writer at a time by construction) so both backends answer the same race the same way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPostgresStore, createSqliteStore } from '../../../../sdk/server/store/sql';
import type { FeatureValue, LoginRecord, Store } from '../../../../sdk/server/store/types';
import { dropSchema, postgresUrl, urlWithSchema } from '../helpers/pg';

const url = postgresUrl();
const backends: [string, () => Promise<[Store, () => Promise<void> | void]>][] = [
  [
    'sqlite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'twofold-writers-'));
      return [await createSqliteStore(join(dir, 'writers.sqlite')), () => rmSync(dir, { recursive: true, force: true })];
    },
  ],
];
if (url)
  backends.push([
    'postgres',
    async () => [await createPostgresStore(await urlWithSchema(url, 'twofold_writers'), { maxConnections: 10 }), () => dropSchema(url, 'twofold_writers')],
  ]);
else it.skip('postgres: set DATABASE_URL=postgres://… to race the writers on PostgreSQL', () => {});

// Every login shares most feature values, so every writer touches the same aggregate rows.
const features = (user: number, device: string): FeatureValue[] => [
  { feature: 'asn', value: '2119' },
  { feature: 'browser', value: 'Chrome' },
  { feature: 'country', value: 'NO' },
  { feature: 'device-id', value: device },
  { feature: 'ip', value: `203.0.113.${user % 4}` },
  { feature: 'os', value: 'Linux' },
  { feature: 'ua', value: 'Mozilla/5.0 Chrome/140' },
];
let next = 0;
const login = (user: number, device: string): LoginRecord => ({
  id: `login-${next++}`,
  userId: `user-${user}`,
  time: Date.now(),
  ip: `203.0.113.${user % 4}`,
  outcome: 'success',
  deviceId: device,
  features: features(user, device),
});

describe.each(backends)('concurrent writers on %s', (_name, open) => {
  it('records, erasures, objections and "not me" racing on shared aggregates all commit', async () => {
    const [store, cleanup] = await open();
    try {
      const seeded: LoginRecord[] = [];
      for (let d = 0; d < 12; d++) for (let i = 0; i < 3; i++) seeded.push(login(d % 6, `device-${d}`));
      for (const l of seeded) await store.recordLogin(l);
      const racing = Array.from({ length: 60 }, (_, i) => login(i % 6, `device-new-${i % 10}`));
      const results = await Promise.allSettled([
        ...racing.map((l) => store.recordLogin(l)),
        ...Array.from({ length: 8 }, (_, d) => store.eraseSubject({ deviceId: `device-${d}` })),
        ...[8, 9].map((d) => store.objectSubject({ deviceId: `device-${d}` }, Date.now())),
        ...[10, 11].map((d) => store.markNotMe(`user-${d % 6}`, seeded[d * 3]!.id)),
      ]);
      expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
      // Erased / objected devices hold nothing; the 60 racing logins and devices 10-11 are all there.
      for (let d = 0; d < 10; d++) expect(await store.countRows({ deviceId: `device-${d}` })).toBe(0);
      const kept = await Promise.all(Array.from({ length: 10 }, (_, i) => store.countRows({ deviceId: `device-new-${i}` })));
      expect(kept.reduce((a, b) => a + b, 0)).toBe(60);
      // Aggregates agree with the rows: the global count of the shared ua value is the vouching logins (60 + 6 − 2 "not me").
      const profile = await store.readProfile('user-0', [{ feature: 'ua', value: 'Mozilla/5.0 Chrome/140' }]);
      expect(profile.totalLogins).toBe(64);
      expect(profile.global.get('ua\u0000Mozilla/5.0 Chrome/140')).toBe(64);
    } finally {
      await store.close();
      await cleanup();
    }
  }, 60_000);
});
