/**
 * The writes of bulk import (recordLogins: n rows per statement, deltas pre-summed per key) and of
 * deferred aggregates (SqlStoreOptions.foldIntervalMs: append-only increments, folded later).
 */
import type { Kysely } from 'kysely';
import { perLength, rowArg, template } from './compile';
import { loginValues, range, rowArgList, type LoginColumn, type QueryGroup } from './query-parts';
import type { TwofoldDatabase } from './schema';

/** Compiles the bulk-import writes with `db` (a compile-only Kysely for the target dialect). */
export function compileBulkQueries(db: Kysely<TwofoldDatabase>) {
  return {
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
  } satisfies QueryGroup;
}

/** Compiles the deferred-aggregate writes and the fold's takes with `db`. */
export function compileDeferredQueries(db: Kysely<TwofoldDatabase>) {
  return {
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
  } satisfies QueryGroup;
}
