/**
 * Every query the SQL stores run, written once with Kysely's builder and compiled per dialect.
 * Arguments are positional (`a(0)`, `a(1)`, …); list-length-dependent queries compile per length.
 */
import type { Kysely } from 'kysely';
import { perLength, template, type Template } from './compile';
import type { TwofoldDatabase } from './schema';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The compiled queries for one dialect. */
export type Queries = ReturnType<typeof compileQueries>;

/** Compiles the stores' queries with `db` (a compile-only Kysely for the target dialect). */
export function compileQueries(db: Kysely<TwofoldDatabase>) {
  return {
    // --- reads of assess ---
    /** (userId) → total_logins, user_count, user_logins */
    totals: template((a) => db.selectFrom('totals')
      .select((eb) => ['total_logins', 'user_count', eb.selectFrom('user_totals').select('logins').where('user_id', '=', a(0)).as('user_logins')])
      .where('id', '=', 1)),
    /** (userId, f1, v1, f2, v2, …) → feature, value, global_count, user_count for each pair seen globally */
    counts: perLength((n) => template((a) => db.selectFrom('global_counts as g')
      .leftJoin('user_counts as u', (join) => join.onRef('u.feature', '=', 'g.feature').onRef('u.value', '=', 'g.value').on('u.user_id', '=', a(0)))
      .select(['g.feature', 'g.value', 'g.count as global_count', 'u.count as user_count'])
      .where((eb) => eb.or(range(n).map((i) => eb.and([eb('g.feature', '=', a(1 + 2 * i)), eb('g.value', '=', a(2 + 2 * i))])))))),
    /** (f1, …, fn) → feature, count */
    distinct: perLength((n) => template((a) => db.selectFrom('feature_distinct').select(['feature', 'count'])
      .where('feature', 'in', range(n).map((i) => a(i))))),
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
    /** (loginsDelta, usersDelta) */
    addTotals: template((a) => db.updateTable('totals')
      .set((eb) => ({ total_logins: eb('total_logins', '+', a<number>(0)), user_count: eb('user_count', '+', a<number>(1)) })).where('id', '=', 1)),

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
  } satisfies Record<string, Template | ((n: number) => Template)>;
}
