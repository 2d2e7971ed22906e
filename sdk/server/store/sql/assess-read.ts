/**
 * The assess read: everything one assessment needs in ONE statement (per-user counts, totals, the
 * latest vouching login, recent failures, the device key binding, and the global counts the
 * short-lived cache lacks, see global-cache.ts), its named arguments, and its row read back by alias.
 */
import type { Kysely } from 'kysely';
import { featureKey, type AssessmentReads, type DeviceKeyRecord, type FeatureValue, type LastSuccess, type ProfileCounts, type RiskStore } from '../types';
import { bind, columnIndex, perShape, rowArg, template, type Template } from './compile';
import type { CacheMisses, GlobalCountCache } from './global-cache';
import { countProbe, range, userLogins, type Eb } from './queries';
import { countAt, numberOrUndefined, withPairArgs, type ReadRow } from './reads';
import type { SqlRunner } from './runner';
import type { TwofoldDatabase } from './schema';

/** The column aliases of the assess read: value i's user count; global miss j's count; distinct miss j's count. */
export const assessColumn = {
  user: (i: number) => `u${i}`,
  global: (j: number) => `g${j}`,
  distinct: (j: number) => `d${j}`,
};

/**
 * Everything one assessment reads, as ONE row. Arguments: userId, ip, since, keyId (withKey),
 * feature.i / value.i for the n values (their user counts, assessColumn.user(i)), gfeature.j /
 * gvalue.j for the m values whose global counts are not cached (assessColumn.global(j)) and
 * dfeature.j for the k features whose distinct counts are not (assessColumn.distinct(j)). Columns: total_logins, user_count, user_logins, last_time / last_ip / last_lat /
 * last_lon of the latest vouching login, user_failures and ip_failures since `since`, and with
 * withKey the key_bound_at / key_last_used_at / key_device_id of the device key binding (NULL when absent).
 */
export function assessQuery(db: Kysely<TwofoldDatabase>) {
  return perShape((n: number, m: number, k: number, withKey: boolean) =>
    template<string>((a) => {
      // Four probes of the same covering index: measured on SQLite, as cheap as one joined
      // subquery with a literal LIMIT, and several times cheaper than one with a bound LIMIT
      // (which SQLite materialises whole).
      const failuresSince = (eb: Eb, column: 'user_id' | 'ip', key: string) =>
        eb
          .selectFrom('logins')
          .select((f) => f.fn.countAll().as('n'))
          .where(column, '=', key)
          .where('outcome', '=', 'failure')
          .where('time', '>=', a<number>('since'));
      const last = (eb: Eb) => eb.selectFrom('logins').where('user_id', '=', a('userId')).where('vouching', '=', 1).orderBy('time', 'desc').limit(1);
      let query = db
        .selectFrom('totals as t')
        .select((eb) => [
          't.total_logins as total_logins',
          't.user_count as user_count',
          userLogins(eb, a),
          last(eb).select('time').as('last_time'),
          last(eb).select('ip').as('last_ip'),
          last(eb).select('lat').as('last_lat'),
          last(eb).select('lon').as('last_lon'),
          failuresSince(eb, 'user_id', a('userId')).as('user_failures'),
          failuresSince(eb, 'ip', a('ip')).as('ip_failures'),
          ...range(n).map((i) => countProbe.user(eb, a, a(rowArg('feature', i)), a(rowArg('value', i))).as(assessColumn.user(i))),
          ...range(m).map((j) => countProbe.global(eb, a(rowArg('gfeature', j)), a(rowArg('gvalue', j))).as(assessColumn.global(j))),
          ...range(k).map((j) => countProbe.distinct(eb, a(rowArg('dfeature', j))).as(assessColumn.distinct(j))),
        ])
        .where('t.id', '=', 1);
      if (withKey) {
        query = query
          .leftJoin('device_keys as k', (join) => join.on('k.user_id', '=', a('userId')).on('k.key_id', '=', a('keyId')))
          .select(['k.bound_at as key_bound_at', 'k.last_used_at as key_last_used_at', 'k.device_id as key_device_id']) as unknown as typeof query;
      }
      return query;
    }),
  );
}

/** Where the assess read's columns are, by alias, once per template. */
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

function assessLayoutOf(template: Template, n: number, m: number, k: number, withKey: boolean): AssessLayout {
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
      distinct: Array.from({ length: k }, (_, j) => at(assessColumn.distinct(j))),
      key: withKey ? { boundAt: at('key_bound_at'), lastUsedAt: at('key_last_used_at'), deviceId: at('key_device_id') } : undefined,
    };
    assessLayouts.set(template, layout);
  }
  return layout;
}

/** The arguments of the assess read (see assessQuery). */
export function assessmentArgs(
  read: { userId: string; ip: string; since: number; deviceKeyId: string | undefined },
  values: readonly FeatureValue[],
  missing: CacheMisses,
): Record<string, unknown> {
  const args = withPairArgs({ userId: read.userId, ip: read.ip, since: read.since }, values);
  if (read.deviceKeyId !== undefined) args['keyId'] = read.deviceKeyId;
  missing.values.forEach((i, j) => {
    args[rowArg('gfeature', j)] = values[i]!.feature;
    args[rowArg('gvalue', j)] = values[i]!.value;
  });
  missing.features.forEach((feature, j) => {
    args[rowArg('dfeature', j)] = feature;
  });
  return args;
}

/**
 * AssessmentReads from an assess read's row: `global` / `distinct` already hold the cached counts,
 * the row adds the `missing` ones (and the cache remembers them). `keys[i]` is values[i]'s featureKey.
 */
export function assessmentFrom(
  row: ReadRow & { withKey: boolean; userId: string; deviceKeyId: string | undefined },
  read: { values: readonly FeatureValue[]; keys: readonly string[]; missing: CacheMisses },
  cached: { global: Map<string, number>; distinct: Map<string, number>; cache: GlobalCountCache; now: number },
): AssessmentReads {
  const { values, keys, missing } = read;
  const layout = assessLayoutOf(row.template, values.length, missing.values.length, missing.features.length, row.withKey);
  const tuple = row.tuple;
  const user = new Map<string, number>();
  for (let i = 0; i < values.length; i++) user.set(keys[i]!, countAt(row, layout.user[i]!));
  const { global, distinct } = cached;
  missing.values.forEach((i, j) => {
    const count = countAt(row, layout.global[j]!);
    global.set(keys[i]!, count);
    cached.cache.rememberCount(values[i]!, count, cached.now);
  });
  missing.features.forEach((feature, j) => {
    const count = countAt(row, layout.distinct[j]!);
    distinct.set(feature, count);
    cached.cache.rememberDistinct(feature, count, cached.now);
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

/** RiskStore.readForAssessment over SQL: the global rows only for values the cache lacks. */
export function assessRead(db: Kysely<TwofoldDatabase>, runner: SqlRunner, globals: GlobalCountCache): NonNullable<RiskStore['readForAssessment']> {
  const query = assessQuery(db);
  return async (userId, ip, values, since, deviceKeyId) => {
    const now = Date.now();
    const keys = values.map(({ feature, value }) => featureKey(feature, value));
    const global = new Map<string, number>();
    const distinct = new Map<string, number>();
    const missing = globals.fill(values, keys, global, distinct, now);
    const withKey = deviceKeyId !== undefined;
    const t = query(values.length, missing.values.length, missing.features.length, withKey);
    const [tuple] = await runner.tuples(t.sql, bind(t, assessmentArgs({ userId, ip, since, deviceKeyId }, values, missing)));
    return assessmentFrom({ tuple, template: t, withKey, userId, deviceKeyId }, { values, keys, missing }, { global, distinct, cache: globals, now });
  };
}
