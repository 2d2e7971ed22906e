/**
 * The execution layer under the SQL stores. Kysely builds and compiles every query (one query text
 * per dialect, see compile.ts); this layer only runs compiled SQL. Why not Kysely's executor: on
 * the hot path (assess reads, record writes) its per-query pipeline cost several times the query
 * itself; here SQLite runs cached prepared statements and PostgreSQL goes straight to `pg`.
 */
import type Database from 'better-sqlite3';
import { TwofoldError } from '../../../protocol/errors';
import type pg from 'pg';

/** Runs compiled SQL; `transaction` gives a runner bound to one transaction. */
export interface SqlRunner {
  /** Rows of a query (SELECT, or INSERT/UPDATE/DELETE … RETURNING). */
  all<R>(sql: string, params: readonly unknown[]): Promise<R[]>;
  /** Rows of a query as arrays of column values, in select order (no per-row objects: the hot reads; find a column with Template.columns). */
  tuples(sql: string, params: readonly unknown[]): Promise<unknown[][]>;
  /** Runs a statement without a result set; resolves to the number of rows changed. */
  run(sql: string, params: readonly unknown[]): Promise<number>;
  /** Runs `fn` in one transaction (committed when it resolves, rolled back when it throws). */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Most distinct SQL texts kept prepared (IN-lists of different lengths are different texts). */
const STATEMENT_CACHE_SIZE = 512;

/** The operations queued on one database file in this process: its promise chain and how many are queued or running. */
interface FileQueue {
  tail: Promise<unknown>;
  busy: number;
  runners: number;
}
/**
 * One queue per database file, shared by every connection this process opens on it. Why: a
 * transaction's statements run between awaits, so a second connection in the same process could
 * start writing in between; SQLite's busy handler then sleeps the one thread the first transaction
 * needs to finish, and both wait out busy_timeout ("database is locked"). Two stores on one file in
 * one process (tests, an app with two handlers) queue their operations instead.
 */
const fileQueues = new Map<string, FileQueue>();

function queueFor(sqlite: Database.Database): FileQueue {
  const file = sqlite.memory ? undefined : sqlite.name;
  let queue = file === undefined ? undefined : fileQueues.get(file);
  if (!queue) {
    queue = { tail: Promise.resolve(), busy: 0, runners: 0 };
    if (file !== undefined) fileQueues.set(file, queue);
  }
  queue.runners++;
  return queue;
}

/**
 * How long a statement waits for another process's write lock (`twofold serve --workers N` on one
 * file) before it fails with SQLITE_BUSY ("database is locked"): what busy_timeout was.
 */
export const SQLITE_BUSY_WAIT_MS = 5000;
/**
 * The longest pause between two tries for the lock. The first try again comes as soon as the tasks
 * already queued have run (a write holds the lock for a fraction of a millisecond), then after 1 ms,
 * doubling up to this.
 */
const MAX_BUSY_PAUSE_MS = 8;

/**
 * SQLITE_BUSY and its extended codes (better-sqlite3 reports those): SQLITE_BUSY_SNAPSHOT when
 * another process commits between a statement's read snapshot and its taking the write lock,
 * SQLITE_BUSY_RECOVERY while another connection rebuilds the WAL index. Outside a transaction a
 * failed statement is undone and its retry takes a fresh snapshot, as busy_timeout's handler did.
 */
const isBusy = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'));
};
/** Whether the statement only reads; one that cannot be prepared now counts as a write (prepared again in the queue, where a busy error waits). */
const isReadOnly = (prepare: () => Database.Statement): boolean => {
  try {
    return prepare().readonly;
  } catch {
    return false;
  }
};
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` (one synchronous better-sqlite3 call) and, while another process holds the write
 * lock, tries again after a pause, up to SQLITE_BUSY_WAIT_MS. Why not SQLite's busy_timeout: its
 * handler sleeps inside the call, and better-sqlite3 is synchronous, so a worker waiting for the
 * lock stopped answering every other request too (the tail latency of two workers on one file).
 * Waiting here, the worker keeps serving, reads of this file included; its other writes queue behind
 * the waiting one, as everything does behind an open transaction (see sqliteRunner). Only what runs
 * outside a transaction comes here, and BEGIN IMMEDIATE and COMMIT: a statement or BEGIN that failed
 * busy is undone (no transaction left open), and a busy COMMIT leaves its transaction open to try again.
 */
function untilFree<T>(attempt: () => T, waitMs: number): Promise<T> {
  try {
    return Promise.resolve(attempt());
  } catch (error) {
    if (!isBusy(error)) return Promise.reject(error);
  }
  return (async () => {
    const deadline = performance.now() + waitMs;
    for (let wait = 0; ; wait = Math.min(Math.max(1, wait * 2), MAX_BUSY_PAUSE_MS)) {
      await (wait === 0 ? new Promise<void>((resolve) => setImmediate(resolve)) : pause(wait));
      try {
        return attempt();
      } catch (error) {
        if (!isBusy(error)) throw error;
        if (performance.now() >= deadline) throw new StoreBusyError(waitMs, error);
      }
    }
  })();
}

/**
 * The write lock stayed taken for the whole wait (another process's long write): HTTP 503 with
 * Retry-After, a condition of the moment rather than a fault of the request or of this server.
 */
export class StoreBusyError extends TwofoldError {
  readonly retryAfterMs = 1000;
  constructor(waitedMs: number, cause: unknown) {
    super('store_busy', `The database stayed locked by another process for ${waitedMs} ms; try again in a moment.`, { status: 503, cause });
    this.name = 'StoreBusyError';
  }
}

/** Options of sqliteRunner. */
export interface SqliteRunnerOptions {
  /** How long a statement waits for another process's write lock before StoreBusyError (default SQLITE_BUSY_WAIT_MS). */
  busyWaitMs?: number;
}

/**
 * A runner over one better-sqlite3 connection. Operations are serialised (a promise chain per
 * database file, see fileQueues), so a transaction's statements never interleave with another
 * caller's; a read-only statement skips the chain while no transaction is open (see `now`). When nothing is queued or in a transaction, a single statement runs at once
 * (better-sqlite3 is synchronous) instead of waiting for the chain: the common case of the assess
 * reads. Statements outside a transaction, BEGIN IMMEDIATE and COMMIT wait for another process's
 * write lock through untilFree, so open the connection with busy_timeout 0 (createSqliteStore does)
 * to keep the wait off the event loop; statements inside a transaction never wait (see `direct`).
 */
export function sqliteRunner(sqlite: Database.Database, options: SqliteRunnerOptions = {}): SqlRunner {
  const waitMs = options.busyWaitMs ?? SQLITE_BUSY_WAIT_MS;
  const cache = new Map<string, Database.Statement>();
  const rawCache = new Map<string, Database.Statement>();
  const prepared = (store: Map<string, Database.Statement>, sql: string, raw: boolean): Database.Statement => {
    let s = store.get(sql);
    if (!s) {
      if (store.size >= STATEMENT_CACHE_SIZE) store.clear();
      s = sqlite.prepare(sql);
      if (raw) s.raw(true);
      store.set(sql, s);
    }
    return s;
  };
  const statement = (sql: string) => prepared(cache, sql, false);
  const tupleStatement = (sql: string) => prepared(rawCache, sql, true);
  const queue = queueFor(sqlite);
  const locked = <T>(fn: () => T | Promise<T>): Promise<T> => {
    queue.busy++;
    const result = queue.tail.then(fn).finally(() => void queue.busy--);
    queue.tail = result.catch(() => undefined);
    return result;
  };
  // A lone statement runs at once; one that must wait for the lock waits in the queue, in order.
  // A read also runs at once while the queue only holds work that has not begun a transaction yet
  // (typically one waiting for another process's write lock): in WAL mode a read needs no lock, and
  // while this connection is in no transaction it cannot see a write not yet committed (another
  // connection's uncommitted writes are never visible to it).
  // Without this, every read of a worker (its assess reads) waited as long as its next write did:
  // up to SQLITE_BUSY_WAIT_MS behind another process's long write (a purge batch, a bulk import).
  // In the load bench's mix the lock is held for a fraction of a millisecond, so there it measured
  // within noise (6 same-hour A/B pairs, 2 workers: p99 29.7 against 29.1 ms, medians).
  const now = <T>(prepare: () => Database.Statement, use: (s: Database.Statement) => T): Promise<T> => {
    const fn = () => use(prepare());
    if (queue.busy > 0 && (sqlite.inTransaction || !isReadOnly(prepare))) return locked(() => untilFree(fn, waitMs));
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return isBusy(error) ? locked(() => untilFree(fn, waitMs)) : Promise.reject(error);
    }
  };
  // Inside BEGIN IMMEDIATE this connection holds the write lock and the newest snapshot, so its
  // statements never wait for another process; a busy error there (a snapshot another process
  // moved past) could only clear by running the whole transaction again, so it fails and rolls back.
  const direct: SqlRunner = {
    all: async <R>(sql: string, params: readonly unknown[]) => statement(sql).all(...params) as R[],
    tuples: async (sql, params) => tupleStatement(sql).all(...params) as unknown[][],
    run: async (sql, params) => statement(sql).run(...params).changes,
    transaction: (fn) => fn(direct),
    close: async () => {},
  };
  const begin = sqlite.prepare('BEGIN IMMEDIATE');
  const commit = sqlite.prepare('COMMIT');
  const rollback = sqlite.prepare('ROLLBACK');
  return {
    all: <R>(sql: string, params: readonly unknown[]) =>
      now(
        () => statement(sql),
        (s) => s.all(...params) as R[],
      ),
    tuples: (sql, params) =>
      now(
        () => tupleStatement(sql),
        (s) => s.all(...params) as unknown[][],
      ),
    run: (sql, params) =>
      now(
        () => statement(sql),
        (s) => s.run(...params).changes,
      ),
    transaction: (fn) =>
      locked(async () => {
        await untilFree(() => begin.run(), waitMs);
        try {
          const result = await fn(direct);
          await untilFree(() => commit.run(), waitMs);
          return result;
        } catch (error) {
          if (sqlite.inTransaction) rollback.run();
          throw error;
        }
      }),
    close: () =>
      locked(() => {
        sqlite.close();
        if (--queue.runners === 0 && fileQueues.get(sqlite.name) === queue) fileQueues.delete(sqlite.name);
      }),
  };
}

/**
 * A runner over a `pg` pool; transactions hold one pooled client. Statements are named, so each
 * connection parses and plans a query text once and then only binds and executes it (the assess
 * read is one long statement of primary-key probes; re-planning it per call cost more than running it).
 */
export function postgresRunner(pool: pg.Pool): SqlRunner {
  const names = new Map<string, string>();
  const query = (sql: string, params: readonly unknown[], rowMode?: 'array'): pg.QueryConfig & { rowMode?: 'array' } => {
    let name = names.get(sql);
    if (name === undefined && names.size < STATEMENT_CACHE_SIZE) {
      name = `twofold_${names.size + 1}`;
      names.set(sql, name);
    }
    return { text: sql, values: storableParams(params), ...(name ? { name } : {}), ...(rowMode ? { rowMode } : {}) };
  };
  const on = (client: pg.Pool | pg.PoolClient): SqlRunner => ({
    all: async <R>(sql: string, params: readonly unknown[]) => (await client.query(query(sql, params))).rows as R[],
    tuples: async (sql, params) => (await client.query(query(sql, params, 'array'))).rows as unknown[][],
    run: async (sql, params) => (await client.query(query(sql, params))).rowCount ?? 0,
    transaction: (fn) => fn(on(client)),
    close: async () => {},
  });
  const base = on(pool);
  return {
    ...base,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(on(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * PostgreSQL text cannot hold U+0000 (the query fails with "invalid byte sequence"), while SQLite
 * and the in-memory store can, and a user id, device id or feature may be any string a client
 * sends. Every string parameter, in writes and lookups alike, maps NUL to U+FFFD, so such a value is
 * stored and found again consistently instead of failing the request.
 */
function storableParams(params: readonly unknown[]): unknown[] {
  if (!params.some(holdsNul)) return params as unknown[];
  return params.map(storable);
}

/** A string with U+0000, or an array holding one (text[] parameters, e.g. the one-statement record's values). */
const holdsNul = (param: unknown): boolean => (typeof param === 'string' ? param.includes('\u0000') : Array.isArray(param) && param.some(holdsNul));
const storable = (param: unknown): unknown =>
  typeof param === 'string' ? param.replaceAll('\u0000', '\ufffd') : Array.isArray(param) ? param.map(storable) : param;
