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
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  hkdfSync,
  sign,
  timingSafeEqual,
  verify,
  type JsonWebKeyInput,
  type KeyObject,
} from 'node:crypto';
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
import { parseCompactClaims, splitCompact } from '../protocol/compact-token';
import { fromBase64Url } from '../protocol/seal';
import { decodeBase64Url } from './base64url';
import { pooledRandomBytes } from './random-pool';
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
  /**
   * A compact `<prefix>.<claims>.<mac>` token MAC'd (HMAC-SHA-256) instead of signed: for tokens only
   * this site's servers ever check (the attempt token), never for what the extension or a user
   * verifies (receipts stay ES256). ~3 µs instead of ~90 µs to make and ~100 µs to check.
   */
  mac(prefix: string, claims: object): Promise<string>;
  /** The claims of a token `mac` made with these keys (or one ES256-signed by them), else undefined. */
  verifyMac(prefix: string, token: unknown, maxLength?: number): Promise<unknown>;
  /** Encrypts a user id for a token's `sub` (random IV: two tokens of one account do not link by `sub`). */
  sealUserId(userId: string): Promise<string>;
  /** The user id inside a `sub`, or undefined when it was not sealed with these keys. */
  openUserId(sub: string): Promise<string | undefined>;
}

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const SUB_INFO = 'twofold rights-token sub v1';
const MAC_INFO = 'twofold server-token mac v1';
const MAC_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Verifies a compact `<prefix>.<claims>.<sig>` token like verifyCompact in sdk/protocol/rights.ts
 * (the same splitCompact bounds and parseCompactClaims), with node:crypto instead of WebCrypto:
 * see createSigner for why.
 */
function verifyCompactSync(prefix: string, token: unknown, publicKey: KeyObject, maxLength = 4096): unknown {
  const parts = splitCompact(prefix, token, maxLength);
  if (!parts) return undefined;
  if (!verify('sha256', parts.signed, { key: publicKey, dsaEncoding: 'ieee-p1363' }, parts.signature)) return undefined;
  return parseCompactClaims(parts.claims);
}

/**
 * Imports the ECDSA keys of `keys` once, and derives the AES key for `sub` from the signing key.
 * Why node:crypto and not WebCrypto here (the browser and extension verify with WebCrypto, and the
 * bytes are the same: ES256 with P1363 signatures, AES-256-GCM with the tag appended, HKDF-SHA-256):
 * under the load bench each WebCrypto call cost a promise job plus a thread-pool hop and key
 * re-wrapping, and ES256 signing alone took ~11 % of a server's CPU; the synchronous calls on
 * pre-imported KeyObjects do the same work without that overhead.
 */
export async function createSigner(keys: SiteKeys): Promise<Signer> {
  const privateKey = createPrivateKey({ key: keys.signingPrivateKey as JsonWebKeyInput['key'], format: 'jwk' });
  const jwk = keys.signingPublicKey;
  const publicKey = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y } as JsonWebKeyInput['key'], format: 'jwk' });
  const secret = fromBase64Url(String(keys.signingPrivateKey.d ?? ''));
  if (!secret || secret.length === 0)
    throw new TwofoldError('bad_config', 'The site keys have no signing private key (signingPrivateKey.d); use generateSiteKeys().', { status: 500 });
  const subjectKey = Buffer.from(hkdfSync('sha256', secret, new Uint8Array(0), SUB_INFO, 32));
  // Its own key (another HKDF label), and the MAC covers the prefix: a MAC'd token is no other kind of token.
  const macKey = Buffer.from(hkdfSync('sha256', secret, new Uint8Array(0), MAC_INFO, 32));
  const macOf = (body: string) => createHmac('sha256', macKey).update(body).digest();
  // Buffer's base64url: the same text as sdk/protocol's toBase64Url, without its string building (attempt tokens run to a kilobyte).
  const encode = (claims: object) => Buffer.from(JSON.stringify(claims)).toString('base64url');
  return {
    sign: async (prefix, claims) => {
      const body = `${prefix}.${encode(claims)}`;
      return `${body}.${sign('sha256', Buffer.from(body), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
    },
    verify: async (prefix, token, maxLength) => verifyCompactSync(prefix, token, publicKey, maxLength),
    mac: async (prefix, claims) => {
      const body = `${prefix}.${encode(claims)}`;
      return `${body}.${macOf(body).toString('base64url')}`;
    },
    verifyMac: async (prefix, token, maxLength = 4096) => {
      if (typeof token !== 'string' || token.length > maxLength) return undefined;
      const parts = token.split('.');
      if (parts.length !== 3 || parts[0] !== prefix) return undefined;
      const tag = decodeBase64Url(parts[2]!);
      // A 64-byte tag is an ES256 signature: tokens signed before MACs were used, for the minutes they live.
      if (tag?.length === 64) return verifyCompactSync(prefix, token, publicKey, maxLength);
      const claims = decodeBase64Url(parts[1]!);
      if (!claims || tag?.length !== MAC_BYTES || !timingSafeEqual(tag, macOf(`${parts[0]}.${parts[1]}`))) return undefined;
      return parseCompactClaims(claims);
    },
    async sealUserId(userId) {
      const iv = pooledRandomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', subjectKey, iv);
      const sealed = Buffer.concat([iv, cipher.update(userId, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return sealed.toString('base64url');
    },
    async openUserId(sub) {
      const bytes = decodeBase64Url(sub);
      if (!bytes || bytes.length < IV_BYTES + TAG_BYTES) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', subjectKey, bytes.subarray(0, IV_BYTES));
        decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
        const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
        return strictUtf8.decode(plain);
      } catch {
        return undefined;
      }
    },
  };
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
