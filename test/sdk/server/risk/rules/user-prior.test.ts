import { describe, expect, it } from 'vitest';
import { userPriorRule } from '../../../../../sdk/server/risk/rules/user-prior';
import { profile, ruleInput } from '../helpers';

describe('user prior rule p(u|A)/p(u|L)', () => {
  it('is (1/U) / ((n_u+1)/(N+U))', () => {
    const [reason] = userPriorRule.evaluate(ruleInput({ profile: profile({ userLogins: 9, totalLogins: 90, userCount: 10 }) })).reasons;
    // (1/10) / (10/100) = 1: a user with an average share of logins is neutral.
    expect(reason?.ratio).toBeCloseTo(1, 12);
    expect(reason?.detail).toContain('9 earlier successful sign-ins');
  });

  it('says so when the account has no history', () => {
    const [reason] = userPriorRule.evaluate(ruleInput({ profile: profile({ totalLogins: 90, userCount: 10 }) })).reasons;
    expect(reason?.ratio).toBeCloseTo(1 / 11 / (1 / 101), 10);
    expect(reason?.detail).toMatch(/No earlier successful sign-in/);
  });
});
