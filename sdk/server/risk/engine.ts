import { randomUUID } from 'node:crypto';
import { TwofoldError } from '../../protocol/errors';
import { createOfflineGeo } from '../geo/offline';
import type { GeoResolver } from '../geo/types';
import { createMemoryStore } from '../store/memory';
import type { FeatureValue, Store } from '../store/types';
import { normalizeAttempt } from './attempt';
import { resolvePolicy } from './policy';
import { RISK_RULES } from './rules/index';
import type { Assessment, Decision, LoginAttempt, NormalizedAttempt, RiskEngineOptions, Reason, RiskPolicy, RiskRule, RuleInput } from './types';

const SEVERITY: Record<Decision, number> = { allow: 0, challenge: 1, deny: 2 };

/** Every feature value the rules read (deduplicated); `record` stores exactly these. */
export function featuresOf(attempt: NormalizedAttempt, rules: readonly RiskRule[] = RISK_RULES): FeatureValue[] {
  const out: FeatureValue[] = [];
  // Rules normally use distinct feature names, so compare values only when a name repeats (hot path: no key strings).
  const names = new Set<string>();
  for (const rule of rules) {
    for (const value of rule.features?.(attempt) ?? []) {
      if (names.has(value.feature)) {
        if (out.some((v) => v.feature === value.feature && v.value === value.value)) continue;
      } else names.add(value.feature);
      out.push(value);
    }
  }
  return out;
}

/** The pure core: runs every rule, multiplies their ratios into the score, applies thresholds and floors. */
export function scoreAttempt(input: RuleInput, rules: readonly RiskRule[] = RISK_RULES): Assessment {
  let score = 1;
  let decision: Decision = 'allow';
  const reasons: Reason[] = [];
  for (const rule of rules) {
    const outcome = rule.evaluate(input);
    for (const reason of outcome.reasons) {
      score *= reason.ratio;
      reasons.push(reason);
    }
    if (outcome.floor && SEVERITY[outcome.floor] > SEVERITY[decision]) decision = outcome.floor;
  }
  const byScore: Decision = score >= input.policy.denyAt ? 'deny' : score >= input.policy.challengeAt ? 'challenge' : 'allow';
  if (SEVERITY[byScore] > SEVERITY[decision]) decision = byScore;
  // Stable sort: ties keep rule order.
  reasons.sort((a, b) => b.ratio - a.ratio);
  return { score, decision, reasons };
}

/** The risk engine a site calls on every sign-in. */
export interface RiskEngine {
  readonly store: Store;
  readonly policy: RiskPolicy;
  /** Scores an attempt against the account's history: a handful of indexed store reads, no writes. */
  assess(attempt: LoginAttempt): Promise<Assessment>;
  /**
   * Records the attempt's outcome; a success joins the account's profile (and vouches for later
   * logins). Returns the login id (for "not me"), or undefined when the subject objected to processing.
   */
  record(attempt: LoginAttempt, outcome: 'success' | 'failure'): Promise<string | undefined>;
}

/** Creates a risk engine over a store (default: in-memory) and a geo resolver (default: the offline data packages). */
export function createRiskEngine(options: RiskEngineOptions = {}): RiskEngine {
  const store = options.store ?? createMemoryStore();
  const geo: GeoResolver = options.geo ?? createOfflineGeo();
  const policy = resolvePolicy(options.policy);
  const rules = options.rules ?? RISK_RULES;

  return {
    store,
    policy,
    async assess(attempt) {
      const normalized = await normalizeAttempt(attempt, geo);
      const since = normalized.time - policy.velocity.windowMs;
      const [profile, lastSuccess, userFailures, ipFailures] = await Promise.all([
        store.readProfile(normalized.userId, featuresOf(normalized, rules)),
        store.lastSuccess(normalized.userId),
        store.countFailures({ userId: normalized.userId }, since),
        store.countFailures({ ip: normalized.ip }, since),
      ]);
      return scoreAttempt({ attempt: normalized, profile, lastSuccess, failures: { user: userFailures, ip: ipFailures }, policy }, rules);
    },
    async record(attempt, outcome) {
      if (outcome !== 'success' && outcome !== 'failure') throw new TwofoldError('invalid_outcome', `record() takes 'success' or 'failure' as the outcome, got ${JSON.stringify(outcome)}.`);
      const normalized = await normalizeAttempt(attempt, geo);
      const objected =
        (await store.isObjected({ userId: normalized.userId })) || (normalized.deviceId !== undefined && (await store.isObjected({ deviceId: normalized.deviceId })));
      if (objected) return undefined;
      const id = randomUUID();
      await store.recordLogin({
        id,
        userId: normalized.userId,
        time: normalized.time,
        ip: normalized.ip,
        outcome,
        features: featuresOf(normalized, rules),
        ...(normalized.lat !== undefined && normalized.lon !== undefined ? { lat: normalized.lat, lon: normalized.lon } : {}),
        ...(normalized.deviceId !== undefined ? { deviceId: normalized.deviceId } : {}),
        ...(normalized.visitorId !== undefined ? { visitorId: normalized.visitorId } : {}),
      });
      return id;
    },
  };
}
