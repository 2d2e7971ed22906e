import { describe, expect, it } from 'vitest';
import { consentRule } from '../../../../../sdk/server/risk/rules/consent';
import { attempt, ruleInput } from '../helpers';

describe('consent rule', () => {
  it('does nothing when consent was given or not stated', () => {
    expect(consentRule.evaluate(ruleInput({ attempt: attempt({ consent: true }) }))).toEqual({ reasons: [] });
    expect(consentRule.evaluate(ruleInput())).toEqual({ reasons: [] });
  });

  it('refused consent: challenge by default, with a reason and a neutral ratio', () => {
    const outcome = consentRule.evaluate(ruleInput({ attempt: attempt({ consent: false }) }));
    expect(outcome.floor).toBe('challenge');
    expect(outcome.reasons[0]).toMatchObject({ feature: 'consent', ratio: 1 });
    expect(outcome.reasons[0]?.detail).toContain('a second factor is required');
  });

  it('says what happened: no report at all is "no device signals were sent", not a refusal', () => {
    const none = consentRule.evaluate(ruleInput({ attempt: attempt({ consent: false, reportSent: false }) }));
    expect(none.reasons[0]?.detail).toMatch(/^No device signals were sent/);
    expect(none.reasons[0]?.detail).not.toContain('refused');
    expect(none.floor).toBe('challenge');
    const refused = consentRule.evaluate(ruleInput({ attempt: attempt({ consent: false, reportSent: true }) }));
    expect(refused.reasons[0]?.detail).toMatch(/^The visitor refused consent/);
  });

  it('"no consent, no login" policy denies', () => {
    const outcome = consentRule.evaluate(ruleInput({ attempt: attempt({ consent: false }), policy: { onConsentRefused: 'deny' } }));
    expect(outcome.floor).toBe('deny');
    expect(outcome.reasons[0]?.detail).toContain('does not allow sign-in without it');
  });
});
