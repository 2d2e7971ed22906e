import { featureKey, type FeatureValue, type ProfileCounts } from '../store/types';

/*
 * The likelihood-ratio score of Freeman, Jain, Dürmuth, Biggio and Giacinto, "Who Are You? A
 * Statistical Approach to Measuring User Authenticity", NDSS 2016:
 *
 *   S(x, u) = p(u|A) / p(u|L) · Π_k p(x_k) / p(x_k|u)
 *
 * S > 1 means the attempt looks more like an attack than like this user. How we estimate each term
 * (the paper leaves the smoothing constants open; these are our choices, tested in
 * test/sdk/server/risk/freeman.test.ts with a hand-computed example):
 *
 * 1. Global frequency, add-one smoothed so an unseen value has a small non-zero probability:
 *      p̃(v) = (count(v) + 1) / (N + D_f + 1)
 *    N = vouching logins of all users, D_f = distinct values of feature f (the "+1" is the slot
 *    for all unseen values).
 * 2. User frequency, maximum likelihood: p̂(v|u) = count_u(v) / n_u (n_u = vouching logins of u).
 * 3. Hierarchical features interpolate their levels with fixed weights μ (renormalised over the
 *    levels present in the attempt): IP 0.6 / ASN 0.3 / country 0.1, and UA string / browser / OS /
 *    device type 0.5 / 0.25 / 0.15 / 0.1:
 *      p(x) = Σ μ_i p̃(x_i),   p(x|u) = Σ μ_i p̂(x_i|u)
 * 4. "A value never seen for this user counts as a ratio of 4": when p(x|u) = 0 (no level of the
 *    value occurs in the user's history, including a user without history) the feature's ratio is
 *    exactly UNSEEN_RATIO = 4 instead of a division by zero. A value partly seen (e.g. new IP,
 *    known ASN) can never score worse than a wholly new one, so every ratio is capped at 4 too.
 * 5. The user prior assumes attackers pick accounts uniformly, p(u|A) = 1/U, and legitimate
 *    traffic follows the users' share of logins, add-one smoothed: p(u|L) = (n_u + 1) / (N + U).
 *    U counts users with history, plus the user in question when they have none.
 */

/** The ratio a feature value never seen for this user contributes (see point 4 above). */
export const UNSEEN_RATIO = 4;

/** One level of a hierarchical feature: its value and interpolation weight. */
export interface FeatureLevel extends FeatureValue {
  weight: number;
}

/** How one (possibly hierarchical) feature scored, with the counts behind it for the reason text. */
export interface FeatureScore {
  ratio: number;
  pGlobal: number;
  pUser: number;
  seen: boolean;
  levels: { feature: string; value: string; userCount: number; globalCount: number }[];
}

const smoothedGlobal = (count: number, totalLogins: number, distinct: number) => (count + 1) / (totalLogins + distinct + 1);
const userShare = (count: number, userLogins: number) => (userLogins > 0 ? count / userLogins : 0);

/** Smoothed global probability p̃(v) of one value (point 1). */
export function globalProbability(profile: ProfileCounts, value: FeatureValue): number {
  return smoothedGlobal(profile.global.get(featureKey(value.feature, value.value)) ?? 0, profile.totalLogins, profile.distinct.get(value.feature) ?? 0);
}

/** Maximum-likelihood user probability p̂(v|u) of one value (point 2); 0 without history. */
export function userProbability(profile: ProfileCounts, value: FeatureValue): number {
  return userShare(profile.user.get(featureKey(value.feature, value.value)) ?? 0, profile.userLogins);
}

/** p(x)/p(x|u) for one feature given as its hierarchy levels, most specific first (points 3–4). */
export function featureRatio(profile: ProfileCounts, levels: FeatureLevel[]): FeatureScore {
  let totalWeight = 0;
  for (const level of levels) totalWeight += level.weight;
  let pGlobal = 0;
  let pUser = 0;
  const described: FeatureScore['levels'] = [];
  for (const level of levels) {
    // globalProbability / userProbability with the map key built once (hot path).
    const key = featureKey(level.feature, level.value);
    const userCount = profile.user.get(key) ?? 0;
    const globalCount = profile.global.get(key) ?? 0;
    const weight = level.weight / totalWeight;
    pGlobal += weight * smoothedGlobal(globalCount, profile.totalLogins, profile.distinct.get(level.feature) ?? 0);
    pUser += weight * userShare(userCount, profile.userLogins);
    described.push({ feature: level.feature, value: level.value, userCount, globalCount });
  }
  const seen = pUser > 0;
  const ratio = seen ? Math.min(UNSEEN_RATIO, pGlobal / pUser) : UNSEEN_RATIO;
  return { ratio, pGlobal, pUser, seen, levels: described };
}

/** p(u|A)/p(u|L) (point 5). */
export function userPriorRatio(profile: ProfileCounts): number {
  const users = profile.userCount + (profile.userLogins > 0 ? 0 : 1);
  const pAttack = 1 / users;
  const pLegit = (profile.userLogins + 1) / (profile.totalLogins + users);
  return pAttack / pLegit;
}

/** "3 of 12 sign-ins" style fragment for reason texts. */
export function describeLevels(score: FeatureScore, userLogins: number, label: Record<string, (value: string) => string>): string {
  return score.levels
    .map((l) => `${label[l.feature]?.(l.value) ?? `${l.feature} ${l.value}`} ${l.userCount === 0 ? 'never seen' : `seen in ${l.userCount} of ${userLogins}`}`)
    .join('; ');
}
