/** Withdrawing a login's contributions ("not me", forget device, erase, purge) and deleting the login. */
import type { Kysely } from 'kysely';
import { template } from './compile';
import type { QueryGroup } from './query-parts';
import type { TwofoldDatabase } from './schema';

/** Compiles the withdrawal queries with `db` (a compile-only Kysely for the target dialect). */
export function compileWithdrawQueries(db: Kysely<TwofoldDatabase>) {
  type L = 'loginId';
  return {
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
  } satisfies QueryGroup;
}
