import { describe, expect, it } from 'vitest';
import { UNSEEN_RATIO } from '../../../../../sdk/server/risk/freeman';
import { browserRule } from '../../../../../sdk/server/risk/rules/browser';
import { CHROME_MAC, SAFARI_IPHONE, attempt, profile, ruleInput } from '../helpers';

describe('browser rule (UA string / browser / OS / device type)', () => {
  const history = profile({
    userLogins: 2,
    totalLogins: 10,
    userCount: 3,
    distinct: { ua: 4, browser: 3, os: 3, 'device-type': 2 },
    user: { [`ua=${CHROME_MAC}`]: 2, 'browser=Chrome 120': 2, 'os=Mac OS 10': 2, 'device-type=desktop': 2 },
    global: { [`ua=${CHROME_MAC}`]: 3, 'browser=Chrome 120': 5, 'os=Mac OS 10': 6, 'device-type=desktop': 8 },
  });

  it('parses the UA with ua-parser-js into the hierarchy levels', () => {
    expect(browserRule.features?.(attempt())).toEqual([
      { feature: 'ua', value: CHROME_MAC },
      { feature: 'browser', value: 'Chrome 120' },
      { feature: 'os', value: 'Mac OS 10' },
      { feature: 'device-type', value: 'desktop' },
    ]);
    expect(browserRule.features?.(attempt({ userAgent: SAFARI_IPHONE })).find((f) => f.feature === 'device-type')?.value).toBe('mobile');
  });

  it('same browser with a new UA string (an update) scores lower than a new device type', () => {
    const updated = CHROME_MAC.replace('120.0.0.0', '120.0.6099.71');
    const same = browserRule.evaluate(ruleInput({ attempt: attempt(), profile: history })).reasons[0]!.ratio;
    const update = browserRule.evaluate(ruleInput({ attempt: attempt({ userAgent: updated }), profile: history })).reasons[0]!;
    const phone = browserRule.evaluate(ruleInput({ attempt: attempt({ userAgent: SAFARI_IPHONE }), profile: history })).reasons[0]!;
    // Known: p(x) = 0.5·4/15 + 0.25·6/14 + 0.15·7/14 + 0.1·9/13, p(x|u) = 1
    expect(same).toBeCloseTo(0.5 * (4 / 15) + 0.25 * (6 / 14) + 0.15 * (7 / 14) + 0.1 * (9 / 13), 10);
    expect(update.ratio).toBeGreaterThan(same);
    expect(update.ratio).toBeLessThan(1);
    expect(update.detail).toContain('Browser partly known for this account: exact user agent never seen; browser Chrome 120 seen in 2 of 2');
    expect(phone.ratio).toBe(UNSEEN_RATIO);
    expect(phone.detail).toContain('Browser never seen');
  });
});
