/**
 * The one-row reads of assess (q.profile, q.assessment): their named arguments, and their row read
 * back by column alias, so a column added to either query cannot shift what another one means.
 * Why tuples and a per-template layout: reading an object row by alias, with argument names built
 * per call, cut readForAssessment on SQLite from ~58k to ~40k reads/s (6 values, 500 users, this
 * 2-core machine); the row as a tuple, each alias resolved once per template and the argument names
 * memoised read ~55k/s, within the noise of the positional code.
 */
import { featureKey, type AssessmentReads, type DeviceKeyRecord, type FeatureValue, type LastSuccess, type ProfileCounts } from '../types';
import { columnIndex, rowArg, type Template } from './compile';
import { assessColumn, pairColumn } from './queries';

/** `args` with the feature.i / value.i arguments of q.profile and q.assessment added. */
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

/** A q.profile / q.assessment row: the tuple and its template, read by column alias. */
export interface ReadRow {
  tuple: readonly unknown[] | undefined;
  template: Template;
}

/** A count at `index`: absent (NULL, no row) is 0. */
const countAt = (row: ReadRow, index: number): number => Number(row.tuple?.[index] ?? 0);

/** A nullable column as a number, or undefined. */
const numberOrUndefined = (value: unknown): number | undefined => (value === null || value === undefined ? undefined : Number(value));

/** ProfileCounts from a q.profile / q.assessment row (see pairColumn for the per-value aliases). */
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

/** Where q.assessment's columns are, by alias, once per template. */
interface AssessLayout {
  totalLogins: number;
  userCount: number;
  userLogins: number;
  lastTime: number;
  lastIp: number;
  lastLat: number;
  lastLon: number;
  userFailures: number;
  ipFailures: number;
  user: number[];
  global: number[];
  distinct: number[];
  key: { boundAt: number; lastUsedAt: number; deviceId: number } | undefined;
}
const assessLayouts = new WeakMap<Template, AssessLayout>();

function assessLayoutOf(template: Template, n: number, m: number, withKey: boolean): AssessLayout {
  let layout = assessLayouts.get(template);
  if (!layout) {
    const at = (name: string) => columnIndex(template, name);
    layout = {
      totalLogins: at('total_logins'),
      userCount: at('user_count'),
      userLogins: at('user_logins'),
      lastTime: at('last_time'),
      lastIp: at('last_ip'),
      lastLat: at('last_lat'),
      lastLon: at('last_lon'),
      userFailures: at('user_failures'),
      ipFailures: at('ip_failures'),
      user: Array.from({ length: n }, (_, i) => at(assessColumn.user(i))),
      global: Array.from({ length: m }, (_, j) => at(assessColumn.global(j))),
      distinct: Array.from({ length: m }, (_, j) => at(assessColumn.distinct(j))),
      key: withKey ? { boundAt: at('key_bound_at'), lastUsedAt: at('key_last_used_at'), deviceId: at('key_device_id') } : undefined,
    };
    assessLayouts.set(template, layout);
  }
  return layout;
}

/** The arguments of q.assessment (see there). */
export function assessmentArgs(
  read: { userId: string; ip: string; since: number; deviceKeyId: string | undefined },
  values: readonly FeatureValue[],
  missing: readonly number[],
): Record<string, unknown> {
  const args: Record<string, unknown> = { userId: read.userId, ip: read.ip, since: read.since };
  if (read.deviceKeyId !== undefined) args['keyId'] = read.deviceKeyId;
  values.forEach(({ feature, value }, i) => {
    args[rowArg('feature', i)] = feature;
    args[rowArg('value', i)] = value;
  });
  missing.forEach((i, j) => {
    args[rowArg('gfeature', j)] = values[i]!.feature;
    args[rowArg('gvalue', j)] = values[i]!.value;
  });
  return args;
}

/**
 * AssessmentReads from a q.assessment row: `global` / `distinct` already hold the cached counts,
 * the row adds those of the `missing` values (indexes into `values`; `remember` gets each, for the
 * cache). `keys[i]` is values[i]'s featureKey.
 */
export function assessmentFrom(
  row: ReadRow & { withKey: boolean; userId: string; deviceKeyId: string | undefined },
  read: { values: readonly FeatureValue[]; keys: readonly string[]; missing: readonly number[] },
  cached: { global: Map<string, number>; distinct: Map<string, number>; remember: (value: FeatureValue, count: number, distinct: number) => void },
): AssessmentReads {
  const { values, keys, missing } = read;
  const layout = assessLayoutOf(row.template, values.length, missing.length, row.withKey);
  const tuple = row.tuple;
  const user = new Map<string, number>();
  for (let i = 0; i < values.length; i++) user.set(keys[i]!, countAt(row, layout.user[i]!));
  const { global, distinct } = cached;
  missing.forEach((i, j) => {
    const value = values[i]!;
    const count = countAt(row, layout.global[j]!);
    const features = countAt(row, layout.distinct[j]!);
    global.set(keys[i]!, count);
    distinct.set(value.feature, features);
    cached.remember(value, count, features);
  });
  const profile: ProfileCounts = {
    userLogins: countAt(row, layout.userLogins),
    totalLogins: countAt(row, layout.totalLogins),
    userCount: countAt(row, layout.userCount),
    user,
    global,
    distinct,
  };
  const time = numberOrUndefined(tuple?.[layout.lastTime]);
  let lastSuccess: LastSuccess | undefined;
  if (time !== undefined) {
    lastSuccess = { time, ip: String(tuple?.[layout.lastIp]) };
    const lat = numberOrUndefined(tuple?.[layout.lastLat]);
    const lon = numberOrUndefined(tuple?.[layout.lastLon]);
    if (lat !== undefined) lastSuccess.lat = lat;
    if (lon !== undefined) lastSuccess.lon = lon;
  }
  const reads: AssessmentReads = { profile, lastSuccess, failures: { user: countAt(row, layout.userFailures), ip: countAt(row, layout.ipFailures) } };
  if (layout.key && row.deviceKeyId !== undefined) {
    const boundAt = numberOrUndefined(tuple?.[layout.key.boundAt]);
    let deviceKey: DeviceKeyRecord | undefined;
    if (boundAt !== undefined) {
      deviceKey = { userId: row.userId, keyId: row.deviceKeyId, boundAt, lastUsedAt: Number(tuple?.[layout.key.lastUsedAt]) };
      const deviceId = tuple?.[layout.key.deviceId];
      if (deviceId !== null && deviceId !== undefined) deviceKey.deviceId = String(deviceId);
    }
    reads.deviceKey = deviceKey;
  }
  return reads;
}
