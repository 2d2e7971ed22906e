/**
 * The one module that issues and checks rights tokens (`rt1.`) and signs consent receipts (`rc1.`).
 *
 * A rights token is issued only when a login is recorded as successful (never at assess), bound to
 * that account AND that device: its `sub` is the user id encrypted to the site (AES-256-GCM under a
 * key derived from the site's signing key, so every instance sharing the keys can open it and the
 * holder learns nothing), its `dev` the device id. The receipt handed out with it carries
 * `rth = rightsTokenHash(token)`, so the extension takes the token only under the site's signature.
 * A token's id is registered in the NonceStore when issued; erase/object spend it, so it acts once
 * even across instances sharing a PostgreSQL store.
 */
import * as v from 'valibot';
import { TwofoldError } from '../protocol/errors';
import type { SignalReport } from '../protocol/report';
import {
  MAX_DEVICE_ID_LENGTH,
  RIGHTS_TOKEN_PREFIX,
  RightsTokenClaimsSchema,
  SIGNED_RECEIPT_PREFIX,
  importVerifyingKey,
  rightsTokenHash,
  signCompact,
  verifyCompact as verifyCompactWith,
  type RightsTokenClaims,
  type SignedReceiptClaims,
} from '../protocol/rights';
import { fromBase64Url, toBase64Url } from '../protocol/seal';
import { collectionSignals } from './collection';
import type { SiteKeys } from './keys';
import type { NonceStore } from './store/types';

/** Longest user id (UTF-8 bytes) a rights token can carry; longer accounts get no token rather than one over the 4096-character bound. */
export const MAX_RIGHTS_USER_ID_BYTES = 512;

/** A rights-request failure; always 4xx. */
export class RightsError extends TwofoldError {
  constructor(code: 'rights_token_missing' | 'rights_token_invalid' | 'rights_token_expired' | 'rights_token_used', message: string) {
    super(code, message, { status: code === 'rights_token_used' ? 409 : 401 });
    this.name = 'RightsError';
  }
}

/** Imported signing keys for one SiteKeys value, and the sealing of account ids inside rights tokens. */
export interface Signer {
  sign(prefix: string, claims: object): Promise<string>;
  verify(prefix: string, token: unknown, maxLength?: number): Promise<unknown>;
  /** Encrypts a user id for a token's `sub` (random IV: two tokens of one account do not link by `sub`). */
  sealUserId(userId: string): Promise<string>;
  /** The user id inside a `sub`, or undefined when it was not sealed with these keys. */
  openUserId(sub: string): Promise<string | undefined>;
}

const utf8 = new TextEncoder();

/** Imports the ECDSA keys of `keys` once, and derives the AES key for `sub` from the signing key. */
export async function createSigner(keys: SiteKeys): Promise<Signer> {
  const privateKey = await globalThis.crypto.subtle.importKey('jwk', keys.signingPrivateKey, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const publicKey = await importVerifyingKey(keys.signingPublicKey);
  const secret = fromBase64Url(String(keys.signingPrivateKey.d ?? ''));
  if (!secret || secret.length === 0)
    throw new TwofoldError('bad_config', 'The site keys have no signing private key (signingPrivateKey.d); use generateSiteKeys().', { status: 500 });
  const hkdf = await globalThis.crypto.subtle.importKey('raw', secret as Uint8Array<ArrayBuffer>, 'HKDF', false, ['deriveKey']);
  const subjectKey = await globalThis.crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8.encode('twofold rights-token sub v1') },
    hkdf,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
  return {
    sign: (prefix, claims) => signCompact(prefix, claims, privateKey),
    verify: (prefix, token, maxLength) => verifyCompactWith(prefix, token, publicKey, maxLength),
    async sealUserId(userId) {
      const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
      const sealed = new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv }, subjectKey, utf8.encode(userId)));
      const out = new Uint8Array(iv.length + sealed.length);
      out.set(iv);
      out.set(sealed, iv.length);
      return toBase64Url(out);
    },
    async openUserId(sub) {
      const bytes = fromBase64Url(sub);
      if (!bytes || bytes.length < 12 + 16) return undefined;
      try {
        const plain = await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.slice(0, 12) }, subjectKey, bytes.slice(12));
        return new TextDecoder('utf-8', { fatal: true }).decode(plain);
      } catch {
        return undefined;
      }
    },
  };
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
  if (rightsToken !== undefined) claims.rth = await rightsTokenHash(rightsToken);
  return signer.sign(SIGNED_RECEIPT_PREFIX, claims);
}

/** What a successful login hands to the visitor's browser: the token, and the receipt whose signature covers it. */
export interface RightsGrant {
  rightsToken: string;
  /** Signed receipt (`rc1.`) with `rth`; absent when the login came with no SDK collection. */
  receipt?: string;
}

/**
 * Issues a rights token for (userId, deviceId) valid `ttlMs`, registering its id as a single-use
 * nonce, and signs the receipt binding it. Undefined when the ids cannot be carried (too long).
 * Only `record` with outcome success may call this (see sdk/server/http/record.ts).
 */
export async function issueRightsGrant(
  signer: Signer,
  nonces: NonceStore,
  grant: { site: string; userId: string; deviceId: string; collected?: CollectedReceipt | undefined; now: number; ttlMs: number },
): Promise<RightsGrant | undefined> {
  const userIdBytes = utf8.encode(grant.userId).length;
  if (userIdBytes === 0 || userIdBytes > MAX_RIGHTS_USER_ID_BYTES || grant.deviceId.length === 0 || grant.deviceId.length > MAX_DEVICE_ID_LENGTH)
    return undefined;
  const jti = toBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(16)));
  const claims: RightsTokenClaims = {
    v: 1,
    site: grant.site,
    sub: await signer.sealUserId(grant.userId),
    dev: grant.deviceId,
    jti,
    iat: grant.now,
    exp: grant.now + grant.ttlMs,
  };
  await nonces.issueNonce(`rt:${jti}`, claims.exp);
  const rightsToken = await signer.sign(RIGHTS_TOKEN_PREFIX, claims);
  return grant.collected ? { rightsToken, receipt: await signReceipt(signer, grant.collected, grant.now, rightsToken) } : { rightsToken };
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
  else if (!(await nonces.isNonceLive(`rt:${claims.jti}`, options.now))) throw tokenUsed();
  return { claims, subject: { userId, deviceId: claims.dev } };
}

/** Spends a checked rights token (atomically: of two racing spends, one wins); throws `rights_token_used` if already spent. */
export async function spendRightsToken(nonces: NonceStore, claims: RightsTokenClaims, now: number): Promise<void> {
  if (!(await nonces.consumeNonce(`rt:${claims.jti}`, now))) throw tokenUsed();
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
