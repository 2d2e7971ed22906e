import { randomUUID } from 'node:crypto';
import { TwofoldError } from '../../protocol/errors';
import { createOfflineGeo } from '../geo/offline';
import { recordUnlessObjected } from '../objection';
import type { GeoResolver } from '../geo/types';
import { createMemoryStore } from '../store/memory';
import type { AssessmentReads, DeviceKeyRecord, FeatureValue, IssueNonce, LoginRecord, SpendNonce, Store } from '../store/types';
import { normalizeAttempt } from './attempt';
import { classifyDeviceEvent, DEVICE_EVENT_FEATURE, deviceEventOf, deviceEventReads, provenKeyId } from './device-history';
import { emit, eventOf } from './events';
import { resolvePolicy } from './policy';
import { RISK_RULES } from './rules/index';
import type { Assessment, Decision, LoginAttempt, NormalizedAttempt, RiskEngineOptions, Reason, RiskPolicy, RiskRule, RuleInput } from './types';

const SEVERITY: Record<Decision, number> = { allow: 0, challenge: 1, deny: 2 };
/** What Assessment.deviceEvent may hold; anything else passed to record is ignored (the class is then read). */
const DEVICE_CLASSES: ReadonlySet<string> = new Set(['new', 'cleared', 'drift', 'none']);

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

/** What an assessment reads: every recorded feature value plus the values rules only read (e.g. the device history counts). */
export function readsOf(attempt: NormalizedAttempt, rules: readonly RiskRule[] = RISK_RULES): FeatureValue[] {
  const values = featuresOf(attempt, rules);
  for (const rule of rules)
    for (const value of rule.reads?.(attempt) ?? []) if (!values.some((v) => v.feature === value.feature && v.value === value.value)) values.push(value);
  return values;
}

/** The pure core: runs every rule, multiplies their ratios into the score, applies thresholds and floors. */
export function scoreAttempt(input: RuleInput, rules: readonly RiskRule[] = RISK_RULES): Assessment {
  let score = 1;
  let decision: Decision = 'allow';
  let remembered = false;
  const reasons: Reason[] = [];
  for (const rule of rules) {
    const outcome = rule.evaluate(input);
    for (const reason of outcome.reasons) {
      score *= reason.ratio;
      reasons.push(reason);
    }
    if (outcome.floor && SEVERITY[outcome.floor] > SEVERITY[decision]) decision = outcome.floor;
    if (outcome.remembered) remembered = true;
  }
  // A remembered device (bound key) is allowed unless another rule sets a floor or the score denies.
  const byScore: Decision = score >= input.policy.denyAt ? 'deny' : score >= input.policy.challengeAt && !remembered ? 'challenge' : 'allow';
  if (SEVERITY[byScore] > SEVERITY[decision]) decision = byScore;
  // Stable sort: ties keep rule order.
  reasons.sort((a, b) => b.ratio - a.ratio);
  return { score, decision, reasons };
}

/**
 * A login id: a UUIDv7 (RFC 9562; 48-bit ms timestamp of recording, then 74 random bits). Ids that
 * sort by recording time make the login tables and their value rows grow at their end, instead of
 * inserting at random places in large b-trees (fewer pages touched per write); still unguessable.
 */
export function newLoginId(now = Date.now()): string {
  const random = randomUUID();
  const time = Math.max(0, Math.floor(now)).toString(16).padStart(12, '0').slice(-12);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`;
}

/**
 * The row `record` stores for a normalized attempt (a new time-ordered id, every feature value the rules
 * read). Exported for bulk imports of history through `Store.recordLogins`.
 */
export function loginRecordOf(normalized: NormalizedAttempt, outcome: 'success' | 'failure', rules: readonly RiskRule[] = RISK_RULES): LoginRecord {
  const login: LoginRecord = {
    id: newLoginId(),
    userId: normalized.userId,
    time: normalized.time,
    ip: normalized.ip,
    outcome,
    features: featuresOf(normalized, rules),
  };
  if (normalized.lat !== undefined && normalized.lon !== undefined) {
    login.lat = normalized.lat;
    login.lon = normalized.lon;
  }
  if (normalized.deviceId !== undefined) login.deviceId = normalized.deviceId;
  if (normalized.visitorId !== undefined) login.visitorId = normalized.visitorId;
  return login;
}

/** The reads of an assessment through the basic RiskStore methods (stores without readForAssessment). */
async function readSeparately(
  store: Store,
  attempt: NormalizedAttempt,
  values: FeatureValue[],
  since: number,
  keyId: string | undefined,
): Promise<AssessmentReads> {
  const [profile, lastSuccess, user, ip, deviceKey] = await Promise.all([
    store.readProfile(attempt.userId, values),
    store.lastSuccess(attempt.userId),
    store.countFailures({ userId: attempt.userId }, since),
    store.countFailures({ ip: attempt.ip }, since),
    keyId === undefined ? undefined : store.readDeviceKey(attempt.userId, keyId),
  ]);
  return { profile, lastSuccess, failures: { user, ip }, deviceKey };
}

/** Every read of an assessment: one round through readForAssessment when the store has it (the device key included). */
async function readAssessment(store: Store, attempt: NormalizedAttempt, values: FeatureValue[], since: number): Promise<AssessmentReads> {
  // Only a valid proof can make a device remembered, so only then is its binding read.
  const keyId = provenKeyId(attempt);
  if (!store.readForAssessment) return readSeparately(store, attempt, values, since, keyId);
  const reads = await store.readForAssessment(attempt.userId, attempt.ip, values, since, keyId);
  // A store whose readForAssessment predates the key leaves the property out: read the key separately.
  if (keyId !== undefined && !('deviceKey' in reads)) reads.deviceKey = await store.readDeviceKey(attempt.userId, keyId);
  return reads;
}

/** The binding of the attempt's proven device key, when it is still remembered. */
function rememberedKey(key: DeviceKeyRecord | undefined, attempt: NormalizedAttempt, policy: RiskPolicy): DeviceKeyRecord | undefined {
  return key && attempt.time - key.lastUsedAt <= policy.rememberDeviceMs ? key : undefined;
}

/** The risk engine a site calls on every sign-in. */
export interface RiskEngine {
  readonly store: Store;
  readonly policy: RiskPolicy;
  /** Scores an attempt against the account's history: one round of indexed store reads, no writes. */
  assess(attempt: LoginAttempt): Promise<Assessment>;
  /**
   * Records the attempt's outcome; a success joins the account's profile (and vouches for later
   * logins). Returns the login id (for "not me"), or undefined when the subject objected to processing.
   * With `spend`, the id is marked spent with the write (see `RiskStore.recordLogin`); an id already
   * spent (or expired) throws a TwofoldError `nonce_spent` and records nothing. With `assessed` (this
   * attempt's assessment, from this server), a success takes its device class from there instead of
   * reading the account's device history again. With `issue` (a rights token's id), that id is
   * registered exactly when the login is stored, in the same write where the store can (see
   * RiskStore.recordLoginUnlessObjected).
   */
  record(
    attempt: LoginAttempt,
    outcome: 'success' | 'failure',
    spend?: SpendNonce,
    assessed?: Pick<Assessment, 'deviceEvent'>,
    issue?: IssueNonce,
  ): Promise<string | undefined>;
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
      const values = readsOf(normalized, rules);
      const { profile, lastSuccess, failures, deviceKey } = await readAssessment(store, normalized, values, since);
      const assessment = scoreAttempt(
        { attempt: normalized, profile, lastSuccess, failures, policy, deviceKey: rememberedKey(deviceKey, normalized, policy) },
        rules,
      );
      // The device class a success records, from the reads above when they held what it needs (the default rules' do).
      if (deviceEventReads(normalized).every((r) => values.some((v) => v.feature === r.feature && v.value === r.value)))
        assessment.deviceEvent = deviceEventOf(normalized, profile.user, deviceKey) ?? 'none';
      if (assessment.decision !== 'allow')
        await emit(options.events, assessment.decision === 'deny' ? 'onDeny' : 'onChallenge', { ...eventOf(normalized), assessment });
      return assessment;
    },
    async record(attempt, outcome, spend, assessed, issue) {
      if (outcome !== 'success' && outcome !== 'failure')
        throw new TwofoldError('invalid_outcome', `record() takes 'success' or 'failure' as the outcome, got ${JSON.stringify(outcome)}.`);
      const normalized = await normalizeAttempt(attempt, geo);
      const login = loginRecordOf(normalized, outcome, rules);
      // The account's device history (device-history.ts): the class of a successful sign-in's device
      // is recorded with it, so the learned rate of new devices counts it. From the assessment when
      // given (read then), else read now.
      const classified = DEVICE_CLASSES.has(assessed?.deviceEvent as string) ? assessed?.deviceEvent : undefined;
      const event =
        outcome !== 'success'
          ? undefined
          : classified !== undefined
            ? classified === 'none'
              ? undefined
              : classified
            : await classifyDeviceEvent(store, normalized);
      if (event) login.features.push({ feature: DEVICE_EVENT_FEATURE, value: event });
      const newDevice = event === 'new' || event === 'cleared';
      // "Remember this device": a successful sign-in (after the second factor when challenged)
      // signed by a device key binds the key to the account, or refreshes its last use, in the
      // login's own write where the store can (never a binding without its login, or a login whose
      // binding a crash lost).
      const bind: DeviceKeyRecord | undefined =
        outcome === 'success' && normalized.deviceProof === 'valid' && normalized.deviceKeyId
          ? {
              userId: normalized.userId,
              keyId: normalized.deviceKeyId,
              boundAt: normalized.time,
              lastUsedAt: normalized.time,
              ...(normalized.deviceId ? { deviceId: normalized.deviceId } : {}),
            }
          : undefined;
      // Nothing is stored for an objecting subject, but the id is still used up, so the same attempt cannot be replayed.
      const recorded = await recordUnlessObjected(store, login, { userId: normalized.userId, deviceId: normalized.deviceId }, spend, issue, bind);
      if (recorded === 'spent')
        throw new TwofoldError('nonce_spent', 'This single-use id was already used or has expired; nothing was recorded.', { status: 409 });
      if (recorded === 'objected') return undefined;
      if (newDevice) await emit(options.events, 'onNewDevice', { ...eventOf(normalized), loginId: login.id });
      return login.id;
    },
  };
}
