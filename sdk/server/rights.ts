/**
 * Server side of data-subject rights: issuing and checking per-device rights tokens (`rt1.`), and
 * signing consent receipts (`rc1.`) so the extension can verify them against the published key.
 * A token's id is registered in the NonceStore when issued; erase/object consume it, so a token
 * acts once even across instances sharing a PostgreSQL store.
 */
import * as v from 'valibot';
import { TwofoldError } from '../protocol/errors';
import type { SignalReport } from '../protocol/report';
import {
  RIGHTS_TOKEN_PREFIX, RightsTokenClaimsSchema, SIGNED_RECEIPT_PREFIX, importVerifyingKey, signCompact, verifyCompact as verifyCompactWith,
  type RightsTokenClaims, type SignedReceiptClaims,
} from '../protocol/rights';
import { toBase64Url } from '../protocol/seal';
import type { SiteKeys } from './keys';
import type { NonceStore } from './store/types';

/** A rights-request failure; always 4xx. */
export class RightsError extends TwofoldError {
  constructor(code: 'rights_token_missing' | 'rights_token_invalid' | 'rights_token_expired' | 'rights_token_used', message: string) {
    super(code, message, { status: code === 'rights_token_used' ? 409 : 401 });
    this.name = 'RightsError';
  }
}

/** Imported signing keys for one SiteKeys value. */
export interface Signer {
  sign(prefix: string, claims: object): Promise<string>;
  verify(prefix: string, token: unknown, maxLength?: number): Promise<unknown>;
}

/** Imports the ECDSA keys of `keys` once. */
export async function createSigner(keys: SiteKeys): Promise<Signer> {
  const privateKey = await globalThis.crypto.subtle.importKey(
    'jwk', keys.signingPrivateKey, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign'],
  );
  const publicKey = await importVerifyingKey(keys.signingPublicKey);
  return {
    sign: (prefix, claims) => signCompact(prefix, claims, privateKey),
    verify: (prefix, token, maxLength) => verifyCompactWith(prefix, token, publicKey, maxLength),
  };
}

/** Issues a rights token for `deviceId` valid `ttlMs`, registering its id as a single-use nonce. */
export async function issueRightsToken(
  signer: Signer, nonces: NonceStore, claims: { site: string; deviceId: string; now: number; ttlMs: number },
): Promise<string> {
  const jti = toBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(16)));
  const body: RightsTokenClaims = { v: 1, site: claims.site, dev: claims.deviceId, jti, iat: claims.now, exp: claims.now + claims.ttlMs };
  await nonces.issueNonce(`rt:${jti}`, body.exp);
  return signer.sign(RIGHTS_TOKEN_PREFIX, body);
}

/** Checks a rights token's signature, site, expiry and that it is unspent; `consume` spends it (erase/object). */
export async function checkRightsToken(
  signer: Signer, nonces: NonceStore, token: unknown, options: { site: string; now: number; consume: boolean },
): Promise<RightsTokenClaims> {
  if (token === undefined || token === null || token === '') {
    throw new RightsError('rights_token_missing', 'Send the rights token the site issued with your login, as `Authorization: Bearer <token>` or JSON `{ "token": "..." }`.');
  }
  const parsed = v.safeParse(RightsTokenClaimsSchema, await verifyRightsSignature(token, signer));
  if (!parsed.success || parsed.output.site !== options.site) {
    throw new RightsError('rights_token_invalid', `This is not a valid rights token for ${options.site}: it was altered, truncated, or issued by another site.`);
  }
  const claims = parsed.output;
  if (claims.exp <= options.now) {
    throw new RightsError('rights_token_expired', 'This rights token has expired (data older than the retention period is already deleted). Log in again to get a fresh token.');
  }
  // Erase/object spend the token (atomically: of two racing erases, one wins). Access only looks,
  // so concurrent accesses, and an erase arriving during an access, all see the token unspent.
  if (options.consume) await spendRightsToken(nonces, claims, options.now);
  else if (!(await nonces.isNonceLive(`rt:${claims.jti}`, options.now))) throw tokenUsed();
  return claims;
}

/** Spends a checked rights token (atomically: of two racing spends, one wins); throws `rights_token_used` if already spent. */
export async function spendRightsToken(nonces: NonceStore, claims: RightsTokenClaims, now: number): Promise<void> {
  if (!(await nonces.consumeNonce(`rt:${claims.jti}`, now))) throw tokenUsed();
}

function tokenUsed(): RightsError {
  return new RightsError('rights_token_used', 'This rights token was already used for an erase or objection; the data it covered is gone. Log in again for a new token.');
}

async function verifyRightsSignature(token: unknown, signer: Signer): Promise<unknown> {
  try {
    return await signer.verify(RIGHTS_TOKEN_PREFIX, token);
  } catch {
    return undefined;
  }
}

/** Signs the consent receipt of a received collection (`rc1.` token for the SDK's announcement). */
export function signReceipt(signer: Signer, report: SignalReport, now: number): Promise<string> {
  const claims: SignedReceiptClaims = {
    v: 1,
    site: report.site,
    origin: report.origin,
    receiptId: report.receipt.receiptId,
    signals: Object.keys(report.signals).sort(),
    iat: now,
  };
  return signer.sign(SIGNED_RECEIPT_PREFIX, claims);
}
