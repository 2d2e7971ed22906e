import { TwofoldError } from '../../protocol/errors';
import type { RiskEngineOptions, RiskPolicy } from './types';

/**
 * Defaults. `challengeAt` = 1 is the likelihood ratio's natural boundary: at or above it the
 * attempt is at least as likely to come from an attacker as from this user. On the generated
 * population (bench/risk.bench.ts, bench/results/risk.json) it challenges under 1% of legitimate
 * logins; a first sign-in without history always reaches it (every feature counts 4). `denyAt` is
 * far out: the score alone denies only when every feature is new AND rules pile on (automation,
 * impossible travel, failed-attempt velocity); otherwise the user gets a second factor.
 */
export const DEFAULT_POLICY: RiskPolicy = {
  challengeAt: 1,
  denyAt: 1e6,
  onConsentRefused: 'challenge',
  onAutomation: 'challenge',
  velocity: { windowMs: 15 * 60_000, userFailures: 5, ipFailures: 20 },
  travel: { maxKmh: 1000, minKm: 100 },
  rememberDeviceMs: 90 * 24 * 60 * 60 * 1000,
};

/** Merges a partial policy over the defaults and checks it makes sense. */
export function resolvePolicy(partial: RiskEngineOptions['policy'] = {}): RiskPolicy {
  const policy: RiskPolicy = {
    ...DEFAULT_POLICY,
    ...partial,
    velocity: { ...DEFAULT_POLICY.velocity, ...partial.velocity },
    travel: { ...DEFAULT_POLICY.travel, ...partial.travel },
  };
  const problems: string[] = [];
  if (!(policy.challengeAt > 0)) problems.push('challengeAt must be > 0');
  if (!(policy.denyAt >= policy.challengeAt)) problems.push('denyAt must be >= challengeAt');
  if (policy.onConsentRefused !== 'challenge' && policy.onConsentRefused !== 'deny') problems.push("onConsentRefused must be 'challenge' or 'deny'");
  if (policy.onAutomation !== 'challenge' && policy.onAutomation !== 'deny') problems.push("onAutomation must be 'challenge' or 'deny'");
  if (!(policy.velocity.windowMs > 0 && policy.velocity.userFailures > 0 && policy.velocity.ipFailures > 0))
    problems.push('velocity window and limits must be > 0');
  if (!(policy.travel.maxKmh > 0 && policy.travel.minKm >= 0)) problems.push('travel.maxKmh must be > 0 and travel.minKm >= 0');
  if (!(policy.rememberDeviceMs > 0)) problems.push('rememberDeviceMs must be > 0');
  if (problems.length > 0) throw new TwofoldError('invalid_policy', `Risk policy is not valid: ${problems.join('; ')}.`);
  return policy;
}
