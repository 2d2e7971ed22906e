/** The reads of assess (profile, last success, failure counts) and the objection probes. */
import type { Kysely } from 'kysely';
import { perLength, rowArg, template, type Arg } from './compile';
import { countProbe, pairColumn, range, rowArgList, userLogins, type Eb, type QueryGroup } from './query-parts';
import type { TwofoldDatabase } from './schema';

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

/** Compiles the assess reads with `db` (a compile-only Kysely for the target dialect). */
export function compileAssessQueries(db: Kysely<TwofoldDatabase>) {
  return {
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
  } satisfies QueryGroup;
}
