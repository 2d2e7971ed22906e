/**
 * What a site publishes and signs for data-subject rights: the `/.well-known/twofold.json`
 * document, the per-device rights token, and the signed consent receipt the extension verifies.
 *
 * Signed tokens are compact ES256 (ECDSA P-256 / SHA-256, WebCrypto IEEE P1363 signature):
 *
 *     <prefix>.<base64url(JSON claims)>.<base64url(signature over the ASCII "<prefix>.<claims>")>
 *
 * prefixes: `rt1` rights token, `rc1` signed receipt. The verifying key is the site's
 * `receiptSigningKey` (a public JWK) from `/.well-known/twofold.json`.
 */
import * as v from 'valibot';
import { parseCompactClaims, splitCompact } from './compact-token';
import { toBase64Url } from './base64url';

/** Path of the site's public Twofold document. */
export const WELL_KNOWN_PATH = '/.well-known/twofold.json';
/** Prefix of a rights token. */
export const RIGHTS_TOKEN_PREFIX = 'rt1';
/** Prefix of a signed consent receipt. */
export const SIGNED_RECEIPT_PREFIX = 'rc1';

const PublicJwkSchema = v.looseObject({ kty: v.literal('EC'), crv: v.literal('P-256'), x: v.string(), y: v.string() });

/** `/.well-known/twofold.json`: who the site is, its keys, where rights requests go, how long data is kept. */
export const WellKnownSchema = v.object({
  version: v.literal(1),
  site: v.pipe(v.string(), v.minLength(1), v.maxLength(253)),
  controller: v.optional(v.object({ name: v.string(), contact: v.string(), policyUrl: v.string() })),
  /** Processors acting for the controller (e.g. a hosted 2FA provider). */
  processors: v.optional(v.array(v.object({ name: v.string(), purpose: v.string() }))),
  /** HPKE suite and key the SDK seals reports to. */
  sealing: v.object({ alg: v.string(), kid: v.string(), publicKey: v.string() }),
  /** Public JWK verifying signed receipts (`rc1.`) and rights tokens (`rt1.`). */
  receiptSigningKey: PublicJwkSchema,
  /** Absolute URL of the rights endpoint; POST `{ token }` to `<endpoint>/access|erase|object`. */
  rightsEndpoint: v.string(),
  retentionDays: v.pipe(v.number(), v.integer(), v.minValue(1)),
  purposes: v.array(v.object({ id: v.string(), description: v.string() })),
});
export type WellKnown = v.InferOutput<typeof WellKnownSchema>;

/** Longest device id a rights token can name; the server ignores longer ids (the SDK's are UUIDs). */
export const MAX_DEVICE_ID_LENGTH = 200;

/**
 * Claims of a rights token: which account on which device, on which site, until when. Issued only
 * when a login of that account from that device was recorded as successful; the server answers it
 * with rows matching BOTH the account and the device, never another account's rows on the device.
 */
export const RightsTokenClaimsSchema = v.object({
  v: v.literal(1),
  site: v.string(),
  /** The account, opaque: the user id encrypted to the site (AES-256-GCM), so the token names nobody to its holder. */
  sub: v.pipe(v.string(), v.minLength(16), v.maxLength(1400)),
  /** The SDK device id the token covers. */
  dev: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_DEVICE_ID_LENGTH)),
  /** Token id; erase/object consume it so a token acts once. */
  jti: v.pipe(v.string(), v.minLength(8), v.maxLength(64)),
  iat: v.number(),
  exp: v.number(),
});
export type RightsTokenClaims = v.InferOutput<typeof RightsTokenClaimsSchema>;

/** Claims of a signed receipt: the site vouches it received this collection under this consent receipt. */
export const SignedReceiptClaimsSchema = v.object({
  v: v.literal(1),
  site: v.string(),
  origin: v.string(),
  receiptId: v.string(),
  /** Signal ids collected, sorted. */
  signals: v.array(v.string()),
  /** When the server received the collection (ms). */
  iat: v.number(),
  /**
   * `rightsTokenHash(token)` of the rights token handed out with this receipt. The extension takes a
   * new or changed rights token from an announcement only inside a receipt whose signature covers
   * it, so a script on a verified site cannot swap in a token for someone else's device.
   */
  rth: v.optional(v.pipe(v.string(), v.length(43))),
});
export type SignedReceiptClaims = v.InferOutput<typeof SignedReceiptClaimsSchema>;

/** Body of a rights request (the token may also come as `Authorization: Bearer <token>`). */
export const RightsRequestSchema = v.object({ token: v.pipe(v.string(), v.maxLength(4096)) });

/** Answer to an erase or object request. */
export const RightsResultSchema = v.object({
  confirmationId: v.string(),
  erased: v.number(),
  remainingRows: v.number(),
  objected: v.boolean(),
  at: v.number(),
});
export type RightsResult = v.InferOutput<typeof RightsResultSchema>;

/** Body of a rectify ("this wasn't me") request: which recorded login of the token's device was not the subject. */
export const RectifyRequestSchema = v.object({
  token: v.optional(v.pipe(v.string(), v.maxLength(4096))),
  loginId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
});

/** Answer to a rectify request: the login no longer vouches for later sign-ins. */
export const RectifyResultSchema = v.object({ loginId: v.string(), rectified: v.boolean(), at: v.number() });
export type RectifyResult = v.InferOutput<typeof RectifyResultSchema>;

const ES256 = { name: 'ECDSA', hash: 'SHA-256' } as const;
const utf8 = new TextEncoder();

/** Signs `claims` as a compact `<prefix>.<claims>.<sig>` token with an ECDSA P-256 private key. */
export async function signCompact(prefix: string, claims: object, privateKey: CryptoKey): Promise<string> {
  const body = `${prefix}.${toBase64Url(utf8.encode(JSON.stringify(claims)))}`;
  const signature = await globalThis.crypto.subtle.sign(ES256, privateKey, utf8.encode(body));
  return `${body}.${toBase64Url(signature)}`;
}

/** Verifies a compact token's prefix and signature (refusing tokens over `maxLength`); returns its parsed claims or undefined. */
export async function verifyCompact(prefix: string, token: unknown, publicKey: CryptoKey, maxLength = 4096): Promise<unknown> {
  const parts = splitCompact(prefix, token, maxLength);
  if (!parts) return undefined;
  const ok = await globalThis.crypto.subtle.verify(ES256, publicKey, parts.signature as Uint8Array<ArrayBuffer>, parts.signed as Uint8Array<ArrayBuffer>);
  return ok ? parseCompactClaims(parts.claims) : undefined;
}

/** Imports the public JWK from `/.well-known/twofold.json` for `verifyCompact`. */
export function importVerifyingKey(jwk: JsonWebKey): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
}

/** Base64url (no padding) SHA-256 of a rights token: what a signed receipt's `rth` claim holds. */
export async function rightsTokenHash(token: string): Promise<string> {
  return toBase64Url(await globalThis.crypto.subtle.digest('SHA-256', utf8.encode(token)));
}

/** Verifies a signed receipt (`rc1.`) against the site's published key; the claims, or undefined. */
export async function verifySignedReceipt(token: unknown, receiptSigningKey: JsonWebKey): Promise<SignedReceiptClaims | undefined> {
  try {
    const claims = await verifyCompact(SIGNED_RECEIPT_PREFIX, token, await importVerifyingKey(receiptSigningKey));
    const parsed = v.safeParse(SignedReceiptClaimsSchema, claims);
    return parsed.success ? parsed.output : undefined;
  } catch {
    return undefined;
  }
}
