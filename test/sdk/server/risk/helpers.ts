import { DEFAULT_POLICY, resolvePolicy } from '../../../../sdk/server/risk/policy';
import type { NormalizedAttempt, RiskEngineOptions, RuleInput } from '../../../../sdk/server/risk/types';
import { parseUserAgent } from '../../../../sdk/server/risk/user-agent';
import { featureKey, type ProfileCounts } from '../../../../sdk/server/store/types';

/** A desktop Chrome UA used across the risk tests. */
export const CHROME_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
/** A mobile Safari UA. */
export const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';

/** A normalized attempt with sensible defaults. */
export function attempt(over: Partial<NormalizedAttempt> = {}): NormalizedAttempt {
  const userAgent = over.userAgent ?? CHROME_MAC;
  return { userId: 'alice', time: Date.UTC(2026, 0, 1, 12), ip: '192.0.2.10', userAgent, ua: parseUserAgent(userAgent), ...over };
}

/** Builds ProfileCounts from plain objects: `user`/`global` keyed `feature=value`. */
export function profile(
  p: {
    userLogins?: number;
    totalLogins?: number;
    userCount?: number;
    user?: Record<string, number>;
    global?: Record<string, number>;
    distinct?: Record<string, number>;
  } = {},
): ProfileCounts {
  const toMap = (o: Record<string, number> = {}) =>
    new Map(
      Object.entries(o).map(([k, v]) => {
        const at = k.indexOf('=');
        return [featureKey(k.slice(0, at), k.slice(at + 1)), v];
      }),
    );
  return {
    userLogins: p.userLogins ?? 0,
    totalLogins: p.totalLogins ?? 0,
    userCount: p.userCount ?? 0,
    user: toMap(p.user),
    global: toMap(p.global),
    distinct: new Map(Object.entries(p.distinct ?? {})),
  };
}

/** A RuleInput with defaults: empty profile, no last success, no failures, default policy. */
export function ruleInput(over: Partial<Omit<RuleInput, 'policy'>> & { policy?: RiskEngineOptions['policy'] } = {}): RuleInput {
  return {
    attempt: over.attempt ?? attempt(),
    profile: over.profile ?? profile(),
    lastSuccess: over.lastSuccess,
    failures: over.failures ?? { user: 0, ip: 0 },
    policy: over.policy ? resolvePolicy(over.policy) : DEFAULT_POLICY,
    deviceKey: over.deviceKey,
  };
}
