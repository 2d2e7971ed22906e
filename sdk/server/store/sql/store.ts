/**
 * The `Store` over SQL: the same Kysely-built queries on SQLite and PostgreSQL (compiled per
 * dialect), run through a thin SqlRunner. Semantics match the in-memory twin
 * (sdk/server/store/memory.ts); the shared contract suite checks both.
 */
import type { Kysely } from 'kysely';
import type { CollectionRecord, FeatureValue, LoginRecord, ProfileCounts, SpendNonce, Store, Subject, SubjectExport } from '../types';
import { aggregates, exec, rows } from './aggregates';
import { insertLoginBatch } from './bulk';
import { foldDeltas, foldDeltasInSqlite } from './fold';
import { sqlGuards } from './guards';
import { deviceKeyBindQuery, sqlDeviceKeys } from './device-keys';
import { bind, once, perRow } from './compile';
import { subjectsOf } from '../../objection';
import { compileQueries } from './queries';
import { createGlobalCountCache, DEFAULT_AGGREGATE_CACHE_MS } from './global-cache';
import { assessRead } from './assess-read';
import { postgresWrites } from './pg-writes';
import { sqlRecordLogin } from './record-login';
import type { SqlStoreOptions } from './store-options';
import { profileFrom, withPairArgs } from './reads';
import type { SqlRunner } from './runner';
import type { TwofoldDatabase } from './schema';
import { subjectKey, toCollection, toLogin, type CollectionRow, type LoginRow } from './rows';
import { all, collectionsOf, loginsOf } from './subject-select';
import { sqlWithdrawals } from './withdrawals';

/** A collection row's arguments by column name (q.insertCollection). */
const collectionArgs = (c: CollectionRecord) => ({
  id: c.id,
  device_id: c.deviceId,
  user_id: c.userId ?? null,
  time: c.time,
  receipt_id: c.receiptId,
  signals: JSON.stringify(c.signals),
  features: JSON.stringify(c.features.map(({ feature, value }) => ({ feature, value }))),
});

export type { SqlStoreFaults, SqlStoreOptions } from './store-options';

/**
 * Builds a Store over a migrated database: `db` compiles queries for the dialect (it never runs
 * them), `runner` executes them.
 */
export async function createSqlStore(db: Kysely<TwofoldDatabase>, runner: SqlRunner, name: string, options: SqlStoreOptions = {}): Promise<Store> {
  const q = compileQueries(db);
  const deferred = (options.foldIntervalMs ?? 0) > 0;
  /** Whether this store folds its deferred increments itself (SqlStoreOptions.fold). */
  const foldsHere = deferred && options.fold !== 'external';
  const agg = aggregates(q, deferred);
  const guards = sqlGuards(db, runner);
  const deviceKeys = sqlDeviceKeys(db, runner);
  const globals = createGlobalCountCache(options.aggregateCacheMs ?? DEFAULT_AGGREGATE_CACHE_MS);
  const pgWrites = options.oneStatementWrites ? postgresWrites(db) : undefined;
  /**
   * A transaction that changes aggregates (see SqlStoreOptions.lockTotalsFirst): the totals row lock
   * first. Erase, object, "not me", forget-device and purge always take it, so they never run
   * interleaved with each other or a fold (they read which logins to withdraw before changing them).
   */
  const lockedWrite = <T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> =>
    runner.transaction(async (tx) => {
      if (options.lockTotalsFirst) await exec(tx, q.lockTotals, {});
      return fn(tx);
    });
  /** A withdrawal, fold or bulk import: what the assess read cached of the global rows is dropped (even after a failed COMMIT, which may have landed). */
  const globalWrite = async <T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> => {
    try {
      return await lockedWrite(fn);
    } finally {
      globals.clear();
    }
  };
  /** A login's write: deferred, it only appends global increments and takes no shared lock (the point of deferring). */
  const loginWrite = <T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> => (deferred ? runner.transaction(fn) : lockedWrite(fn));
  const foldAggregates = () => globalWrite((tx) => (options.foldInSqlite ? foldDeltasInSqlite(tx) : foldDeltas(tx, q)));
  const withdrawals = sqlWithdrawals({ db, runner, q, agg, globalWrite, lockUsersFirst: deferred && !!options.lockUsersFirst });
  const record = sqlRecordLogin({ q, bindKey: deviceKeyBindQuery(db), agg, runner, loginWrite, deferred, globals, pgWrites, faults: options.faults });
  // Increments an instance appended and never folded (it was killed, or the database was away at
  // its close) are folded by the next store opened on the database, in either mode.
  if (options.fold !== 'external') await foldAggregates();

  // Increments are durable rows: a fold that fails (database briefly away) leaves them for the next one.
  const foldTimer = foldsHere ? setInterval(() => void foldAggregates().catch(() => undefined), options.foldIntervalMs) : undefined;
  foldTimer?.unref();
  const countOf = async (tx: SqlRunner, query: Parameters<typeof once>[0]) => Number((await all<{ n: number }>(tx, query))[0]?.n ?? 0);

  return {
    name,

    async readProfile(userId: string, values: FeatureValue[]): Promise<ProfileCounts> {
      // One statement, one row (see q.profile); a value listed twice just gets two identical columns.
      const query = q.profile(values.length);
      const [tuple] = await runner.tuples(query.sql, bind(query, withPairArgs({ userId }, values)));
      return profileFrom({ tuple, template: query }, values);
    },

    readForAssessment: assessRead(db, runner, globals),

    async lastSuccess(userId: string) {
      const [row] = await rows<{ time: number; ip: string; lat: number | null; lon: number | null }>(runner, q.lastSuccess, { userId });
      if (!row) return undefined;
      const out: { time: number; ip: string; lat?: number; lon?: number } = { time: Number(row.time), ip: row.ip };
      if (row.lat !== null) out.lat = Number(row.lat);
      if (row.lon !== null) out.lon = Number(row.lon);
      return out;
    },

    async countFailures(by: { userId: string } | { ip: string }, since: number): Promise<number> {
      const [row] =
        'userId' in by
          ? await rows<{ n: number }>(runner, q.failuresByUser, { userId: by.userId, since })
          : await rows<{ n: number }>(runner, q.failuresByIp, { ip: by.ip, since });
      return Number(row?.n ?? 0);
    },

    recordLogin: async (login: LoginRecord, spend?: SpendNonce) => (await record(login, spend)) === 'recorded',
    // Typed by RiskStore.recordLoginUnlessObjected: the rights token id and the device key go into the login's own write.
    recordLoginUnlessObjected: (login, who, spend, issue, deviceKey) => record(login, spend, who, issue, deviceKey),
    registersIssueWithLogin: true,
    bindsDeviceKeyWithLogin: true,

    // The bulk import writes the global rows directly (one import, not a login per request).
    async recordLogins(logins: readonly LoginRecord[]): Promise<void> {
      if (logins.length > 0) await globalWrite((tx) => insertLoginBatch(tx, q, logins));
    },

    async issueNonce(nonce: string, expiresAt: number): Promise<void> {
      await exec(runner, q.issueNonce, { nonce, expiresAt });
    },

    async consumeNonce(nonce: string, now: number): Promise<boolean> {
      const [row] = await rows<{ expires_at: number }>(runner, q.consumeNonce, { nonce });
      return row !== undefined && Number(row.expires_at) > now;
    },

    async isNonceLive(nonce: string, now: number): Promise<boolean> {
      const [row] = await rows<{ expires_at: number }>(runner, q.nonceExpiry, { nonce });
      return row !== undefined && Number(row.expires_at) > now;
    },

    async purgeExpiredNonces(now: number): Promise<number> {
      const { sql, params } = once(db.deleteFrom('nonces').where('expires_at', '<', now));
      return (await runner.run(sql, params)) + (await guards.purgeGuards(now));
    },

    ...guards,
    ...deviceKeys,

    async recordCollection(c: CollectionRecord): Promise<void> {
      await exec(runner, q.insertCollection, collectionArgs(c));
    },

    // An assessment's writes (the seal nonce spent, the collection) in one transaction: one write lock, one commit.
    async markNonceSpent(nonce: string, expiresAt: number, collection?: CollectionRecord): Promise<boolean> {
      if (!collection) return guards.markNonceSpent(nonce, expiresAt);
      if (pgWrites) return (await exec(runner, pgWrites.spendWithCollection, { nonce, expiresAt, ...collectionArgs(collection) })) === 1;
      return runner.transaction(async (tx) => {
        if ((await exec(tx, q.spendNonce, { nonce, expiresAt })) === 0) return false;
        await exec(tx, q.insertCollection, collectionArgs(collection));
        return true;
      });
    },

    async exportSubject(subject: Subject): Promise<SubjectExport> {
      const [logins, collections, objected] = await Promise.all([
        all<LoginRow>(runner, loginsOf(db, subject).selectAll().orderBy('time')),
        all<CollectionRow>(runner, collectionsOf(db, subject).selectAll().orderBy('time')),
        rows(runner, q.objection, { subject: subjectKey(subject) }),
      ]);
      return {
        subject:
          subject.userId !== undefined && subject.deviceId !== undefined
            ? { userId: subject.userId, deviceId: subject.deviceId }
            : subject.userId !== undefined
              ? { userId: subject.userId }
              : { deviceId: subject.deviceId },
        exportedAt: Date.now(),
        logins: logins.map(toLogin),
        collections: collections.map(toCollection),
        objected: objected.length > 0,
      };
    },

    ...withdrawals,

    async isObjected(subject: Subject): Promise<boolean> {
      return (await rows(runner, q.objection, { subject: subjectKey(subject) })).length > 0;
    },

    // One statement for the (up to) three keys: a key IN-list of the same primary-key lookups, any row found is an objection.
    async isObjectedAny(who: { userId: string; deviceId?: string | undefined }): Promise<boolean> {
      const keys = subjectsOf(who).map((subject) => ({ subject: subjectKey(subject) }));
      return (await rows(runner, q.objectionAny(keys.length), perRow(keys))).length > 0;
    },

    async countRows(subject?: Subject): Promise<number> {
      if (!subject) {
        const [l, c, o] = await Promise.all([
          countOf(
            runner,
            db.selectFrom('logins').select((eb) => eb.fn.countAll().as('n')),
          ),
          countOf(
            runner,
            db.selectFrom('collections').select((eb) => eb.fn.countAll().as('n')),
          ),
          countOf(
            runner,
            db.selectFrom('nonces').select((eb) => eb.fn.countAll().as('n')),
          ),
        ]);
        return l + c + o;
      }
      const [l, c] = await Promise.all([
        countOf(
          runner,
          loginsOf(db, subject).select((eb) => eb.fn.countAll().as('n')),
        ),
        countOf(
          runner,
          collectionsOf(db, subject).select((eb) => eb.fn.countAll().as('n')),
        ),
      ]);
      return l + c;
    },

    ...(deferred ? { foldAggregates } : {}),

    async close() {
      if (foldTimer) {
        clearInterval(foldTimer);
        // What this instance appended is folded now; a failure leaves it for the next instance to fold.
        await foldAggregates().catch(() => undefined);
      }
      await runner.close();
    },
  };
}
