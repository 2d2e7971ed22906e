/**
 * The one-row reads (q.profile here, the assess read in assess-read.ts): their named arguments, and their row read
 * back by column alias, so a column added to either query cannot shift what another one means.
 * Why tuples and a per-template layout: reading an object row by alias, with argument names built
 * per call, cut readForAssessment on SQLite from ~58k to ~40k reads/s (6 values, 500 users, this
 * 2-core machine); the row as a tuple, each alias resolved once per template and the argument names
 * memoised read ~55k/s, within the noise of the positional code.
 */
import { featureKey, type FeatureValue, type ProfileCounts } from '../types';
import { columnIndex, rowArg, type Template } from './compile';
import { pairColumn } from './queries';

/** `args` with the feature.i / value.i arguments of q.profile and the assess read added. */
export function withPairArgs(args: Record<string, unknown>, values: readonly FeatureValue[]): Record<string, unknown> {
  values.forEach(({ feature, value }, i) => {
    args[rowArg('feature', i)] = feature;
    args[rowArg('value', i)] = value;
  });
  return args;
}

/** Where a read template's columns are, looked up by alias once per template (not per row). */
interface Layout {
  totalLogins: number;
  userCount: number;
  userLogins: number;
  pairs: { global: number; user: number; distinct: number }[];
}
const layouts = new WeakMap<Template, Layout>();

function layoutOf(template: Template, pairs: number): Layout {
  let layout = layouts.get(template);
  if (!layout) {
    layout = {
      totalLogins: columnIndex(template, 'total_logins'),
      userCount: columnIndex(template, 'user_count'),
      userLogins: columnIndex(template, 'user_logins'),
      pairs: Array.from({ length: pairs }, (_, i) => ({
        global: columnIndex(template, pairColumn.global(i)),
        user: columnIndex(template, pairColumn.user(i)),
        distinct: columnIndex(template, pairColumn.distinct(i)),
      })),
    };
    layouts.set(template, layout);
  }
  return layout;
}

/** A one-row read's row: the tuple and its template, read by column alias. */
export interface ReadRow {
  tuple: readonly unknown[] | undefined;
  template: Template;
}

/** A count at `index`: absent (NULL, no row) is 0. */
export const countAt = (row: ReadRow, index: number): number => Number(row.tuple?.[index] ?? 0);

/** A nullable column as a number, or undefined. */
export const numberOrUndefined = (value: unknown): number | undefined => (value === null || value === undefined ? undefined : Number(value));

/** ProfileCounts from a q.profile row (see pairColumn for the per-value aliases). */
export function profileFrom(row: ReadRow, values: readonly FeatureValue[]): ProfileCounts {
  const user = new Map<string, number>();
  const global = new Map<string, number>();
  const distinct = new Map<string, number>();
  const layout = layoutOf(row.template, values.length);
  values.forEach(({ feature, value }, i) => {
    const key = featureKey(feature, value);
    const pair = layout.pairs[i]!;
    global.set(key, countAt(row, pair.global));
    user.set(key, countAt(row, pair.user));
    distinct.set(feature, countAt(row, pair.distinct));
  });
  return {
    userLogins: countAt(row, layout.userLogins),
    totalLogins: countAt(row, layout.totalLogins),
    userCount: countAt(row, layout.userCount),
    user,
    global,
    distinct,
  };
}
