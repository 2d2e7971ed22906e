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
import { otherConnection } from './lock-holder';
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

  it('a store whose folds are external (a `twofold serve` worker) never folds: not at open, on its timer or at close; the next store that folds takes them all', async () => {
    const path = join(dir, `external-${++files}.sqlite`);
    const first = await createSqliteStore(path, { foldIntervalMs: NEVER_MS });
    for (let i = 0; i < 3; i++) await first.recordLogin(login(i, 'alice'));
    await first.close(); // folds its own 3
    const worker = await createSqliteStore(path, { foldIntervalMs: 10, fold: 'external' });
    for (let i = 3; i < 8; i++) await worker.recordLogin(login(i, 'alice'));
    await new Promise((resolve) => setTimeout(resolve, 60)); // several of its fold intervals
    const pending = () => {
      const db = new Database(path, { readonly: true });
      try {
        return (db.prepare('SELECT count(*) AS n FROM count_deltas').get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    expect(pending()).toBe(10); // 5 logins × 2 values, untouched
    await worker.close();
    expect(pending()).toBe(10);
    const folder = await createSqliteStore(path, { foldIntervalMs: NEVER_MS });
    expect(pending()).toBe(0);
    expect((await folder.readProfile('alice', [{ feature: 'country', value: 'NO' }])).global.get(featureKey('country', 'NO'))).toBe(8);
    await folder.close();
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

describe('deferred aggregates on a SQLite file: increments appended while the set-based fold runs', () => {
  it('are neither lost nor counted twice: another process cannot append between its sums and its DELETE, and this process queues behind it', async () => {
    const path = join(dir, `fold-race-${++files}.sqlite`);
    await (await createSqliteStore(path)).close();
    const other = otherConnection(path); // another worker of `twofold serve` on the file
    const sqlite = new Database(path);
    sqlite.pragma('busy_timeout = 0');
    const no = { feature: 'country', value: 'NO' };
    let store: Store | undefined;
    let otherAppend: 'appended' | 'busy' | undefined;
    const during: Promise<unknown>[] = [];
    // Right after the fold has summed the pending increments (INSERT INTO fold_sums), before it deletes them.
    const afterSums = (sql: string) => {
      if (!store || !/^insert into fold_sums/i.test(sql) || otherAppend) return; // not the fold at open
      try {
        other.prepare("INSERT INTO count_deltas (feature, value, delta) VALUES ('country', 'NO', 1)").run();
        otherAppend = 'appended';
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
        otherAppend = 'busy';
      }
      during.push(store!.recordLogin(login(10, 'bob')), store!.markNotMe('alice', 'login-0'));
    };
    const runner = sqliteRunner(sqlite);
    const hooked: SqlRunner = {
      ...runner,
      transaction: (fn) =>
        runner.transaction((tx) =>
          fn({
            ...tx,
            run: async (sql, params) => {
              const changed = await tx.run(sql, params);
              afterSums(sql);
              return changed;
            },
          }),
        ),
    };
    store = await createSqlStore(compilerFor('sqlite'), hooked, 'sqlite', { foldIntervalMs: NEVER_MS, foldInSqlite: true });
    try {
      for (let i = 0; i < 3; i++) await store.recordLogin(login(i, 'alice'));
      await store.foldAggregates!();
      expect(otherAppend).toBe('busy'); // the fold's transaction held the write lock
      await Promise.all(during); // queued behind the fold (this process's file queue): not taken by it
      other.prepare("INSERT INTO count_deltas (feature, value, delta) VALUES ('country', 'NO', 1)").run(); // the other process's retry
      await store.foldAggregates!();
      // alice's 3, bob's 1, the other process's 1, alice's login-0 withdrawn: 4.
      expect((await store.readProfile('bob', [no])).global.get(featureKey('country', 'NO'))).toBe(4);
      expect((other.prepare('SELECT count(*) AS n FROM count_deltas').get() as { n: number }).n).toBe(0);
    } finally {
      await store.close();
      other.close();
    }
  });
});

/**
 * The folds that take a value down as well as up: the set-based SQLite fold (foldDeltasInSqlite),
 * the statement-by-statement one PostgreSQL uses (foldDeltas) over SQLite, and PostgreSQL itself.
 * The seeded recount in the contract reads once, at the end, so its single fold never takes a
 * counted value back to zero; this does, between two folds.
 */
const foldVariants: [string, () => Promise<{ store: Store; sqlitePath?: string }>][] = [
  [
    'sqlite, set-based fold',
    async () => {
      const sqlitePath = join(dir, `zero-${++files}.sqlite`);
      return { store: await createSqliteStore(sqlitePath, { foldIntervalMs: NEVER_MS }), sqlitePath };
    },
  ],
  [
    'sqlite, statement-by-statement fold',
    async () => {
      const sqlitePath = join(dir, `zero-${++files}.sqlite`);
      await (await createSqliteStore(sqlitePath)).close();
      return { store: await createSqlStore(compilerFor('sqlite'), sqliteRunner(new Database(sqlitePath)), 'sqlite', { foldIntervalMs: NEVER_MS }), sqlitePath };
    },
  ],
  ...(url
    ? [
        ['postgres', async () => ({ store: await createPostgresStore(await urlWithSchema(url, 'twofold_deferred_zero'), { foldIntervalMs: NEVER_MS }) })] as [
          string,
          () => Promise<{ store: Store; sqlitePath?: string }>,
        ],
      ]
    : []),
];

describe.each(foldVariants)('deferred aggregates, %s: values that fall to zero', (_name, open) => {
  it('leave the distinct counts and their global rows; a value withdrawn and recorded again between two folds keeps its count', async () => {
    const { store, sqlitePath } = await open();
    const a = { feature: 'ip', value: '10.0.0.1' };
    const nine = { feature: 'ip', value: '10.0.0.9' };
    const no = { feature: 'country', value: 'NO' };
    const se = { feature: 'country', value: 'SE' };
    const asn = { feature: 'asn', value: '64500' }; // alice's alone: its feature's only value
    const at = (i: number, id: string, userId: string, features: LoginRecord['features']): LoginRecord => ({
      id,
      userId,
      time: 1_700_000_000_000 + i,
      ip: '10.0.0.1',
      outcome: 'success',
      features,
    });
    try {
      await store.recordLogin(at(1, 'zero-1', 'alice', [a, no, asn]));
      await store.recordLogin(at(2, 'zero-2', 'bob', [a, se]));
      await store.foldAggregates!();
      let p = await store.readProfile('alice', [a, no, se, asn]);
      expect([p.global.get(featureKey('ip', a.value)), p.distinct.get('ip'), p.distinct.get('country'), p.distinct.get('asn'), p.totalLogins]).toEqual([
        2, 1, 2, 1, 2,
      ]);

      await store.markNotMe('alice', 'zero-1'); // a: 2 → 1, NO: 1 → 0, the asn: 1 → 0 (its feature's distinct count too)
      await store.eraseSubject({ userId: 'bob' }); // a: 1 → 0, SE: 1 → 0
      await store.recordLogin(at(3, 'zero-3', 'carol', [nine, se])); // SE back to 1 before the fold: its sum is 0
      expect(await store.foldAggregates!()).toBeGreaterThan(0);
      p = await store.readProfile('carol', [a, nine, no, se, asn]);
      expect({
        a: p.global.get(featureKey('ip', a.value)),
        nine: p.global.get(featureKey('ip', nine.value)),
        no: p.global.get(featureKey('country', 'NO')),
        se: p.global.get(featureKey('country', 'SE')),
        distinctIp: p.distinct.get('ip'),
        distinctCountry: p.distinct.get('country'),
        distinctAsn: p.distinct.get('asn'),
        totalLogins: p.totalLogins,
        userCount: p.userCount,
      }).toEqual({ a: 0, nine: 1, no: 0, se: 1, distinctIp: 1, distinctCountry: 1, distinctAsn: 0, totalLogins: 1, userCount: 1 });
      expect(await store.foldAggregates!()).toBe(0);
    } finally {
      await store.close();
    }
    if (sqlitePath) {
      // A count at zero leaves no row behind (the table holds only counted values).
      const db = new Database(sqlitePath, { readonly: true });
      try {
        expect(db.prepare('SELECT feature, value, count FROM global_counts WHERE count <= 0').all()).toEqual([]);
        expect(db.prepare('SELECT feature, count FROM feature_distinct WHERE count <= 0').all()).toEqual([]);
      } finally {
        db.close();
      }
    }
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
