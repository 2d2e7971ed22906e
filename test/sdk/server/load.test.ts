// Load and faults: `twofold serve` runs as a child process on loopback; this process
// (the second one) drives a realistic mix — nonce, sealed assess, record, rights — with bounded
// concurrency, SIGKILLs the server twice mid-run and restarts it on the same store, keys and port.
// Afterwards the store is opened directly: every acknowledged login / collection / erasure is
// there, nothing beyond acknowledged + interrupted is, the aggregates agree with the rows, SQLite's
// integrity check says ok, and the restarted server still serves and stops cleanly. 0 errors; no timing asserts
// (the table is printed; bench/load.bench.ts measures with larger bounds).
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../sdk/server/store/memory';
import { createPostgresStore, createSqliteStore } from '../../../sdk/server/store/sql';
import type { Store } from '../../../sdk/server/store/types';
import { loadTable, runLoad, type DeviceLedger, type LoadResult } from './helpers/load';
import { checkLedger, storeFacts } from './helpers/load-verify';
import { dropSchema, postgresUrl, urlWithSchema } from './helpers/pg';
import { bundleCli, startServe, stopServe, type CliBundle, type ServeProcess } from './helpers/serve-process';

const SITE = 'example.com';
const ORIGIN = 'https://example.com';
const API_KEY = 'load-test-api-key';
// Bounded so both backends together stay well under a minute on a busy 2-core machine.
const REQUESTS = 1_600;
const DURATION_MS = 40_000;
const CONCURRENCY = 12;
const DEVICES = 150;
/** Kill points, as fractions of REQUESTS answered. */
const KILL_AT = [0.35, 0.7];

interface Backend {
  name: string;
  setup(): Promise<{ store: string; open(): Promise<Store>; count(sql: string): Promise<number>; integrity(): Promise<string>; cleanup(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'sqlite',
    async setup() {
      const dir = mkdtempSync(join(tmpdir(), 'twofold-load-'));
      const path = join(dir, 'load.sqlite');
      const query = <T>(fn: (db: Database.Database) => T): T => {
        const db = new Database(path, { readonly: true });
        try {
          return fn(db);
        } finally {
          db.close();
        }
      };
      return {
        store: `sqlite:${path}`,
        open: () => createSqliteStore(path),
        count: async (sql) => Number(query((db) => db.prepare(sql).pluck().get())),
        integrity: async () => query((db) => (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ')),
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
];
const pgUrl = postgresUrl();
if (pgUrl) {
  backends.push({
    name: 'postgres',
    async setup() {
      const url = await urlWithSchema(pgUrl, 'twofold_load');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      return {
        store: url,
        open: () => createPostgresStore(url, { maxConnections: 2 }),
        count: async (sql) => Number((await client.query({ text: sql, rowMode: 'array' })).rows[0]?.[0] ?? 0),
        // PostgreSQL has no integrity_check; its WAL makes every commit atomic and durable, and the aggregate checks cover the rest.
        integrity: async () => 'ok',
        cleanup: async () => {
          await client.end();
          await dropSchema(pgUrl, 'twofold_load');
        },
      };
    },
  });
} else {
  it.skip('postgres: set DATABASE_URL=postgres://… to run the load and kill test on PostgreSQL', () => {});
}

let bundle: CliBundle;
beforeAll(async () => {
  bundle = await bundleCli();
}, 60_000);
afterAll(() => bundle?.remove());

function printTable(backend: string, result: LoadResult): void {
  const rows = loadTable(result);
  const cells = rows.map((r) => [r.kind, String(r.count), String(r.interrupted), r['req/s'].toFixed(1), r['p50 ms'].toFixed(1), r['p99 ms'].toFixed(1)]);
  const head = ['kind', 'count', 'interrupted', 'req/s', 'p50 ms', 'p99 ms'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  console.log(
    `\n== load: ${backend}, ${CONCURRENCY} concurrent, ${KILL_AT.length} kills, ${(result.elapsedMs / 1000).toFixed(1)} s ==\n${[line(head), ...cells.map(line)].join('\n')}`,
  );
}

describe('the ledger check', () => {
  const result = (devices: DeviceLedger[], anonymous: [string, string[]][] = []): LoadResult => ({
    elapsedMs: 1,
    responses: 0,
    interrupted: 0,
    throughput: 0,
    p50: 0,
    p99: 0,
    kinds: {} as LoadResult['kinds'],
    errors: [],
    devices,
    anonymousLogins: new Map(anonymous.map(([user, logins]) => [user, { logins, unsure: 0 }])),
  });
  const device = (deviceId: string, extra: Partial<DeviceLedger> = {}): DeviceLedger => ({
    userId: 'u',
    deviceId,
    collections: 0,
    unsureCollections: 0,
    logins: [],
    unsureLogins: 0,
    ...extra,
  });
  const login = (id: string, deviceId?: string) => ({
    id,
    userId: 'u',
    time: Date.now(),
    ip: '203.0.113.1',
    outcome: 'success' as const,
    features: [{ feature: 'ip', value: '203.0.113.1' }],
    ...(deviceId ? { deviceId } : {}),
  });
  const collection = (id: string, deviceId: string) => ({
    id,
    deviceId,
    userId: 'u',
    time: Date.now(),
    receiptId: `r-${id}`,
    signals: ['device-id'],
    features: [],
  });

  it('finds lost logins, lost or extra collections, unaccounted rows and ignored erasures', async () => {
    const store = createMemoryStore();
    await store.recordLogin(login('l1', 'd1'));
    await store.recordLogin(login('l3', 'd1'));
    await store.recordLogin(login('l4', 'd2'));
    await store.recordLogin(login('l5', 'd3'));
    await store.recordLogin(login('a1'));
    for (const id of ['c1', 'c2', 'c3']) await store.recordCollection(collection(id, 'd1'));
    const check = await checkLedger(
      store,
      result(
        [device('d1', { logins: ['l1', 'l2'], collections: 1, unsureCollections: 1 }), device('d2', { ended: 'erase' }), device('d3', { collections: 1 })],
        [['u', ['a1', 'a2']]],
      ),
    );
    expect(check.lost).toEqual([
      'login l2 of d1',
      'erase of d2 was acknowledged, yet 1 logins and 0 collections remain',
      'd3: 0 collections, acknowledged 1',
      'login a2 of u (no consent)',
    ]);
    expect(check.extra).toEqual(['d1: 3 collections, acknowledged 1 + interrupted 1', 'd3: 1 logins, acknowledged 0 + interrupted 0']);
    expect({ logins: check.logins, collections: check.collections }).toEqual({ logins: 5, collections: 3 });
  });

  it('accepts an interrupted erase either way, and a clean ledger', async () => {
    const store = createMemoryStore();
    await store.recordLogin(login('l1', 'd1'));
    await store.recordCollection(collection('c1', 'd1'));
    const clean = await checkLedger(store, result([device('d1', { logins: ['l1'], collections: 1 }), device('d2', { unsureEnd: 'erase', logins: ['gone'] })]));
    expect(clean).toMatchObject({ lost: [], extra: [], logins: 1, collections: 1 });
    await store.objectSubject({ userId: 'u', deviceId: 'd1' }, Date.now()); // what a rights token's objection stores
    expect((await checkLedger(store, result([device('d1', { ended: 'object', logins: ['l1'] })]))).lost).toEqual([]);
  });
});

describe('the store facts', () => {
  it('count rows and catch aggregates that disagree with them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twofold-facts-'));
    try {
      const path = join(dir, 'facts.sqlite');
      const store = await createSqliteStore(path);
      const features = [
        { feature: 'ip', value: '203.0.113.1' },
        { feature: 'ua', value: 'x' },
      ];
      for (const [id, outcome] of [
        ['a', 'success'],
        ['b', 'success'],
        ['c', 'failure'],
      ] as const) {
        await store.recordLogin({ id, userId: id === 'b' ? 'v' : 'u', time: Date.now(), ip: '203.0.113.1', outcome, features });
      }
      await store.close();
      const db = new Database(path);
      const count = async (sql: string) => Number(db.prepare(sql).pluck().get());
      expect(await storeFacts(count)).toEqual({
        logins: 3,
        collections: 0,
        mismatches: { totals: 0, users: 0, globalCounts: 0, userCounts: 0, orphanValues: 0 },
      });
      db.exec(
        "UPDATE totals SET total_logins = total_logins + 1; UPDATE global_counts SET count = 5 WHERE feature = 'ua'; DELETE FROM user_totals WHERE user_id = 'v'; UPDATE logins SET vouching = 0 WHERE id = 'b'",
      );
      expect((await storeFacts(count)).mismatches).toEqual({ totals: 2, users: 1, globalCounts: 1, userCounts: 0, orphanValues: 2 });
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(backends)('twofold serve under load on $name', ({ name, setup }) => {
  it('0 errors, survives SIGKILL mid-run with nothing lost or corrupted, and still serves', async () => {
    const db = await setup();
    const keys = join(mkdtempSync(join(tmpdir(), 'twofold-load-keys-')), 'keys.json');
    // Rate limits off: the load driver is one address standing in for many clients (the limits
    // themselves are proven in test/sdk/server/attacks/).
    const options = { site: SITE, store: db.store, keys, apiKey: API_KEY, extraArgs: ['--no-rate-limits'] };
    const servers: ServeProcess[] = [];
    const crashes: string[] = [];
    let stopping = false;
    /** Lines the servers logged about unexpected (5xx) errors, for the failure message. */
    const serverErrors = () =>
      servers.flatMap((s) =>
        s
          .output()
          .split('\n')
          .filter((l) => l.includes('unexpected error'))
          .slice(0, 3)
          .map((l) => l.slice(0, 300)),
      );
    const watch = (s: ServeProcess) => {
      servers.push(s);
      void s.exited.then((e) => {
        if (e.signal !== 'SIGKILL' && !stopping) crashes.push(`server exited on its own (${JSON.stringify(e)}):\n${s.output()}`);
      });
      return s;
    };
    try {
      let server = watch(await startServe(bundle.path, options));
      expect(statSync(keys).mode & 0o777).toBe(0o600);
      const { publicKey } = JSON.parse(readFileSync(keys, 'utf8')) as { publicKey: string };
      const kills: unknown[] = [];
      const killAt = KILL_AT.map((f) => Math.floor(f * REQUESTS));
      let gate: Promise<void> = Promise.resolve();
      const killAndRestart = async () => {
        kills.push(await stopServe(server, 'SIGKILL'));
        server = watch(await startServe(bundle.path, { ...options, port: server.port }));
      };
      const result = await runLoad(
        { base: () => server.base, site: SITE, origin: ORIGIN, publicKey, apiKey: API_KEY },
        {
          requests: REQUESTS,
          durationMs: DURATION_MS,
          concurrency: CONCURRENCY,
          devices: DEVICES,
          seed: 8,
          gate: () => gate,
          onResponse: (n) => {
            if (killAt.length > 0 && n >= killAt[0]!) {
              killAt.shift();
              gate = killAndRestart();
            }
          },
        },
      );
      await gate;
      printTable(name, result);
      expect(result.errors, serverErrors().join('\n')).toEqual([]);
      expect(kills).toEqual(KILL_AT.map(() => ({ code: null, signal: 'SIGKILL' })));
      // Only requests in flight at a kill may be interrupted: at most one per worker per kill.
      expect(result.interrupted).toBeLessThanOrEqual(CONCURRENCY * KILL_AT.length);
      for (const kind of ['nonce', 'assess', 'record', 'access'] as const) expect(result.kinds[kind].count, kind).toBeGreaterThan(0);
      expect(result.kinds.erase.count + result.kinds.object.count).toBeGreaterThan(0);

      // Open the store directly beside the restarted server (idle now) and count.
      const store = await db.open();
      try {
        const ledger = await checkLedger(store, result);
        expect(ledger.lost).toEqual([]);
        expect(ledger.extra).toEqual([]);
        expect(ledger.acknowledged.logins).toBeGreaterThan(100);
        const facts = await storeFacts(db.count);
        // Every row belongs to a device or user of the run: nothing unaccounted for.
        expect({ logins: facts.logins, collections: facts.collections }).toEqual({ logins: ledger.logins, collections: ledger.collections });
        expect(facts.mismatches).toEqual({ totals: 0, users: 0, globalCounts: 0, userCounts: 0, orphanValues: 0 });
      } finally {
        await store.close();
      }
      expect(await db.integrity()).toBe('ok');

      // The store still serves: the restarted server answers a short run without errors, then an
      // orderly stop (SIGTERM) exits 0.
      const after = await runLoad(
        { base: () => server.base, site: SITE, origin: ORIGIN, publicKey, apiKey: API_KEY },
        { requests: 40, durationMs: 20_000, concurrency: 2, devices: 6, seed: 9 },
      );
      expect(after.errors).toEqual([]);
      expect(after.responses).toBe(40);
      stopping = true;
      expect(await stopServe(server)).toEqual({ code: 0, signal: null });
      expect(serverErrors()).toEqual([]);
      expect(crashes).toEqual([]);
    } finally {
      // A failed assertion must not leave a server running.
      for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
      rmSync(join(keys, '..'), { recursive: true, force: true });
      await db.cleanup();
    }
  }, 120_000);
});
