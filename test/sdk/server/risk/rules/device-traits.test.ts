import { describe, expect, it } from 'vitest';
import { UNSEEN_RATIO } from '../../../../../sdk/server/risk/freeman';
import { deviceTraitsRule } from '../../../../../sdk/server/risk/rules/device-traits';
import { attempt, profile, ruleInput } from '../helpers';

const LAPTOP = { screen: '1920x1080@1/24', hardware: '8c/8GB/no-touch' };
const history = profile({
  userLogins: 10,
  totalLogins: 1000,
  userCount: 100,
  user: { 'screen=1920x1080@1/24': 10, 'hardware=8c/8GB/no-touch': 10 },
  global: { 'screen=1920x1080@1/24': 300, 'hardware=8c/8GB/no-touch': 200 },
  distinct: { screen: 50, hardware: 30 },
});
const run = (reported: { screen?: string; hardware?: string }) =>
  deviceTraitsRule.evaluate(ruleInput({ attempt: attempt({ reported }), profile: history })).reasons;

describe('device traits rule (screen and hardware vs earlier sign-ins)', () => {
  it('records and reads the screen and hardware values', () => {
    expect(deviceTraitsRule.features?.(attempt({ reported: LAPTOP }))).toEqual([
      { feature: 'screen', value: LAPTOP.screen },
      { feature: 'hardware', value: LAPTOP.hardware },
    ]);
    expect(deviceTraitsRule.features?.(attempt())).toEqual([]);
  });

  it('traits of the account’s own device lower the score by their Freeman ratio', () => {
    const [reason] = run(LAPTOP);
    // p = 0.6·301/1051 + 0.4·201/1031 against p(x|u) = 1.
    expect(reason?.ratio).toBeCloseTo(0.6 * (301 / 1051) + 0.4 * (201 / 1031), 6);
    expect(reason?.detail).toBe(
      'Device traits seen before for this account: screen 1920x1080@1/24 seen in 10 of 10; hardware 8c/8GB/no-touch seen in 10 of 10.',
    );
  });

  it('a known laptop on another monitor is only partly new; wholly new traits count as unseen', () => {
    const partly = run({ ...LAPTOP, screen: '2560x1440@1/24' })[0];
    expect(partly?.detail).toMatch(/^Device traits partly known for this account: screen 2560x1440@1\/24 never seen/);
    expect(partly?.ratio).toBeLessThan(UNSEEN_RATIO);
    const fresh = run({ screen: '390x844@3/24', hardware: '6c/?GB/touch' })[0];
    expect(fresh?.ratio).toBe(UNSEEN_RATIO);
    expect(fresh?.detail).toMatch(/^Device traits never seen for this account/);
  });

  it('no traits sent: no reason', () => {
    expect(run({})).toEqual([]);
  });
});
