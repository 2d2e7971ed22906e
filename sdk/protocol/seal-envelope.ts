/**
 * Sealed signal reports: the wire format between the SDK (which seals) and the site's server
 * (which unseals). Shared by both sides; only WebCrypto (globalThis.crypto), so it
 * runs unchanged in browsers and Node 20.
 *
 * ## Envelope format `tf1` (a compact, URL- and form-safe ASCII string)
 *
 *     tf1.<header>.<enc>.<ciphertext>          each part base64url without padding
 *
 * - `header`: UTF-8 JSON `{ v: 1, alg, kid, site, origin, nonce, iat }` — suite name, the key id
 *   of the site key it was sealed to (first 8 bytes of SHA-256 of the raw public key), the site
 *   name, the page origin, the server-issued single-use nonce and the sealing time (ms since epoch).
 *   It is readable without the key (so the server can reject wrong-site / expired / wrong-key input
 *   cheaply, with a precise error) and authenticated: the exact ASCII bytes `tf1.<header>` are the
 *   AEAD associated data, so changing one bit of it makes decryption fail.
 * - `enc`: the HPKE encapsulated key (65-byte uncompressed P-256 point).
 * - `ciphertext`: HPKE single-shot seal (RFC 9180 base mode, DHKEM(P-256, HKDF-SHA256),
 *   HKDF-SHA256, AES-128-GCM; info = `twofold/seal/v1`) of UTF-8 JSON
 *   `{ site, origin, nonce, iat, report, proof? }` (`proof`: the device proof, device-proof.ts, over
 *   the nonce, site, origin and the report's JSON). The server cross-checks the inner copy against the header
 *   and `report.site` / `report.origin` against both (the report carries its consent receipt).
 * The whole string is at most MAX_SEALED_LENGTH characters.
 */
import { fromBase64Url, toBase64Url } from './base64url';
import type { DeviceProof, DeviceProofBinding } from './device-proof';
import { type SealingErrorCode, TwofoldError } from './errors';
import type { SignalReport } from './report';
import { hpkeSeal, importRecipientKey } from './seal-native';

/** Envelope prefix and version; a new format gets a new prefix. */
export const SEAL_PREFIX = 'tf1';
/** The one HPKE suite Twofold seals with (named in every header). */
export const SEAL_ALG = 'HPKE-P256-SHA256-A128GCM';
/** Largest sealed string accepted or produced (64 KB). */
export const MAX_SEALED_LENGTH = 64 * 1024;
/** How long a sealed report stays valid after `iat` (5 minutes). */
export const SEAL_MAX_AGE_MS = 5 * 60 * 1000;
/** HPKE `info` string: binds every ciphertext to this protocol and version. */
export const SEAL_INFO = 'twofold/seal/v1';

/** Machine-readable reasons a sealed report is refused. */
export type SealErrorCode = SealingErrorCode;

/** Any failure to seal or unseal a report; `code` says which. */
export class SealError extends TwofoldError {
  declare readonly code: SealErrorCode;
  constructor(code: SealErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { cause: options.cause, status: code === 'seal_too_large' ? 413 : 400 });
    this.name = 'SealError';
  }
}

/** A server-issued nonce: 16–64 base64url characters (SealNonceSchema in seal.ts wraps this). */
export const SEAL_NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

const utf8 = new TextEncoder();

/** The base64url codec, part of the protocol's public surface (index.ts → seal.ts → here); the SDK's own modules import it from base64url.ts. */
export { fromBase64Url, toBase64Url };

/** Key id of a site public key: base64url of the first 8 bytes of SHA-256 over the raw key. */
export async function keyIdOf(publicKeyRaw: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', publicKeyRaw as Uint8Array<ArrayBuffer>);
  return toBase64Url(new Uint8Array(digest).subarray(0, 8));
}

/** The associated data authenticating a header: the ASCII bytes of `tf1.<header>`. */
export function sealAad(headerPart: string): Uint8Array {
  return utf8.encode(`${SEAL_PREFIX}.${headerPart}`);
}

/** Options of `sealReport`: the site's published key and the binding values. */
export interface SealOptions {
  /** The site's public key: base64url of the 65-byte uncompressed P-256 point (from `generateSiteKeys`). */
  publicKey: string;
  /** Single-use nonce from the site's server (`GET /twofold/nonce`). */
  nonce: string;
  site: string;
  /** The page origin, e.g. `https://example.com`. */
  origin: string;
  /** Sealing time (ms since epoch); defaults to Date.now(). */
  now?: number;
  /**
   * Signs the device proof (device-proof.ts) for this sealing; the SDK passes its device key's
   * signer after consent. Undefined (or resolving undefined): the envelope carries no proof.
   */
  prove?: (binding: DeviceProofBinding) => Promise<DeviceProof | undefined>;
}

/** Imports a site public key, or throws `seal_bad_key` saying what a valid key looks like. */
async function checkSitePublicKey(publicKey: string): Promise<Uint8Array> {
  const raw = typeof publicKey === 'string' ? fromBase64Url(publicKey) : undefined;
  if (raw?.length !== 65 || raw[0] !== 4) {
    throw new SealError(
      'seal_bad_key',
      'The site public key must be the base64url form of a 65-byte uncompressed P-256 point (as generateSiteKeys() returns in `publicKey`).',
    );
  }
  try {
    await importRecipientKey(raw);
    return raw;
  } catch (cause) {
    throw new SealError(
      'seal_bad_key',
      'The site public key is not a valid P-256 point; copy `publicKey` from generateSiteKeys() or /.well-known/twofold.json.',
      { cause },
    );
  }
}

/**
 * Seals a SignalReport (which carries its consent receipt) to the site's public key, bound to the
 * site, page origin, time and nonce. Returns the opaque `tf1.` string for the login form.
 */
export async function sealReport(report: SignalReport, options: SealOptions): Promise<string> {
  if (typeof options.nonce !== 'string' || !SEAL_NONCE_PATTERN.test(options.nonce)) {
    throw new SealError('seal_malformed', 'The nonce must be the 16-64 character base64url string issued by GET /twofold/nonce.');
  }
  const raw = await checkSitePublicKey(options.publicKey);
  const header = {
    v: 1,
    alg: SEAL_ALG,
    kid: await keyIdOf(raw),
    site: options.site,
    origin: options.origin,
    nonce: options.nonce,
    iat: Math.floor(options.now ?? Date.now()),
  };
  const headerPart = toBase64Url(utf8.encode(JSON.stringify(header)));
  const proof = options.prove
    ? await options.prove({ nonce: header.nonce, site: header.site, origin: header.origin, reportJson: JSON.stringify(report) })
    : undefined;
  const plaintext = utf8.encode(
    JSON.stringify({ site: header.site, origin: header.origin, nonce: header.nonce, iat: header.iat, report, ...(proof ? { proof } : {}) }),
  );
  const { enc, ct } = await hpkeSeal(raw, utf8.encode(SEAL_INFO), sealAad(headerPart), plaintext);
  const sealed = `${SEAL_PREFIX}.${headerPart}.${toBase64Url(enc)}.${toBase64Url(ct)}`;
  if (sealed.length > MAX_SEALED_LENGTH) {
    throw new SealError(
      'seal_too_large',
      `The sealed report is ${sealed.length} characters; the limit is ${MAX_SEALED_LENGTH}. Collect fewer or smaller signals.`,
    );
  }
  return sealed;
}
