// Deferred global aggregates (SqlStoreOptions.foldIntervalMs): a login appends increments instead of
// updating the rows every login shares, and a fold sums them in. Proved here: the whole Store
// contract (the seeded recount included) holds when every read comes after a fold, on a SQLite WAL
// file and on PostgreSQL; recording logins writes no global row (and the same check fails on the
// immediate mode, so it can tell); and two instances folding at once on PostgreSQL count every
// increment exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore, createSqliteStore } from '../../../../sdk/server/store/sql';
import { compilerFor } from '../../../../sdk/server/store/sql/compile';
import { sqliteRunner, type SqlRunner } from '../../../../sdk/server/store/sql/runner';
import { createSqlStore } from '../../../../sdk/server/store/sql/store';
import { featureKey, type LoginRecord, type Store } from '../../../../sdk/server/store/types';
import { postgresUrl, urlWithSchema } from '../helpers/pg';
import { bindContract } from './bind-contract';
import { issueContract } from './issue-contract';
import { storeContract } from './store-contract';

const dir = mkdtempSync(join(tmpdir(), 'twofold-deferred-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** Long enough that only the explicit folds below (and close) run during a test. */
const NEVER_MS = 3_600_000;

/** The store, with every read of aggregates preceded by a fold: what a reader sees once the lag has passed. */
function foldingBeforeReads(store: Store): Store {
  const fold = store.foldAggregates;
  if (!fold) throw new Error(`${store.name} store has no foldAggregates: the deferred mode is off`);
  const readForAssessment = store.readForAssessment?.bind(store);
  return {
    ...store,
    readProfile: async (...args) => {
      await fold();
      return store.readProfile(...args);
    },
    ...(readForAssessment
      ? {
          readForAssessment: async (...args: Parameters<typeof readForAssessment>) => {
            await fold();
            return readForAssessment(...args);
          },
        }
      : {}),
  };
}

storeContract('sqlite file (WAL), deferred aggregates', async () =>
  foldingBeforeReads(await createSqliteStore(join(dir, `contract-${++files}.sqlite`), { foldIntervalMs: NEVER_MS })),
);
const url = postgresUrl();
if (url) {
  storeContract('postgres, deferred aggregates', async () =>
    foldingBeforeReads(await createPostgresStore(await urlWithSchema(url, 'twofold_deferred_contract'), { foldIntervalMs: NEVER_MS })),
  );
  // Where a record is one statement (pg-writes.ts): the id issued with the login and the key bound with it are in it. The contracts' ids are unique: one schema serves each.
  let issueSchema: Promise<string> | undefined;
  issueContract('postgres, deferred aggregates', async () => {
    issueSchema ??= urlWithSchema(url, 'twofold_deferred_issue');
    return createPostgresStore(await issueSchema, { foldIntervalMs: NEVER_MS });
  });
  let bindSchema: Promise<string> | undefined;
  bindContract('postgres, deferred aggregates', async () => {
    bindSchema ??= urlWithSchema(url, 'twofold_deferred_bind');
    return createPostgresStore(await bindSchema, { foldIntervalMs: NEVER_MS });
  });
} else {
  it.skip('postgres: set DATABASE_URL=postgres://… to run these tests on PostgreSQL too', () => {});
}

const login = (i: number, userId: string): LoginRecord => ({
  id: `login-${i}`,
  userId,
  time: 1_700_000_000_000 + i,
  ip: `10.0.${i >> 8}.${i & 255}`,
  outcome: 'success',
  features: [
    { feature: 'country', value: 'NO' },
    { feature: 'ip', value: `10.0.${i >> 8}.${i & 255}` },
  ],
});

/** A runner that notes the table every write statement targets. */
function spying(runner: SqlRunner, written: string[]): SqlRunner {
  const note = (sql: string) => {
    const target = /^\s*(?:insert\s+into|update|delete\s+from)\s+"?(\w+)"?/i.exec(sql);
    if (target) written.push(target[1]!);
  };
  const wrap = (r: SqlRunner): SqlRunner => ({
    all: (sql, params) => {
      note(sql);
      return r.all(sql, params);
    },
    tuples: (sql, params) => {
      note(sql);
      return r.tuples(sql, params);
    },
    run: (sql, params) => {
      note(sql);
      return r.run(sql, params);
    },
    transaction: (fn) => r.transaction((tx) => fn(wrap(tx))),
    close: () => r.close(),
  });
  return wrap(runner);
}

/** A SQLite file store (migrated) whose writes are noted in `written`. */
async function spiedStore(foldIntervalMs: number, written: string[]): Promise<Store> {
  const path = join(dir, `spied-${++files}.sqlite`);
  await (await createSqliteStore(path)).close();
  return createSqlStore(compilerFor('sqlite'), spying(sqliteRunner(new Database(path)), written), 'sqlite', { foldIntervalMs });
}

/** Tables a login's row or its user's rows live in: keyed by the login or the user, never shared by all logins. */
const PER_LOGIN_OR_USER = ['logins', 'login_values', 'user_counts', 'user_totals', 'count_deltas', 'total_deltas'];
const SHARED = ['totals', 'global_counts', 'feature_distinct'];

describe('deferred aggregates: no row written by every login', () => {
  it('records 200 logins of 200 users sharing a value without writing a global row; one fold then counts them all', async () => {
    const written: string[] = [];
    const store = await spiedStore(NEVER_MS, written);
    written.length = 0; // the fold at open
    for (let i = 0; i < 200; i++) await store.recordLogin(login(i, `user-${i}`));
    expect(written.filter((table) => !PER_LOGIN_OR_USER.includes(table))).toEqual([]);
    expect(written.filter((table) => table === 'count_deltas').length).toBe(200);

    // Before the fold the global counts lag (per-user counts do not); after it they are exact.
    const values = [
      { feature: 'country', value: 'NO' },
      { feature: 'ip', value: '10.0.0.7' },
    ];
    const lagging = await store.readProfile('user-7', values);
    expect([lagging.totalLogins, lagging.global.get(featureKey('country', 'NO')), lagging.userLogins]).toEqual([0, 0, 1]);
    written.length = 0;
    // 200 logins × 2 values, and one totals increment per login.
    expect(await store.foldAggregates!()).toBe(600);
    expect(written.filter((table) => SHARED.includes(table)).length).toBeLessThan(10);
    const folded = await store.readProfile('user-7', values);
    expect(folded.totalLogins).toBe(200);
    expect(folded.userCount).toBe(200);
    expect(folded.global.get(featureKey('country', 'NO'))).toBe(200);
    expect(folded.global.get(featureKey('ip', '10.0.0.7'))).toBe(1);
    expect(folded.distinct.get('ip')).toBe(200);
    expect(folded.distinct.get('country')).toBe(1);
    expect(await store.foldAggregates!()).toBe(0);
    await store.close();
  });

  it('the same check catches the immediate mode, where every login updates the totals row', async () => {
    const written: string[] = [];
    const store = await spiedStore(0, written);
    expect(store.foldAggregates).toBeUndefined();
    written.length = 0;
    for (let i = 0; i < 20; i++) await store.recordLogin(login(i, `user-${i}`));
    expect(written.filter((table) => table === 'totals').length).toBe(20);
    await store.close();
  });

  it('folds on close, so a restarted store reads what the last one appended', async () => {
    const path = join(dir, `close-${++files}.sqlite`);
    const first = await createSqliteStore(path, { foldIntervalMs: NEVER_MS });
    for (let i = 0; i < 5; i++) await first.recordLogin(login(i, 'alice'));
    await first.close();
    const again = await createSqliteStore(path);
    expect((await again.readProfile('alice', [{ feature: 'country', value: 'NO' }])).global.get(featureKey('country', 'NO'))).toBe(5);
    await again.close();
  });
});

describe.skipIf(!url)('deferred aggregates on PostgreSQL: two instances', () => {
  it('record and fold at once on one database, and every increment is counted exactly once', async () => {
    const schemaUrl = await urlWithSchema(url!, 'twofold_deferred_pair');
    const [a, b] = await Promise.all([
      createPostgresStore(schemaUrl, { foldIntervalMs: NEVER_MS }),
      createPostgresStore(schemaUrl, { foldIntervalMs: NEVER_MS }),
    ]);
    const writes = Array.from({ length: 120 }, (_, i) => (i % 2 ? a : b).recordLogin(login(i, `user-${i % 30}`)));
    // Folds race the writes from both instances.
    const folds = Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).foldAggregates!());
    await Promise.all([...writes, ...folds]);
    await a.foldAggregates!();
    const p = await b.readProfile('user-3', [
      { feature: 'country', value: 'NO' },
      { feature: 'ip', value: '10.0.0.3' },
    ]);
    expect([p.totalLogins, p.userCount, p.userLogins, p.global.get(featureKey('country', 'NO')), p.distinct.get('ip')]).toEqual([120, 30, 4, 120, 120]);
    await Promise.all([a.close(), b.close()]);
  });
});
