/**
 * Recording a sign-in's outcome, and the only place a rights token is handed out: when the login
 * was recorded as successful (so the password and, when challenged, the second factor passed) for
 * a device the SDK identified, and nobody objected (the engine's record checks that, through
 * sdk/server/objection.ts, and then stores nothing). Never at assess.
 */
import type { RiskEngine } from '../risk/engine';
import type { Assessment, LoginAttempt } from '../risk/types';
import { issueRightsGrant, type CollectedReceipt, type Signer } from '../rights';
import type { NonceStore, SpendNonce } from '../store/types';

/** What `record` answers. */
export interface RecordResult {
  /** The login's id (for "not me"); absent when the subject objected and nothing was stored. */
  loginId?: string;
  /** Rights token for this account on this device: only on success, when the SDK sent a device id. */
  rightsToken?: string;
  /** Signed receipt (`rc1.`) whose `rth` covers `rightsToken`; hand both to `tf.setRightsToken(token, receipt)`. */
  receipt?: string;
}

/** What recording needs from the service. */
export interface RecordContext {
  engine: RiskEngine;
  nonces: NonceStore;
  signer: () => Promise<Signer>;
  site: string;
  /** Lifetime of a rights token (the retention period: the data it reaches is gone by then). */
  rightsTtlMs: number;
}

/** Records the outcome; on success for a known device, issues the (user, device) rights token with its receipt. */
export async function recordOutcome(
  context: RecordContext,
  attempt: LoginAttempt,
  outcome: 'success' | 'failure',
  at: number,
  options: { collected?: CollectedReceipt | undefined; spend?: SpendNonce; assessed?: Pick<Assessment, 'deviceEvent'> | undefined } = {},
): Promise<RecordResult> {
  const loginId = await context.engine.record(attempt, outcome, options.spend, options.assessed);
  if (loginId === undefined) return {};
  const deviceId = typeof attempt.deviceId === 'string' && attempt.deviceId !== '' ? attempt.deviceId : undefined;
  if (outcome !== 'success' || deviceId === undefined) return { loginId };
  const grant = await issueRightsGrant(await context.signer(), context.nonces, {
    site: context.site,
    userId: attempt.userId,
    deviceId,
    collected: options.collected,
    now: at,
    ttlMs: context.rightsTtlMs,
  });
  return grant ? { loginId, ...grant } : { loginId };
}
