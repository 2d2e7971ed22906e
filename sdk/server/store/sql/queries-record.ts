/** The writes of recordLogin: the login row, its vouches, and the aggregates they add to (applied at once). */
import type { Kysely } from 'kysely';
import { perLength, rowArg, template } from './compile';
import { loginValues, range, type LoginColumn, type QueryGroup } from './query-parts';
import type { TwofoldDatabase } from './schema';

/** Compiles the recordLogin writes with `db` (a compile-only Kysely for the target dialect). */
export function compileRecordQueries(db: Kysely<TwofoldDatabase>) {
  type L = 'loginId';
  return {
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
  } satisfies QueryGroup;
}
