import { describe, expect, it } from 'vitest';
import { velocityRule } from '../../../../../sdk/server/risk/rules/velocity';
import { ruleInput } from '../helpers';

describe('velocity rule', () => {
  it('is silent without failures', () => {
    expect(velocityRule.evaluate(ruleInput())).toEqual({ reasons: [] });
  });

  it('reports failures below the limit without changing the score', () => {
    const outcome = velocityRule.evaluate(ruleInput({ failures: { user: 2, ip: 0 } }));
    expect(outcome.floor).toBeUndefined();
    expect(outcome.reasons).toEqual([{ feature: 'velocity-user', ratio: 1, detail: '2 failed sign-ins for this account in the last 15 min (limit 5).' }]);
  });

  it('challenges at the per-account limit and scales the ratio with the count', () => {
    const outcome = velocityRule.evaluate(ruleInput({ failures: { user: 10, ip: 3 } }));
    expect(outcome.floor).toBe('challenge');
    expect(outcome.reasons[0]).toMatchObject({ feature: 'velocity-user', ratio: 1 + (4 * 10) / 5 });
    expect(outcome.reasons[1]).toMatchObject({ feature: 'velocity-ip', ratio: 1 });
  });

  it('challenges credential stuffing from one IP across accounts', () => {
    const outcome = velocityRule.evaluate(ruleInput({ failures: { user: 0, ip: 40 }, policy: { velocity: { ipFailures: 20, windowMs: 3_600_000 } } }));
    expect(outcome.floor).toBe('challenge');
    expect(outcome.reasons[0]?.detail).toBe('40 failed sign-ins from this IP address in the last 60 min (limit 20).');
  });
});
