/**
 * The one module that issues and checks rights tokens (`rt1.`) and signs consent receipts (`rc1.`).
 *
 * A rights token is issued only when a login is recorded as successful (never at assess), bound to
 * that account AND that device: its `sub` is the user id encrypted to the site (AES-256-GCM under a
 * key derived from the site's signing key, so every instance sharing the keys can open it and the
 * holder learns nothing), its `dev` the device id. The receipt handed out with it carries
 * `rth = rightsTokenHash(token)`, so the extension takes the token only under the site's signature.
 * A token's id is registered in the NonceStore in the same write as its login (so both exist or
 * neither does); erase/object spend it, so it acts once even across instances sharing a PostgreSQL store.
 */
import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { TwofoldError } from '../protocol/errors';
import type { SignalReport } from '../protocol/report';
import {
  MAX_DEVICE_ID_LENGTH,
  RIGHTS_TOKEN_PREFIX,
  RightsTokenClaimsSchema,
  SIGNED_RECEIPT_PREFIX,
  type RightsTokenClaims,
  type SignedReceiptClaims,
} from '../protocol/rights';
import { pooledRandomBytes } from './random-pool';
import { collectionSignals } from './collection';
import type { Signer } from './signer';
import type { NonceStore } from './store/types';

export { createSigner, type Signer } from './signer';

const utf8 = new TextEncoder();

/** Longest user id (UTF-8 bytes) a rights token can carry; longer accounts get no token rather than one over the 4096-character bound. */
export const MAX_RIGHTS_USER_ID_BYTES = 512;

/** A rights-request failure; always 4xx. */
export class RightsError extends TwofoldError {
  constructor(code: 'rights_token_missing' | 'rights_token_invalid' | 'rights_token_expired' | 'rights_token_used', message: string) {
    super(code, message, { status: code === 'rights_token_used' ? 409 : 401 });
    this.name = 'RightsError';
  }
}

/** rightsTokenHash of sdk/protocol/rights.ts (base64url SHA-256 of the token), computed synchronously. */
function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** What a signed receipt says was collected: from the report at assess, carried to record. */
export interface CollectedReceipt {
  site: string;
  origin: string;
  receiptId: string;
  /** Signal ids collected, sorted. */
  signals: string[];
  /** When the server received the collection (ms). */
  at: number;
}

/** An origin as browsers write it (scheme, host, optional port); anything else is not signed. */
const ORIGIN = /^https?:\/\/[A-Za-z0-9.\-[\]:]{1,300}$/;

/**
 * The receipt summary of an opened report, bounded (it travels inside attempt tokens): the signal
 * ids as collections keep them (sdk/server/collection.ts). Undefined when the report's origin is
 * not an origin, so the site never signs a receipt for one.
 */
export function collectedReceiptOf(report: SignalReport, at: number): CollectedReceipt | undefined {
  if (!ORIGIN.test(report.origin)) return undefined;
  return { site: report.site, origin: report.origin, receiptId: report.receipt.receiptId, signals: collectionSignals(report), at };
}

/** Signs a consent receipt (`rc1.`); with `rightsToken`, its `rth` binds the token handed out with it. */
export async function signReceipt(signer: Signer, collected: CollectedReceipt | SignalReport, now: number, rightsToken?: string): Promise<string> {
  const c =
    'receipt' in collected
      ? { site: collected.site, origin: collected.origin, receiptId: collected.receipt.receiptId, signals: Object.keys(collected.signals).sort(), at: now }
      : collected;
  const claims: SignedReceiptClaims = { v: 1, site: c.site, origin: c.origin, receiptId: c.receiptId, signals: c.signals, iat: c.at };
  if (rightsToken !== undefined) claims.rth = tokenHash(rightsToken);
  return signer.sign(SIGNED_RECEIPT_PREFIX, claims);
}

/** What a successful login hands to the visitor's browser: the token, and the receipt whose signature covers it. */
export interface RightsGrant {
  rightsToken: string;
  /** Signed receipt (`rc1.`) with `rth`; absent when the login came with no SDK collection. */
  receipt?: string;
}

/** What a rights token is issued for: one account on one device, at `now`, valid `ttlMs`. */
export interface RightsGrantRequest {
  site: string;
  userId: string;
  deviceId: string;
  now: number;
  ttlMs: number;
}

/**
 * A rights token's claims, chosen before anything is written: its id (`jti`, from the pooled
 * CSPRNG), the sealed account and the expiry. Why apart from signing: the id is then registered in
 * the same write as the login it comes with (RiskStore.recordLoginUnlessObjected's `issue`), so the
 * login and its token id commit together. Undefined when the ids cannot be carried (too long).
 */
export async function prepareRightsClaims(signer: Signer, grant: RightsGrantRequest): Promise<RightsTokenClaims | undefined> {
  const userIdBytes = utf8.encode(grant.userId).length;
  if (userIdBytes === 0 || userIdBytes > MAX_RIGHTS_USER_ID_BYTES || grant.deviceId.length === 0 || grant.deviceId.length > MAX_DEVICE_ID_LENGTH)
    return undefined;
  return {
    v: 1,
    site: grant.site,
    sub: await signer.sealUserId(grant.userId),
    dev: grant.deviceId,
    jti: pooledRandomBytes(16).toString('base64url'),
    iat: grant.now,
    exp: grant.now + grant.ttlMs,
  };
}

/** The single-use id a rights token is registered under in the NonceStore (spent by erase/object). */
export function rightsTokenNonce(claims: Pick<RightsTokenClaims, 'jti'>): string {
  return `rt:${claims.jti}`;
}

/** Signs prepared claims (their id already registered) into the token, and the receipt binding it when there was a collection. */
export async function signRightsGrant(signer: Signer, claims: RightsTokenClaims, collected: CollectedReceipt | undefined): Promise<RightsGrant> {
  const rightsToken = await signer.sign(RIGHTS_TOKEN_PREFIX, claims);
  return collected ? { rightsToken, receipt: await signReceipt(signer, collected, claims.iat, rightsToken) } : { rightsToken };
}

/**
 * Issues a rights token for (userId, deviceId) valid `ttlMs`, registering its id as a single-use
 * nonce, and signs the receipt binding it. Undefined when the ids cannot be carried (too long).
 * Only `record` with outcome success may call this (see sdk/server/http/record.ts, which registers
 * the id with the login instead: prepareRightsClaims, then signRightsGrant).
 */
export async function issueRightsGrant(
  signer: Signer,
  nonces: NonceStore,
  grant: RightsGrantRequest & { collected?: CollectedReceipt | undefined },
): Promise<RightsGrant | undefined> {
  const claims = await prepareRightsClaims(signer, grant);
  if (!claims) return undefined;
  await nonces.issueNonce(rightsTokenNonce(claims), claims.exp);
  return signRightsGrant(signer, claims, grant.collected);
}

/** A checked rights token: its claims and the one (account, device) it reaches. */
export interface CheckedRightsToken {
  claims: RightsTokenClaims;
  subject: { userId: string; deviceId: string };
}

/** Checks a rights token's signature, site, sealed account, expiry and that it is unspent; `consume` spends it (erase/object). */
export async function checkRightsToken(
  signer: Signer,
  nonces: NonceStore,
  token: unknown,
  options: { site: string; now: number; consume: boolean },
): Promise<CheckedRightsToken> {
  if (token === undefined || token === null || token === '') {
    throw new RightsError(
      'rights_token_missing',
      'Send the rights token the site issued with your login, as `Authorization: Bearer <token>` or JSON `{ "token": "..." }`.',
    );
  }
  const parsed = v.safeParse(RightsTokenClaimsSchema, await verifyRightsSignature(token, signer));
  const userId = parsed.success && parsed.output.site === options.site ? await signer.openUserId(parsed.output.sub) : undefined;
  if (!parsed.success || userId === undefined) {
    throw new RightsError(
      'rights_token_invalid',
      `This is not a valid rights token for ${options.site}: it was altered, truncated, issued by another site or by an older version. Sign in again for a new one.`,
    );
  }
  const claims = parsed.output;
  if (claims.exp <= options.now) {
    throw new RightsError(
      'rights_token_expired',
      'This rights token has expired (data older than the retention period is already deleted). Log in again to get a fresh token.',
    );
  }
  // Erase/object spend the token (atomically: of two racing erases, one wins). Access only looks,
  // so concurrent accesses, and an erase arriving during an access, all see the token unspent.
  if (options.consume) await spendRightsToken(nonces, claims, options.now);
  else if (!(await nonces.isNonceLive(rightsTokenNonce(claims), options.now))) throw tokenUsed();
  return { claims, subject: { userId, deviceId: claims.dev } };
}

/** Spends a checked rights token (atomically: of two racing spends, one wins); throws `rights_token_used` if already spent. */
export async function spendRightsToken(nonces: NonceStore, claims: RightsTokenClaims, now: number): Promise<void> {
  if (!(await nonces.consumeNonce(rightsTokenNonce(claims), now))) throw tokenUsed();
}

function tokenUsed(): RightsError {
  return new RightsError(
    'rights_token_used',
    'This rights token was already used for an erase or objection; the data it covered is gone. Log in again for a new token.',
  );
}

async function verifyRightsSignature(token: unknown, signer: Signer): Promise<unknown> {
  try {
    return await signer.verify(RIGHTS_TOKEN_PREFIX, token);
  } catch {
    return undefined;
  }
}
