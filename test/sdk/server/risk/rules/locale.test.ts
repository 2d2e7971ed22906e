import { describe, expect, it } from 'vitest';
import { UNSEEN_RATIO } from '../../../../../sdk/server/risk/freeman';
import { localeRule } from '../../../../../sdk/server/risk/rules/locale';
import { attempt, profile, ruleInput } from '../helpers';

describe('locale rule (time zone, languages)', () => {
  const history = profile({
    userLogins: 3,
    totalLogins: 30,
    userCount: 5,
    distinct: { timezone: 4, languages: 5, language: 3 },
    user: { 'timezone=Europe/Oslo': 3, 'languages=nb-no,en': 3, 'language=nb': 3 },
    global: { 'timezone=Europe/Oslo': 10, 'languages=nb-no,en': 8, 'language=nb': 12, 'language=en': 15 },
  });

  it('contributes nothing when the SDK sent no locale', () => {
    expect(localeRule.features?.(attempt())).toEqual([]);
    expect(localeRule.evaluate(ruleInput({ profile: history })).reasons).toEqual([]);
  });

  it('a known time zone and language list lower the score; new ones count 4', () => {
    const known = localeRule.evaluate(ruleInput({ attempt: attempt({ timezone: 'Europe/Oslo', languages: ['nb-NO', 'en'] }), profile: history })).reasons;
    expect(known.find((r) => r.feature === 'timezone')?.ratio).toBeCloseTo(11 / 35, 10);
    expect(known.find((r) => r.feature === 'languages')?.ratio).toBeCloseTo(0.7 * (9 / 36) + 0.3 * (13 / 34), 10);
    const unknown = localeRule.evaluate(ruleInput({ attempt: attempt({ timezone: 'Asia/Jakarta', languages: ['id-ID'] }), profile: history })).reasons;
    expect(unknown.map((r) => r.ratio)).toEqual([UNSEEN_RATIO, UNSEEN_RATIO]);
    expect(unknown[0]?.detail).toContain('Asia/Jakarta never seen');
  });

  it('a reordered language list with the same primary language is only partly new', () => {
    const [reason] = localeRule.evaluate(ruleInput({ attempt: attempt({ languages: ['nb-NO', 'en', 'de'] }), profile: history })).reasons;
    expect(reason!.ratio).toBeLessThan(UNSEEN_RATIO);
    expect(reason!.detail).toContain('primary language nb was seen before');
  });
});
