import type { FeatureValue } from '../../store/types';
import { describeLevels, featureRatio, type FeatureLevel } from '../freeman';
import type { NormalizedAttempt, RiskRule } from '../types';

/** Freeman's hierarchy for where a login comes from: the IP address, its network (ASN), its country. */
function levels(attempt: NormalizedAttempt): FeatureLevel[] {
  const out: FeatureLevel[] = [{ feature: 'ip', value: attempt.ip, weight: 0.6 }];
  if (attempt.asn) out.push({ feature: 'asn', value: attempt.asn, weight: 0.3 });
  if (attempt.country) out.push({ feature: 'country', value: attempt.country, weight: 0.1 });
  return out;
}

const LABELS = { ip: (v: string) => `IP address ${v}`, asn: (v: string) => `network AS${v}`, country: (v: string) => `country ${v}` };

/** IP / ASN / country likelihood ratio (weights 0.6 / 0.3 / 0.1). */
export const networkRule: RiskRule = {
  id: 'network',
  features: (attempt): FeatureValue[] => levels(attempt).map(({ feature, value }) => ({ feature, value })),
  evaluate({ attempt, profile }) {
    const score = featureRatio(profile, levels(attempt));
    const lead = !score.seen
      ? 'Network never seen for this account'
      : score.levels[0]?.userCount
        ? 'Network seen before for this account'
        : 'Network partly known for this account';
    return { reasons: [{ feature: 'network', ratio: score.ratio, detail: `${lead}: ${describeLevels(score, profile.userLogins, LABELS)}.` }] };
  },
};
