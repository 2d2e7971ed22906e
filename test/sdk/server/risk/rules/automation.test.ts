import { describe, expect, it } from 'vitest';
import { AUTOMATION_RATIO, automationRule } from '../../../../../sdk/server/risk/rules/automation';
import { attempt, ruleInput } from '../helpers';

describe('automation rule', () => {
  it('is silent unless the SDK saw automation', () => {
    expect(automationRule.evaluate(ruleInput({ attempt: attempt({ automation: false }) }))).toEqual({ reasons: [] });
    expect(automationRule.evaluate(ruleInput())).toEqual({ reasons: [] });
  });

  it('challenges by default and denies when the policy says so', () => {
    const challenged = automationRule.evaluate(ruleInput({ attempt: attempt({ automation: true }) }));
    expect(challenged.floor).toBe('challenge');
    expect(challenged.reasons[0]?.ratio).toBe(AUTOMATION_RATIO);
    expect(automationRule.evaluate(ruleInput({ attempt: attempt({ automation: true }), policy: { onAutomation: 'deny' } })).floor).toBe('deny');
  });
});
