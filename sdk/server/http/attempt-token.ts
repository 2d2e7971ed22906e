/**
 * Attempt tokens (`at1.`): assess MACs the scored attempt (and the receipt summary of its
 * collection) so the site's server can record the outcome over HTTP later without resending it.
 * Only this site's servers ever check one (the site's server passes it back unread), so it is
 * HMAC-SHA-256 under a key derived from the signing key (Signer.mac), not an ES256 signature: the
 * signature and its check were ~5 % of a server's CPU under the load bench.
 * Single use without a write at assess: record marks the token id spent (a unique row, kept past
 * the token's expiry) in the same transaction as the login row, so the id is spent exactly when
 * the login is stored. The MAC is what makes an id one this server issued: the MAC key is derived
 * from the signing key for server tokens only and `at1.` is part of what it covers, so nothing but
 * issueAttemptToken makes a valid one. (ES256-signed tokens of earlier versions were registered at
 * assess, and are still checked against that registration.)
 */
import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import { TwofoldError } from '../../protocol/errors';
import type { Assessment, LoginAttempt } from '../risk/types';
import type { CollectedReceipt, Signer } from '../rights';

/** How long an attempt token (assess → record) stays valid. */
export const ATTEMPT_TOKEN_TTL_MS = 10 * 60 * 1000;
const ATTEMPT_PREFIX = 'at1';
/**
 * How long past its expiry a spent token id is still remembered: a server whose clock lags another
 * by less than this still refuses a replay after the other purged the id (purges go by expiry).
 */
export const SPENT_ID_GRACE_MS = 5 * 60 * 1000;
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
  /** Assessment.deviceEvent at assess (written by this server only, like every claim). */
  event: v.optional(v.picklist(['new', 'cleared', 'drift', 'none'])),
});

/** An attempt token's content, checked. */
export interface OpenedAttemptToken {
  attempt: LoginAttempt;
  collected?: CollectedReceipt;
  /** The id `record` marks spent with the login row. */
  nonce: string;
  /** Until when the spent id must be remembered: the token's expiry plus SPENT_ID_GRACE_MS. */
  expiresAt: number;
  /**
   * ES256-signed by an earlier version, which registered the id at assess: record consumes that
   * registration, so a signed token whose id was never registered is refused as before.
   */
  registered: boolean;
  /** The device class assess classified (Assessment.deviceEvent): record does not read it again. Absent in older tokens. */
  deviceEvent?: DeviceClass;
}

/** Assessment.deviceEvent as a token carries it. */
type DeviceClass = NonNullable<Assessment['deviceEvent']>;

/** MACs an attempt token for `attempt` (nothing is stored: its id is only marked spent when recorded). */
export async function issueAttemptToken(
  signer: Signer,
  attempt: LoginAttempt,
  collected: CollectedReceipt | undefined,
  at: number,
  deviceEvent?: DeviceClass,
): Promise<string> {
  const jti = randomUUID();
  const exp = at + ATTEMPT_TOKEN_TTL_MS;
  return signer.mac(ATTEMPT_PREFIX, { v: 1, jti, exp, attempt, ...(collected ? { collected } : {}), ...(deviceEvent ? { event: deviceEvent } : {}) });
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
  const { attempt, collected, jti, exp, event } = claims.output;
  // A MAC tag is 32 bytes (43 base64url characters), an ES256 signature 64.
  const registered = typeof token === 'string' && token.length - token.lastIndexOf('.') - 1 > 43;
  return {
    attempt: attempt as unknown as LoginAttempt,
    ...(collected ? { collected } : {}),
    nonce: `at:${jti}`,
    expiresAt: exp + SPENT_ID_GRACE_MS,
    registered,
    ...(event ? { deviceEvent: event } : {}),
  };
}
