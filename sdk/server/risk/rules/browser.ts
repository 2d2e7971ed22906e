import type { FeatureValue } from '../../store/types';
import { describeLevels, featureRatio, type FeatureLevel } from '../freeman';
import type { NormalizedAttempt, RiskRule } from '../types';

/** Freeman's hierarchy for the client: the full UA string, browser + major version, OS, device type. */
function levels(attempt: NormalizedAttempt): FeatureLevel[] {
  return [
    { feature: 'ua', value: attempt.userAgent, weight: 0.5 },
    { feature: 'browser', value: attempt.ua.browser, weight: 0.25 },
    { feature: 'os', value: attempt.ua.os, weight: 0.15 },
    { feature: 'device-type', value: attempt.ua.deviceType, weight: 0.1 },
  ];
}

// The full UA string is long and adds nothing a person can read; it is named without its value.
const LABELS = {
  ua: () => 'exact user agent',
  browser: (v: string) => `browser ${v}`,
  os: (v: string) => `OS ${v}`,
  'device-type': (v: string) => `device type ${v}`,
};

/** UA string / browser / OS / device type likelihood ratio (weights 0.5 / 0.25 / 0.15 / 0.1). */
export const browserRule: RiskRule = {
  id: 'browser',
  features: (attempt): FeatureValue[] => levels(attempt).map(({ feature, value }) => ({ feature, value })),
  evaluate({ attempt, profile }) {
    const score = featureRatio(profile, levels(attempt));
    const described = describeLevels(score, profile.userLogins, LABELS);
    const lead = !score.seen
      ? 'Browser never seen for this account'
      : score.levels[0]?.userCount
        ? 'Browser seen before for this account'
        : 'Browser partly known for this account';
    return { reasons: [{ feature: 'browser', ratio: score.ratio, detail: `${lead}: ${described}.` }] };
  },
};
