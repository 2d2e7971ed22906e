import type { FeatureValue } from '../../store/types';
import { featureRatio, type FeatureLevel } from '../freeman';
import type { NormalizedAttempt, Reason, RiskRule } from '../types';

/** Time zone (one level) and languages (full ordered list 0.7 / primary language 0.3), when the SDK sent them. */
function features(attempt: NormalizedAttempt): { timezone?: FeatureLevel[]; languages?: FeatureLevel[] } {
  const out: { timezone?: FeatureLevel[]; languages?: FeatureLevel[] } = {};
  if (attempt.timezone) out.timezone = [{ feature: 'timezone', value: attempt.timezone, weight: 1 }];
  const languages = (attempt.languages ?? []).filter((l) => typeof l === 'string' && l !== '').map((l) => l.toLowerCase());
  if (languages.length > 0) {
    const primary = (languages[0] as string).split('-')[0] as string;
    out.languages = [
      { feature: 'languages', value: languages.slice(0, 5).join(','), weight: 0.7 },
      { feature: 'language', value: primary, weight: 0.3 },
    ];
  }
  return out;
}

/** Locale features from the SDK: a login from a never-seen time zone or language set counts against it. */
export const localeRule: RiskRule = {
  id: 'locale',
  signals: ['time-zone', 'languages'],
  features: (attempt): FeatureValue[] =>
    Object.values(features(attempt)).flatMap((levels) => levels.map(({ feature, value }: FeatureLevel) => ({ feature, value }))),
  evaluate({ attempt, profile }) {
    const reasons: Reason[] = [];
    const { timezone, languages } = features(attempt);
    if (timezone) {
      const score = featureRatio(profile, timezone);
      const count = score.levels[0]?.userCount ?? 0;
      reasons.push({
        feature: 'timezone',
        ratio: score.ratio,
        detail: score.seen
          ? `Time zone ${attempt.timezone} seen in ${count} of ${profile.userLogins} sign-ins.`
          : `Time zone ${attempt.timezone} never seen for this account.`,
      });
    }
    if (languages) {
      const score = featureRatio(profile, languages);
      const [full, primary] = score.levels;
      reasons.push({
        feature: 'languages',
        ratio: score.ratio,
        detail: !score.seen
          ? `Languages ${full?.value} never seen for this account.`
          : full && full.userCount > 0
            ? `Languages ${full.value} seen in ${full.userCount} of ${profile.userLogins} sign-ins.`
            : `Language list ${full?.value} is new, but primary language ${primary?.value} was seen before.`,
      });
    }
    return { reasons };
  },
};
