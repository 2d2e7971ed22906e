import type { FeatureValue } from '../../store/types';
import { featureRatio, type FeatureLevel } from '../freeman';
import type { NormalizedAttempt, RiskRule } from '../types';

/*
 * Screen (size, pixel ratio, colour depth) and hardware (cores, memory class, touch) as traits of
 * the devices this account signs in from, compared with its earlier sign-ins like the other
 * Freeman features: a device whose traits the account has never shown counts against the attempt.
 * Two levels with their own weights, so a known laptop on another monitor (new screen, same
 * hardware) is only partly new. Like the locale these are the client's to write: they can match
 * the account's history, never prove a device (only the device key does).
 */
function levels(attempt: NormalizedAttempt): FeatureLevel[] {
  const out: FeatureLevel[] = [];
  if (attempt.reported?.screen) out.push({ feature: 'screen', value: attempt.reported.screen, weight: 0.6 });
  if (attempt.reported?.hardware) out.push({ feature: 'hardware', value: attempt.reported.hardware, weight: 0.4 });
  return out;
}

/** Screen and hardware against the account's earlier sign-ins (weights 0.6 / 0.4). */
export const deviceTraitsRule: RiskRule = {
  id: 'device-traits',
  signals: ['screen', 'hardware', 'touch'],
  features: (attempt): FeatureValue[] => levels(attempt).map(({ feature, value }) => ({ feature, value })),
  evaluate({ attempt, profile }) {
    const traits = levels(attempt);
    if (traits.length === 0) return { reasons: [] };
    const score = featureRatio(profile, traits);
    const parts = score.levels.map((l) => `${l.feature} ${l.value} ${l.userCount === 0 ? 'never seen' : `seen in ${l.userCount} of ${profile.userLogins}`}`);
    const lead = !score.seen
      ? 'Device traits never seen for this account'
      : score.levels.every((l) => l.userCount > 0)
        ? 'Device traits seen before for this account'
        : 'Device traits partly known for this account';
    return { reasons: [{ feature: 'device-traits', ratio: score.ratio, detail: `${lead}: ${parts.join('; ')}.` }] };
  },
};
