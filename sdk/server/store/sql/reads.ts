/**
 * The one-row reads of assess (q.profile, q.assessment): their named arguments, and their row read
 * back by column alias, so a column added to either query cannot shift what another one means.
 */
import { featureKey, type AssessmentReads, type FeatureValue, type LastSuccess, type ProfileCounts } from '../types';
import { perRow } from './compile';
import { pairColumn } from './queries';

/** The feature.i / value.i arguments of q.profile and q.assessment. */
export const pairArgs = (values: readonly FeatureValue[]) => perRow(values.map(({ feature, value }) => ({ feature, value })));

/** A q.profile / q.assessment row, read by column alias. */
export type ReadRow = Record<string, unknown>;

/** A count column: absent (NULL, no row) is 0. */
const count = (row: ReadRow | undefined, column: string): number => Number(row?.[column] ?? 0);

/** A nullable column as a number, or undefined. */
const numberOrUndefined = (value: unknown): number | undefined => (value === null || value === undefined ? undefined : Number(value));

/** ProfileCounts from a q.profile / q.assessment row (see pairColumn for the per-value aliases). */
export function profileFrom(row: ReadRow | undefined, values: readonly FeatureValue[]): ProfileCounts {
  const user = new Map<string, number>();
  const global = new Map<string, number>();
  const distinct = new Map<string, number>();
  values.forEach(({ feature, value }, i) => {
    const key = featureKey(feature, value);
    global.set(key, count(row, pairColumn.global(i)));
    user.set(key, count(row, pairColumn.user(i)));
    distinct.set(feature, count(row, pairColumn.distinct(i)));
  });
  return { userLogins: count(row, 'user_logins'), totalLogins: count(row, 'total_logins'), userCount: count(row, 'user_count'), user, global, distinct };
}

/** AssessmentReads from a q.assessment row. */
export function assessmentFrom(row: ReadRow | undefined, values: readonly FeatureValue[]): AssessmentReads {
  const time = numberOrUndefined(row?.['last_time']);
  let lastSuccess: LastSuccess | undefined;
  if (time !== undefined) {
    lastSuccess = { time, ip: String(row?.['last_ip']) };
    const lat = numberOrUndefined(row?.['last_lat']);
    const lon = numberOrUndefined(row?.['last_lon']);
    if (lat !== undefined) lastSuccess.lat = lat;
    if (lon !== undefined) lastSuccess.lon = lon;
  }
  return { profile: profileFrom(row, values), lastSuccess, failures: { user: count(row, 'user_failures'), ip: count(row, 'ip_failures') } };
}
