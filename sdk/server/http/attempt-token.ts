/**
 * Attempt tokens (`at1.`): assess MACs the scored attempt (and the receipt summary of its
 * collection) so the site's server can record the outcome over HTTP later without resending it.
 * Only this site's servers ever check one (the site's server passes it back unread), so it is
 * HMAC-SHA-256 under a key derived from the signing key (Signer.mac), not an ES256 signature: the
 * signature and its check were ~5 % of a server's CPU under the load bench.
 * Single use: the token id is a nonce spent in the same transaction as the login row.
 */
import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import { TwofoldError } from '../../protocol/errors';
import type { LoginAttempt } from '../risk/types';
import type { CollectedReceipt, Signer } from '../rights';
import type { NonceStore } from '../store/types';

/** How long an attempt token (assess → record) stays valid. */
export const ATTEMPT_TOKEN_TTL_MS = 10 * 60 * 1000;
const ATTEMPT_PREFIX = 'at1';
/**
 * Longest attempt token `recordByToken` accepts. The token signs the whole attempt; with every
 * field at its bound (see boundAttempt) and each character JSON-escaped to 6 bytes, the claims are
 * about 11 KB, 15 KB in base64url: this limit is what keeps every token assess issues redeemable.
 */
export const MAX_ATTEMPT_TOKEN_LENGTH = 20 * 1024;

const CollectedSchema = v.object({
  site: v.pipe(v.string(), v.maxLength(253)),
  origin: v.pipe(v.string(), v.maxLength(2048)),
  receiptId: v.pipe(v.string(), v.maxLength(64)),
  signals: v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(64)),
  at: v.number(),
});

const AttemptClaimsSchema = v.object({
  v: v.literal(1),
  jti: v.string(),
  exp: v.number(),
  attempt: v.looseObject({ userId: v.string(), ip: v.string(), userAgent: v.string(), time: v.number() }),
  collected: v.optional(CollectedSchema),
});

/** An attempt token's content, checked. */
export interface OpenedAttemptToken {
  attempt: LoginAttempt;
  collected?: CollectedReceipt;
  /** The nonce `record` spends with the login row. */
  nonce: string;
}

/** MACs an attempt token for `attempt`, registering its id as a single-use nonce. */
export async function issueAttemptToken(
  signer: Signer,
  nonces: NonceStore,
  attempt: LoginAttempt,
  collected: CollectedReceipt | undefined,
  at: number,
): Promise<string> {
  const jti = randomUUID();
  const exp = at + ATTEMPT_TOKEN_TTL_MS;
  await nonces.issueNonce(`at:${jti}`, exp);
  return signer.mac(ATTEMPT_PREFIX, { v: 1, jti, exp, attempt, ...(collected ? { collected } : {}) });
}

/** Checks an attempt token's MAC and expiry (not yet spending it); a 400 `attempt_token_invalid` otherwise. */
export async function openAttemptToken(signer: Signer, token: unknown, at: number): Promise<OpenedAttemptToken> {
  const claims = v.safeParse(AttemptClaimsSchema, await signer.verifyMac(ATTEMPT_PREFIX, token, MAX_ATTEMPT_TOKEN_LENGTH).catch(() => undefined));
  if (!claims.success || claims.output.exp <= at) {
    throw new TwofoldError(
      'attempt_token_invalid',
      'The attempt token is invalid or expired; record within 10 minutes of POST /twofold/assess, with the token it returned.',
      { status: 400 },
    );
  }
  const { attempt, collected, jti } = claims.output;
  return { attempt: attempt as unknown as LoginAttempt, ...(collected ? { collected } : {}), nonce: `at:${jti}` };
}
