/**
 * Every query the SQL stores run, written once with Kysely's builder and compiled per dialect.
 * Arguments are positional (`a(0)`, `a(1)`, …); list-length-dependent queries compile per length.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { perLength, template, type Arg, type Template } from './compile';
import type { TwofoldDatabase } from './schema';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

type Eb = ExpressionBuilder<TwofoldDatabase & { t: TwofoldDatabase['totals'] }, 't'>;

const userLogins = (eb: Eb, userId: string) => eb.selectFrom('user_totals').select('logins').where('user_id', '=', userId).as('user_logins');

/** Per feature value i (args first + 2i, first + 2i + 1): its global count, user count (user = arg 0) and feature's distinct count. */
function pairColumns(eb: Eb, a: Arg, n: number, first: number) {
  return range(n).flatMap((i) => [
    eb.selectFrom('global_counts').select('count').where('feature', '=', a(first + 2 * i)).where('value', '=', a(first + 1 + 2 * i)).as(`g${i}`),
    eb.selectFrom('user_counts').select('count').where('user_id', '=', a(0)).where('feature', '=', a(first + 2 * i)).where('value', '=', a(first + 1 + 2 * i)).as(`u${i}`),
    eb.selectFrom('feature_distinct').select('count').where('feature', '=', a(first + 2 * i)).as(`d${i}`),
  ]);
}

/** The compiled queries for one dialect. */
export type Queries = ReturnType<typeof compileQueries>;

/** Compiles the stores' queries with `db` (a compile-only Kysely for the target dialect). */
export function compileQueries(db: Kysely<TwofoldDatabase>) {
  return {
    // --- reads of assess ---
    /**
     * (userId, f1, v1, f2, v2, …) → ONE row: total_logins, user_count, user_logins, then per pair i
     * its global count, user count and its feature's distinct count (NULL when absent). One
     * statement of primary-key probes, read positionally: the value strings never travel back.
     */
    profile: perLength((n) => template((a) => db.selectFrom('totals as t')
      .select((eb) => ['t.total_logins', 't.user_count', userLogins(eb, a(0)), ...pairColumns(eb, a, n, 1)])
      .where('t.id', '=', 1))),
    /**
     * (userId, ip, since, f1, v1, …) → ONE row: everything assess reads. The profile row's first
     * three columns, then time, ip, lat, lon of the latest vouching login, failures by user and by
     * IP since `since`, then the per-pair columns of `profile`.
     */
    assessment: perLength((n) => template((a) => {
      const last = (eb: Eb) => eb.selectFrom('logins').where('user_id', '=', a(0)).where('vouching', '=', 1).orderBy('time', 'desc').limit(1);
      return db.selectFrom('totals as t')
        .select((eb) => [
          't.total_logins', 't.user_count', userLogins(eb, a(0)),
          last(eb).select('time').as('last_time'), last(eb).select('ip').as('last_ip'),
          last(eb).select('lat').as('last_lat'), last(eb).select('lon').as('last_lon'),
          eb.selectFrom('logins').select((f) => f.fn.countAll().as('n')).where('user_id', '=', a(0)).where('outcome', '=', 'failure').where('time', '>=', a<number>(2)).as('user_failures'),
          eb.selectFrom('logins').select((f) => f.fn.countAll().as('n')).where('ip', '=', a(1)).where('outcome', '=', 'failure').where('time', '>=', a<number>(2)).as('ip_failures'),
          ...pairColumns(eb, a, n, 3),
        ])
        .where('t.id', '=', 1);
    })),
    /** (userId) → time, ip, lat, lon of the latest vouching login */
    lastSuccess: template((a) => db.selectFrom('logins').select(['time', 'ip', 'lat', 'lon'])
      .where('user_id', '=', a(0)).where('vouching', '=', 1).orderBy('time', 'desc').limit(1)),
    /** (userId, since) → n */
    failuresByUser: template((a) => db.selectFrom('logins').select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', '=', a(0)).where('outcome', '=', 'failure').where('time', '>=', a<number>(1))),
    /** (ip, since) → n */
    failuresByIp: template((a) => db.selectFrom('logins').select((eb) => eb.fn.countAll().as('n'))
      .where('ip', '=', a(0)).where('outcome', '=', 'failure').where('time', '>=', a<number>(1))),
    /** (subjectKey) → subject */
    objection: template((a) => db.selectFrom('objections').select('subject').where('subject', '=', a(0))),

    // --- writes of record ---
    insertLogin: template((a) => db.insertInto('logins').values({
      id: a(0), user_id: a(1), time: a<number>(2), ip: a(3), outcome: a<'success' | 'failure'>(4), vouching: a<number>(5),
      device_id: a(6), visitor_id: a(7), lat: a<number>(8), lon: a<number>(9), features: a(10),
    })),
    /** (loginId, vouching) */
    setLoginVouching: template((a) => db.updateTable('logins').set({ vouching: a<number>(1) }).where('id', '=', a(0))),
    /** (loginId, f1, v1, …) */
    insertLoginValues: perLength((n) => template((a) => db.insertInto('login_values')
      .values(range(n).map((i) => ({ login_id: a(0), feature: a(1 + 2 * i), value: a(2 + 2 * i) }))))),
    /** (userId, f1, v1, …) */
    upsertUserCounts: perLength((n) => template((a) => db.insertInto('user_counts')
      .values(range(n).map((i) => ({ user_id: a(0), feature: a(1 + 2 * i), value: a(2 + 2 * i), count: 1 })))
      .onConflict((oc) => oc.columns(['user_id', 'feature', 'value']).doUpdateSet((eb) => ({ count: eb('user_counts.count', '+', 1) }))))),
    /** (f1, v1, …) → feature, count */
    upsertGlobalCounts: perLength((n) => template((a) => db.insertInto('global_counts')
      .values(range(n).map((i) => ({ feature: a(2 * i), value: a(1 + 2 * i), count: 1 })))
      .onConflict((oc) => oc.columns(['feature', 'value']).doUpdateSet((eb) => ({ count: eb('global_counts.count', '+', 1) })))
      .returning(['feature', 'count']))),
    /** (feature, delta) */
    addDistinct: template((a) => db.insertInto('feature_distinct').values({ feature: a(0), count: a<number>(1) })
      .onConflict((oc) => oc.column('feature').doUpdateSet((eb) => ({ count: eb('feature_distinct.count', '+', eb.ref('excluded.count')) })))),
    /** (feature) */
    subtractDistinct: template((a) => db.updateTable('feature_distinct').set((eb) => ({ count: eb('count', '-', 1) })).where('feature', '=', a(0))),
    /** (feature) */
    deleteEmptyDistinct: template((a) => db.deleteFrom('feature_distinct').where('feature', '=', a(0)).where('count', '<=', 0)),
    /** (userId) → logins */
    incUserTotal: template((a) => db.insertInto('user_totals').values({ user_id: a(0), logins: 1 })
      .onConflict((oc) => oc.column('user_id').doUpdateSet((eb) => ({ logins: eb('user_totals.logins', '+', 1) })))
      .returning('logins')),
    /** (userId) → logins */
    decUserTotal: template((a) => db.updateTable('user_totals').set((eb) => ({ logins: eb('logins', '-', 1) })).where('user_id', '=', a(0)).returning('logins')),
    /** (userId) */
    deleteUserTotal: template((a) => db.deleteFrom('user_totals').where('user_id', '=', a(0))),
    /** () → locks the one totals row (PostgreSQL; see SqlStoreOptions.lockTotalsFirst). */
    lockTotals: template(() => db.selectFrom('totals').select('id').where('id', '=', 1).forUpdate()),
    /** (loginsDelta, usersDelta) */
    addTotals: template((a) => db.updateTable('totals')
      .set((eb) => ({ total_logins: eb('total_logins', '+', a<number>(0)), user_count: eb('user_count', '+', a<number>(1)) })).where('id', '=', 1)),

    // --- bulk import (recordLogins): n rows per statement, deltas pre-summed per key ---
    /** (id, user_id, time, ip, outcome, vouching, device_id, visitor_id, lat, lon, features) × n */
    insertLogins: perLength((n) => template((a) => db.insertInto('logins').values(range(n).map((i) => {
      const at = <T = string>(k: number) => a<T>(11 * i + k);
      return {
        id: at(0), user_id: at(1), time: at<number>(2), ip: at(3), outcome: at<'success' | 'failure'>(4), vouching: at<number>(5),
        device_id: at(6), visitor_id: at(7), lat: at<number>(8), lon: at<number>(9), features: at(10),
      };
    })))),
    /** (loginId, feature, value) × n */
    insertLoginValueRows: perLength((n) => template((a) => db.insertInto('login_values')
      .values(range(n).map((i) => ({ login_id: a(3 * i), feature: a(3 * i + 1), value: a(3 * i + 2) }))))),
    /** (userId, feature, value, delta) × n */
    addUserCounts: perLength((n) => template((a) => db.insertInto('user_counts')
      .values(range(n).map((i) => ({ user_id: a(4 * i), feature: a(4 * i + 1), value: a(4 * i + 2), count: a<number>(4 * i + 3) })))
      .onConflict((oc) => oc.columns(['user_id', 'feature', 'value']).doUpdateSet((eb) => ({ count: eb('user_counts.count', '+', eb.ref('excluded.count')) }))))),
    /** (feature, value, delta) × n → feature, value, count */
    addGlobalCounts: perLength((n) => template((a) => db.insertInto('global_counts')
      .values(range(n).map((i) => ({ feature: a(3 * i), value: a(3 * i + 1), count: a<number>(3 * i + 2) })))
      .onConflict((oc) => oc.columns(['feature', 'value']).doUpdateSet((eb) => ({ count: eb('global_counts.count', '+', eb.ref('excluded.count')) })))
      .returning(['feature', 'value', 'count']))),
    /** (userId, delta) × n → user_id, logins */
    addUserTotals: perLength((n) => template((a) => db.insertInto('user_totals')
      .values(range(n).map((i) => ({ user_id: a(2 * i), logins: a<number>(2 * i + 1) })))
      .onConflict((oc) => oc.column('user_id').doUpdateSet((eb) => ({ logins: eb('user_totals.logins', '+', eb.ref('excluded.logins')) })))
      .returning(['user_id', 'logins']))),

    // --- withdrawing contributions ---
    /** (loginId) → feature, value */
    loginValues: template((a) => db.selectFrom('login_values').select(['feature', 'value']).where('login_id', '=', a(0))),
    /** (loginId, feature, value) */
    deleteLoginValue: template((a) => db.deleteFrom('login_values').where('login_id', '=', a(0)).where('feature', '=', a(1)).where('value', '=', a(2))),
    /** (userId, feature, value) */
    decUserCount: template((a) => db.updateTable('user_counts').set((eb) => ({ count: eb('count', '-', 1) }))
      .where('user_id', '=', a(0)).where('feature', '=', a(1)).where('value', '=', a(2))),
    /** (userId, feature, value) */
    deleteEmptyUserCount: template((a) => db.deleteFrom('user_counts')
      .where('user_id', '=', a(0)).where('feature', '=', a(1)).where('value', '=', a(2)).where('count', '<=', 0)),
    /** (feature, value) → count */
    decGlobalCount: template((a) => db.updateTable('global_counts').set((eb) => ({ count: eb('count', '-', 1) }))
      .where('feature', '=', a(0)).where('value', '=', a(1)).returning('count')),
    /** (feature, value) */
    deleteGlobalCount: template((a) => db.deleteFrom('global_counts').where('feature', '=', a(0)).where('value', '=', a(1))),
    /** (loginId) */
    deleteLogin: template((a) => db.deleteFrom('logins').where('id', '=', a(0))),

    // --- nonces ---
    /** (nonce, expiresAt) */
    issueNonce: template((a) => db.insertInto('nonces').values({ nonce: a(0), expires_at: a<number>(1) })
      .onConflict((oc) => oc.column('nonce').doUpdateSet((eb) => ({ expires_at: eb.ref('excluded.expires_at') })))),
    /** (nonce) → expires_at; DELETE … RETURNING is atomic, so one of racing consumers gets the row. */
    consumeNonce: template((a) => db.deleteFrom('nonces').where('nonce', '=', a(0)).returning('expires_at')),
    /** (nonce) → expires_at, leaving the row in place. */
    nonceExpiry: template((a) => db.selectFrom('nonces').select('expires_at').where('nonce', '=', a(0))),
  } satisfies Record<string, Template | ((n: number) => Template)>;
}
