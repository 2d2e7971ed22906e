/**
 * Every query the SQL stores run, written once with Kysely's builder and compiled per dialect.
 * Arguments are named (`a('userId')`); multi-row and per-pair arguments are named per row
 * (`rowArg('feature', i)`, bound with `perRow`); list-length-dependent queries compile per length.
 * Result columns are read by name: every computed column has an alias.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { perLength, rowArg, template, type Arg, type Template } from './compile';
import type { TwofoldDatabase } from './schema';

/** 0 … n-1. */
export const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** An expression builder over the tables, with `t` the totals row (the one-row reads select from it). */
export type Eb = ExpressionBuilder<TwofoldDatabase & { t: TwofoldDatabase['totals'] }, 't'>;

/** The user's vouching logins (user_totals), as column user_logins. */
export const userLogins = (eb: Eb, a: Arg<string>) => eb.selectFrom('user_totals').select('logins').where('user_id', '=', a('userId')).as('user_logins');

/** The per-pair column aliases of `profile`: pair i's global count, user count, and its feature's distinct count. */
export const pairColumn = {
  global: (i: number) => `g${i}`,
  user: (i: number) => `u${i}`,
  distinct: (i: number) => `d${i}`,
};

/** The one-row count probes the profile and assess reads select (NULL when there is no row); feature and value are argument placeholders. */
export const countProbe = {
  /** userId's count of (feature, value). */
  user: (eb: Eb, a: Arg<string>, feature: string, value: string) =>
    eb.selectFrom('user_counts').select('count').where('user_id', '=', a('userId')).where('feature', '=', feature).where('value', '=', value),
  /** Every user's count of (feature, value). */
  global: (eb: Eb, feature: string, value: string) => eb.selectFrom('global_counts').select('count').where('feature', '=', feature).where('value', '=', value),
  /** The distinct values seen of `feature`. */
  distinct: (eb: Eb, feature: string) => eb.selectFrom('feature_distinct').select('count').where('feature', '=', feature),
};

/** `name.0` … `name.(n-1)` as arguments (an IN list of n row arguments). */
export const rowArgList = (a: Arg<string>, name: string, n: number) => range(n).map((i) => a(rowArg(name, i)));

/** Per feature value i (arguments feature.i, value.i): its global count, user count (of userId) and feature's distinct count. */
function pairColumns(eb: Eb, a: Arg<string>, n: number) {
  return range(n).flatMap((i) => {
    const feature = a(rowArg('feature', i));
    const value = a(rowArg('value', i));
    return [
      countProbe.global(eb, feature, value).as(pairColumn.global(i)),
      countProbe.user(eb, a, feature, value).as(pairColumn.user(i)),
      countProbe.distinct(eb, feature).as(pairColumn.distinct(i)),
    ];
  });
}

/** The compiled queries for one dialect. */
export type Queries = ReturnType<typeof compileQueries>;

/** Compiles the stores' queries with `db` (a compile-only Kysely for the target dialect). */
export function compileQueries(db: Kysely<TwofoldDatabase>) {
  type L = 'loginId';
  return {
    // --- reads of assess ---
    /**
     * (userId, feature.i, value.i) → ONE row: total_logins, user_count, user_logins, then per pair i
     * the pairColumn aliases (NULL when absent). One statement of primary-key probes: the value
     * strings never travel back.
     */
    profile: perLength((n) =>
      template<string>((a) =>
        db
          .selectFrom('totals as t')
          .select((eb) => ['t.total_logins as total_logins', 't.user_count as user_count', userLogins(eb, a), ...pairColumns(eb, a, n)])
          .where('t.id', '=', 1),
      ),
    ),
    /** (userId) → time, ip, lat, lon of the latest vouching login */
    lastSuccess: template<'userId'>((a) =>
      db
        .selectFrom('logins')
        .select(['time', 'ip', 'lat', 'lon'])
        .where('user_id', '=', a('userId'))
        .where('vouching', '=', 1)
        .orderBy('time', 'desc')
        .limit(1),
    ),
    /** (userId, since) → n */
    failuresByUser: template<'userId' | 'since'>((a) =>
      db
        .selectFrom('logins')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', '=', a('userId'))
        .where('outcome', '=', 'failure')
        .where('time', '>=', a<number>('since')),
    ),
    /** (ip, since) → n */
    failuresByIp: template<'ip' | 'since'>((a) =>
      db
        .selectFrom('logins')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('ip', '=', a('ip'))
        .where('outcome', '=', 'failure')
        .where('time', '>=', a<number>('since')),
    ),
    /** (subject) → subject */
    objection: template<'subject'>((a) => db.selectFrom('objections').select('subject').where('subject', '=', a('subject'))),
    /** (subject.i) → subject: at most one of the objection keys found (isObjectedAny). */
    objectionAny: perLength((n) =>
      template<string>((a) =>
        db
          .selectFrom('objections')
          .select('subject')
          .where('subject', 'in', rowArgList(a, 'subject', n))
          .limit(1),
      ),
    ),

    // --- writes of record ---
    /** The login row's columns, by column name. */
    insertLogin: template<LoginColumn>((a) => db.insertInto('logins').values(loginValues(a))),
    /** (loginId, vouching) */
    setLoginVouching: template<L | 'vouching'>((a) =>
      db
        .updateTable('logins')
        .set({ vouching: a<number>('vouching') })
        .where('id', '=', a('loginId')),
    ),
    /** (loginId, feature.i, value.i) */
    insertLoginValues: perLength((n) =>
      template<string>((a) =>
        db.insertInto('login_values').values(range(n).map((i) => ({ login_id: a('loginId'), feature: a(rowArg('feature', i)), value: a(rowArg('value', i)) }))),
      ),
    ),
    /** (userId, feature.i, value.i) */
    upsertUserCounts: perLength((n) =>
      template<string>((a) =>
        db
          .insertInto('user_counts')
          .values(range(n).map((i) => ({ user_id: a('userId'), feature: a(rowArg('feature', i)), value: a(rowArg('value', i)), count: 1 })))
          .onConflict((oc) => oc.columns(['user_id', 'feature', 'value']).doUpdateSet((eb) => ({ count: eb('user_counts.count', '+', 1) }))),
      ),
    ),
    /** (feature.i, value.i) → feature, count */
    upsertGlobalCounts: perLength((n) =>
      template<string>((a) =>
        db
          .insertInto('global_counts')
          .values(range(n).map((i) => ({ feature: a(rowArg('feature', i)), value: a(rowArg('value', i)), count: 1 })))
          .onConflict((oc) => oc.columns(['feature', 'value']).doUpdateSet((eb) => ({ count: eb('global_counts.count', '+', 1) })))
          .returning(['feature', 'count']),
      ),
    ),
    /** (feature, delta) */
    addDistinct: template<'feature' | 'delta'>((a) =>
      db
        .insertInto('feature_distinct')
        .values({ feature: a('feature'), count: a<number>('delta') })
        .onConflict((oc) => oc.column('feature').doUpdateSet((eb) => ({ count: eb('feature_distinct.count', '+', eb.ref('excluded.count')) }))),
    ),
    /** (feature) */
    subtractDistinct: template<'feature'>((a) =>
      db
        .updateTable('feature_distinct')
        .set((eb) => ({ count: eb('count', '-', 1) }))
        .where('feature', '=', a('feature')),
    ),
    /** (feature) */
    deleteEmptyDistinct: template<'feature'>((a) => db.deleteFrom('feature_distinct').where('feature', '=', a('feature')).where('count', '<=', 0)),
    /** (userId) → logins */
    incUserTotal: template<'userId'>((a) =>
      db
        .insertInto('user_totals')
        .values({ user_id: a('userId'), logins: 1 })
        .onConflict((oc) => oc.column('user_id').doUpdateSet((eb) => ({ logins: eb('user_totals.logins', '+', 1) })))
        .returning('logins'),
    ),
    /** (userId) → logins */
    decUserTotal: template<'userId'>((a) =>
      db
        .updateTable('user_totals')
        .set((eb) => ({ logins: eb('logins', '-', 1) }))
        .where('user_id', '=', a('userId'))
        .returning('logins'),
    ),
    /** (userId) */
    deleteUserTotal: template<'userId'>((a) => db.deleteFrom('user_totals').where('user_id', '=', a('userId'))),
    /** () → locks the one totals row (PostgreSQL; see SqlStoreOptions.lockTotalsFirst). */
    lockTotals: template<never>(() => db.selectFrom('totals').select('id').where('id', '=', 1).forUpdate()),
    /** (logins, users): deltas of the totals */
    addTotals: template<'logins' | 'users'>((a) =>
      db
        .updateTable('totals')
        .set((eb) => ({ total_logins: eb('total_logins', '+', a<number>('logins')), user_count: eb('user_count', '+', a<number>('users')) }))
        .where('id', '=', 1),
    ),

    // --- bulk import (recordLogins): n rows per statement, deltas pre-summed per key ---
    /** The login row's columns of row i, named rowArg(column, i). */
    insertLogins: perLength((n) =>
      template<string>((a) => db.insertInto('logins').values(range(n).map((i) => loginValues(<T = string>(column: LoginColumn) => a<T>(rowArg(column, i)))))),
    ),
    /** (loginId.i, feature.i, value.i) */
    insertLoginValueRows: perLength((n) =>
      template<string>((a) =>
        db
          .insertInto('login_values')
          .values(range(n).map((i) => ({ login_id: a(rowArg('loginId', i)), feature: a(rowArg('feature', i)), value: a(rowArg('value', i)) }))),
      ),
    ),
    /** (userId.i, feature.i, value.i, delta.i) */
    addUserCounts: perLength((n) =>
      template<string>((a) =>
        db
          .insertInto('user_counts')
          .values(
            range(n).map((i) => ({
              user_id: a(rowArg('userId', i)),
              feature: a(rowArg('feature', i)),
              value: a(rowArg('value', i)),
              count: a<number>(rowArg('delta', i)),
            })),
          )
          .onConflict((oc) =>
            oc.columns(['user_id', 'feature', 'value']).doUpdateSet((eb) => ({ count: eb('user_counts.count', '+', eb.ref('excluded.count')) })),
          ),
      ),
    ),
    /** (feature.i, value.i, delta.i) → feature, value, count */
    addGlobalCounts: perLength((n) =>
      template<string>((a) =>
        db
          .insertInto('global_counts')
          .values(range(n).map((i) => ({ feature: a(rowArg('feature', i)), value: a(rowArg('value', i)), count: a<number>(rowArg('delta', i)) })))
          .onConflict((oc) => oc.columns(['feature', 'value']).doUpdateSet((eb) => ({ count: eb('global_counts.count', '+', eb.ref('excluded.count')) })))
          .returning(['feature', 'value', 'count']),
      ),
    ),
    /** (userId.i, delta.i) → user_id, logins */
    addUserTotals: perLength((n) =>
      template<string>((a) =>
        db
          .insertInto('user_totals')
          .values(range(n).map((i) => ({ user_id: a(rowArg('userId', i)), logins: a<number>(rowArg('delta', i)) })))
          .onConflict((oc) => oc.column('user_id').doUpdateSet((eb) => ({ logins: eb('user_totals.logins', '+', eb.ref('excluded.logins')) })))
          .returning(['user_id', 'logins']),
      ),
    ),

    // --- deferred aggregates (SqlStoreOptions.foldIntervalMs): append-only increments, folded later ---
    /** (feature.i, value.i, delta.i) */
    appendCountDeltas: perLength((n) =>
      template<string>((a) =>
        db
          .insertInto('count_deltas')
          .values(range(n).map((i) => ({ feature: a(rowArg('feature', i)), value: a(rowArg('value', i)), delta: a<number>(rowArg('delta', i)) }))),
      ),
    ),
    /** (logins, users) */
    appendTotalDeltas: template<'logins' | 'users'>((a) => db.insertInto('total_deltas').values({ logins: a<number>('logins'), users: a<number>('users') })),
    /** () → feature, value, delta: takes every visible pending increment (what it returns is exactly what it deleted). */
    takeCountDeltas: template<never>(() => db.deleteFrom('count_deltas').returning(['feature', 'value', 'delta'])),
    /** () → logins, users */
    takeTotalDeltas: template<never>(() => db.deleteFrom('total_deltas').returning(['logins', 'users'])),
    /** (userId.i) → user_id: locks the users' user_totals rows in key order (PostgreSQL; see SqlStoreOptions.foldIntervalMs). */
    lockUsers: perLength((n) =>
      template<string>((a) =>
        db
          .selectFrom('user_totals')
          .select('user_id')
          .where('user_id', 'in', rowArgList(a, 'userId', n))
          .orderBy('user_id')
          .forUpdate(),
      ),
    ),

    // --- withdrawing contributions ---
    /** (loginId) → feature, value */
    loginValues: template<L>((a) => db.selectFrom('login_values').select(['feature', 'value']).where('login_id', '=', a('loginId'))),
    /** (loginId, feature, value) */
    deleteLoginValue: template<L | 'feature' | 'value'>((a) =>
      db.deleteFrom('login_values').where('login_id', '=', a('loginId')).where('feature', '=', a('feature')).where('value', '=', a('value')),
    ),
    /** (userId, feature, value) */
    decUserCount: template<'userId' | 'feature' | 'value'>((a) =>
      db
        .updateTable('user_counts')
        .set((eb) => ({ count: eb('count', '-', 1) }))
        .where('user_id', '=', a('userId'))
        .where('feature', '=', a('feature'))
        .where('value', '=', a('value')),
    ),
    /** (userId, feature, value) */
    deleteEmptyUserCount: template<'userId' | 'feature' | 'value'>((a) =>
      db
        .deleteFrom('user_counts')
        .where('user_id', '=', a('userId'))
        .where('feature', '=', a('feature'))
        .where('value', '=', a('value'))
        .where('count', '<=', 0),
    ),
    /** (feature, value) → count */
    decGlobalCount: template<'feature' | 'value'>((a) =>
      db
        .updateTable('global_counts')
        .set((eb) => ({ count: eb('count', '-', 1) }))
        .where('feature', '=', a('feature'))
        .where('value', '=', a('value'))
        .returning('count'),
    ),
    /** (feature, value) */
    deleteGlobalCount: template<'feature' | 'value'>((a) => db.deleteFrom('global_counts').where('feature', '=', a('feature')).where('value', '=', a('value'))),
    /** (loginId) */
    deleteLogin: template<L>((a) => db.deleteFrom('logins').where('id', '=', a('loginId'))),

    /** (nonce, expiresAt): marks a single-use id spent; inserts nothing (0 rows changed) when it already was. */
    spendNonce: template<'nonce' | 'expiresAt'>((a) =>
      db
        .insertInto('spent_nonces')
        .values({ nonce: a('nonce'), expires_at: a<number>('expiresAt') })
        .onConflict((oc) => oc.column('nonce').doNothing()),
    ),
    /** A collection row's columns, by column name. */
    insertCollection: template<'id' | 'device_id' | 'user_id' | 'time' | 'receipt_id' | 'signals' | 'features'>((a) =>
      db.insertInto('collections').values({
        id: a('id'),
        device_id: a('device_id'),
        user_id: a<string | null>('user_id'),
        time: a<number>('time'),
        receipt_id: a('receipt_id'),
        signals: a('signals'),
        features: a('features'),
      }),
    ),

    // --- nonces ---
    /** (nonce, expiresAt) */
    issueNonce: template<'nonce' | 'expiresAt'>((a) =>
      db
        .insertInto('nonces')
        .values({ nonce: a('nonce'), expires_at: a<number>('expiresAt') })
        .onConflict((oc) => oc.column('nonce').doUpdateSet((eb) => ({ expires_at: eb.ref('excluded.expires_at') }))),
    ),
    /** (nonce) → expires_at; DELETE … RETURNING is atomic, so one of racing consumers gets the row. */
    consumeNonce: template<'nonce'>((a) => db.deleteFrom('nonces').where('nonce', '=', a('nonce')).returning('expires_at')),
    /** (nonce) → expires_at, leaving the row in place. */
    nonceExpiry: template<'nonce'>((a) => db.selectFrom('nonces').select('expires_at').where('nonce', '=', a('nonce'))),
  } satisfies Record<string, Template<string> | ((n: number) => Template<string>)>;
}

/** The columns of a login row, each bound by its own name (see `loginArgs` in store.ts). */
export type LoginColumn = 'id' | 'user_id' | 'time' | 'ip' | 'outcome' | 'vouching' | 'device_id' | 'visitor_id' | 'lat' | 'lon' | 'features';

function loginValues(a: <T = string>(column: LoginColumn) => T) {
  return {
    id: a('id'),
    user_id: a('user_id'),
    time: a<number>('time'),
    ip: a('ip'),
    outcome: a<'success' | 'failure'>('outcome'),
    vouching: a<number>('vouching'),
    device_id: a<string | null>('device_id'),
    visitor_id: a<string | null>('visitor_id'),
    lat: a<number | null>('lat'),
    lon: a<number | null>('lon'),
    features: a('features'),
  };
}
