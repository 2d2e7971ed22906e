/**
 * The pieces several query groups share: argument lists, the count probes, the login row's values,
 * and the type every group satisfies. No queries of its own.
 */
import type { ExpressionBuilder } from 'kysely';
import { rowArg, type Arg, type Template } from './compile';
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

/** What every group of compiled queries is: named templates, or templates per list length. */
export type QueryGroup = Record<string, Template<string> | ((n: number) => Template<string>)>;

/** The columns of a login row, each bound by its own name (see `loginArgs` in aggregates.ts). */
export type LoginColumn = 'id' | 'user_id' | 'time' | 'ip' | 'outcome' | 'vouching' | 'device_id' | 'visitor_id' | 'lat' | 'lon' | 'features';

/** A login row's values, each column bound by `a(column)` (one row, or row i of a bulk insert). */
export function loginValues(a: <T = string>(column: LoginColumn) => T) {
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
