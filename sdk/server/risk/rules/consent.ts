import type { RiskRule } from '../types';

/**
 * Consent refused: the SDK collected nothing, so the device cannot vouch. The score is left alone
 * (no evidence either way) and the policy decides: `challenge` by default, or `deny` for
 * "no consent, no login".
 */
export const consentRule: RiskRule = {
  id: 'consent',
  evaluate({ attempt, policy }) {
    if (attempt.consent !== false) return { reasons: [] };
    const then = policy.onConsentRefused === 'deny' ? 'this site does not allow sign-in without it' : 'a second factor is required instead';
    // Say what the server saw: a report stating refusal, or no report at all (which may also be a
    // blocked or missing SDK, or a client that simply left it out).
    const what =
      attempt.reportSent === false
        ? 'No device signals were sent with this sign-in (no sealed report: consent not given, or the SDK did not run)'
        : 'The visitor refused consent to device signals';
    return {
      reasons: [{ feature: 'consent', ratio: 1, detail: `${what}, so the device cannot vouch; ${then}.` }],
      floor: policy.onConsentRefused,
    };
  },
};
