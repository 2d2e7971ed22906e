/**
 * The site's signing keys, imported once (createSigner): ES256 signatures for what the extension or
 * a user verifies (rights tokens, receipts), an HMAC for tokens only this site's servers check
 * (attempt tokens), and the sealing of account ids inside rights tokens. Apart from rights.ts
 * because attempt tokens and receipts use it too; rights.ts re-exports it for existing importers.
 */
import {
  createCipheriv,
  createDecipheriv,
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
import { TwofoldError } from '../protocol/errors';
import { parseCompactClaims, splitCompact } from '../protocol/compact-token';
import { decodeBase64Url } from './base64url';
import type { SiteKeys } from './keys';
import { pooledRandomBytes } from './random-pool';

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
  const secret = decodeBase64Url(String(keys.signingPrivateKey.d ?? ''));
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
