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
    return {
      reasons: [{ feature: 'consent', ratio: 1, detail: `The visitor refused consent to device signals, so the device cannot vouch; ${then}.` }],
      floor: policy.onConsentRefused,
    };
  },
};
