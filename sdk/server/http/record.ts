/**
 * Recording a sign-in's outcome, and the only place a rights token is handed out: when the login
 * was recorded as successful (so the password and, when challenged, the second factor passed) for
 * a device the SDK identified, and nobody objected (the engine's record checks that, through
 * sdk/server/objection.ts, and then stores nothing). Never at assess.
 */
import type { RiskEngine } from '../risk/engine';
import type { Assessment, LoginAttempt } from '../risk/types';
import { prepareRightsClaims, rightsTokenNonce, signRightsGrant, type CollectedReceipt, type Signer } from '../rights';
import type { SpendNonce } from '../store/types';

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
  signer: () => Promise<Signer>;
  site: string;
  /** Lifetime of a rights token (the retention period: the data it reaches is gone by then). */
  rightsTtlMs: number;
}

/** The (account, device) a successful login's rights token is for: undefined without a device id (or a malformed attempt, which record refuses). */
function rightsSubjectOf(attempt: LoginAttempt): { userId: string; deviceId: string } | undefined {
  if (typeof attempt !== 'object' || attempt === null || typeof attempt.userId !== 'string') return undefined;
  return typeof attempt.deviceId === 'string' && attempt.deviceId !== '' ? { userId: attempt.userId, deviceId: attempt.deviceId } : undefined;
}

/**
 * Records the outcome; on success for a known device, issues the (user, device) rights token with its receipt.
 * The token's claims are chosen first, so its id is registered in the login's own write: the login
 * and its token id commit together or not at all (one statement on PostgreSQL). A retried record of
 * a spent attempt is refused as before (`attempt_token_used`), even when the first one committed
 * and its answer was lost: that token id stays registered, and no second token is made.
 */
export async function recordOutcome(
  context: RecordContext,
  attempt: LoginAttempt,
  outcome: 'success' | 'failure',
  at: number,
  options: { collected?: CollectedReceipt | undefined; spend?: SpendNonce; assessed?: Pick<Assessment, 'deviceEvent'> | undefined } = {},
): Promise<RecordResult> {
  const subject = outcome === 'success' ? rightsSubjectOf(attempt) : undefined;
  const signer = subject ? await context.signer() : undefined;
  const claims = signer && subject ? await prepareRightsClaims(signer, { site: context.site, ...subject, now: at, ttlMs: context.rightsTtlMs }) : undefined;
  const issue = claims ? { nonce: rightsTokenNonce(claims), expiresAt: claims.exp } : undefined;
  const loginId = await context.engine.record(attempt, outcome, options.spend, options.assessed, issue);
  if (loginId === undefined) return {};
  if (!signer || !claims) return { loginId };
  return { loginId, ...(await signRightsGrant(signer, claims, options.collected)) };
}
