import { featureKey, type FeatureValue, type ProfileCounts, type Store } from '../store/types';
import type { DeviceEvent, NormalizedAttempt } from './types';

export type { DeviceEvent } from './types';

/*
 * How often does THIS account show up on a device it had not proven? A user who always comes back
 * on the same two devices rarely does; one who switches browsers weekly often does. Every successful
 * sign-in is classified jointly over the device key, the device id and the visitor id, and the class
 * is recorded as a feature value ('device-event'), so the ordinary aggregates count it per user and
 * in the whole population (and a login marked "not me", purged or erased stops counting):
 *
 *   new      no bound key (or, without proofs, an unseen device id) and an unseen fingerprint
 *   cleared  no bound key / an unseen device id, but a fingerprint this account has shown
 *            (site storage cleared: the device id and the key go together)
 *   drift    a bound key (or a known device id) with a fingerprint this account never showed
 *
 * The rate of unproven devices (new + cleared) is smoothed from the user's own history towards the
 * population's rate with a Beta prior worth PRIOR_LOGINS sign-ins:
 *
 *   π   = (G + 1) / (N + 2)                        population: G such logins of N vouching logins
 *   r_u = (c_u + PRIOR_LOGINS·π) / (n_u + PRIOR_LOGINS)   this user: c_u of n_u
 *
 * An attacker without the device's key always arrives on an unproven device (p = 1), this user
 * does with probability r_u, so the evidence is the likelihood ratio 1 / r_u, replacing a fixed ×4.
 */

/** The feature that records each successful sign-in's device class. */
export const DEVICE_EVENT_FEATURE = 'device-event';
/** The values read with every assessment that scores a device (their user and global counts). */
export const DEVICE_EVENT_READS: readonly FeatureValue[] = [
  { feature: DEVICE_EVENT_FEATURE, value: 'new' },
  { feature: DEVICE_EVENT_FEATURE, value: 'cleared' },
];
/** Weight of the population's rate, in sign-ins of the user's own history. */
export const PRIOR_LOGINS = 10;
/**
 * The largest ratio an unproven device scores: with the default denyAt (1e6) a new device alone, even
 * with a new network, browser and locale, must not deny a long-standing user outright (the second
 * factor is the answer for a new device, not a lockout).
 */
export const MAX_UNPROVEN_RATIO = 64;

/** The learned rate of unproven devices for the profile's user, and the counts it came from. */
export interface UnprovenDeviceRate {
  /** r_u: the smoothed probability that this user's next sign-in is on an unproven device. */
  rate: number;
  /** The likelihood ratio 1 / r_u, capped at MAX_UNPROVEN_RATIO. */
  ratio: number;
  /** This user's unproven-device sign-ins (c_u) and vouching sign-ins (n_u). */
  userEvents: number;
  userLogins: number;
  /** The population's smoothed rate π. */
  populationRate: number;
}

const count = (counts: Map<string, number>, value: string) => counts.get(featureKey(DEVICE_EVENT_FEATURE, value)) ?? 0;

/** Learned rate of unproven devices (new or cleared) for the user, from the profile's device-event counts. */
export function unprovenDeviceRate(profile: ProfileCounts): UnprovenDeviceRate {
  const global = count(profile.global, 'new') + count(profile.global, 'cleared');
  const populationRate = (global + 1) / (profile.totalLogins + 2);
  const userLogins = profile.userLogins;
  const userEvents = Math.min(userLogins, count(profile.user, 'new') + count(profile.user, 'cleared'));
  const rate = (userEvents + PRIOR_LOGINS * populationRate) / (userLogins + PRIOR_LOGINS);
  return { rate, ratio: Math.min(MAX_UNPROVEN_RATIO, 1 / rate), userEvents, userLogins, populationRate };
}

/** "this account signs in from a device it had not proven in 3 of 40 sign-ins (1 in 13 with the population's 1 in 16)". */
export function describeRate(learned: UnprovenDeviceRate, what: string): string {
  const oneIn = (p: number) => `1 in ${Math.max(1, Math.round(1 / p))}`;
  const history =
    learned.userLogins === 0
      ? `this account has no sign-in history, so the population's rate is used: ${what} in ${oneIn(learned.populationRate)} sign-ins`
      : `this account signs in from ${what} in ${learned.userEvents} of ${learned.userLogins} sign-ins (learned rate ${oneIn(learned.rate)}, population ${oneIn(learned.populationRate)})`;
  return `${history}; ×${learned.ratio < 10 ? learned.ratio.toFixed(1) : Math.round(learned.ratio)}.`;
}

/** The values `deviceEventOf` needs the account's counts of: its device id and visitor id, when the attempt has them. */
export function deviceEventReads(attempt: NormalizedAttempt): FeatureValue[] {
  const values: FeatureValue[] = [];
  if (attempt.deviceId) values.push({ feature: 'device-id', value: attempt.deviceId });
  if (attempt.visitorId) values.push({ feature: 'visitor-id', value: attempt.visitorId });
  return values;
}

/** The key whose binding deviceEventOf needs: the attempt's device key when its proof is valid (what assess reads too). */
export const provenKeyId = (attempt: NormalizedAttempt): string | undefined => (attempt.deviceProof === 'valid' ? attempt.deviceKeyId : undefined);

/**
 * The pure classification (the table above): `userCounts` holds the account's counts of
 * deviceEventReads(attempt) (ProfileCounts.user), `key` the binding of its proven key (any age; only
 * read for provenKeyId). Undefined: a known device, or nothing to classify (no proof stated
 * and no device id).
 */
export function deviceEventOf(attempt: NormalizedAttempt, userCounts: ReadonlyMap<string, number> | undefined, key: unknown): DeviceEvent | undefined {
  if (attempt.deviceProof === undefined && !attempt.deviceId) return undefined;
  const seen = (feature: string, value: string | undefined) => value !== undefined && (userCounts?.get(featureKey(feature, value)) ?? 0) > 0;
  const known = attempt.deviceProof !== undefined ? key !== undefined : seen('device-id', attempt.deviceId);
  const fingerprintSeen = seen('visitor-id', attempt.visitorId);
  if (!known) return fingerprintSeen ? 'cleared' : 'new';
  return attempt.visitorId && !fingerprintSeen ? 'drift' : undefined;
}

/**
 * Classifies a successful sign-in for the account's device history from the store (record, when
 * the assessment's classification is not at hand): a proven key (valid proof by a bound key) or a
 * known device id is the same device; the fingerprint tells a cleared browser from a new one, and a
 * drifted fingerprint on a known device.
 */
export async function classifyDeviceEvent(store: Store, attempt: NormalizedAttempt): Promise<DeviceEvent | undefined> {
  if (attempt.deviceProof === undefined && !attempt.deviceId) return undefined;
  const values = deviceEventReads(attempt);
  const keyId = provenKeyId(attempt);
  const [profile, key] = await Promise.all([
    values.length > 0 ? store.readProfile(attempt.userId, values) : undefined,
    keyId !== undefined ? store.readDeviceKey(attempt.userId, keyId) : undefined,
  ]);
  return deviceEventOf(attempt, profile?.user, key);
}
