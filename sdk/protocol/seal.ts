/**
 * Sealed signal reports: the envelope format and sealing are in seal-envelope.ts (no valibot, no
 * HPKE library, so the page bundle stays small); this module adds what only the server needs: the
 * valibot schemas it validates with and the @hpke/core suite it opens with.
 */
import { Aes128Gcm, CipherSuite, DhkemP256HkdfSha256, HkdfSha256 } from '@hpke/core';
import * as v from 'valibot';
import { SEAL_ALG, SEAL_NONCE_PATTERN } from './seal-envelope';

export * from './seal-envelope';

/**
 * The HPKE suite object (stateless; safe to share) the server opens with. Sealing uses the same
 * suite through WebCrypto directly (seal-native.ts), so a page never loads @hpke/core.
 */
export function sealSuite(): CipherSuite {
  return new CipherSuite({ kem: new DhkemP256HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() });
}

/** A server-issued nonce: 16–64 base64url characters. */
export const SealNonceSchema = v.pipe(v.string(), v.regex(SEAL_NONCE_PATTERN, 'a 16-64 character base64url nonce'));

/** The readable, authenticated header of a sealed report. */
export const SealHeaderSchema = v.strictObject({
  v: v.literal(1),
  alg: v.literal(SEAL_ALG),
  kid: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,32}$/, 'a base64url key id')),
  site: v.pipe(v.string(), v.minLength(1), v.maxLength(253)),
  origin: v.pipe(v.string(), v.maxLength(2048)),
  nonce: SealNonceSchema,
  iat: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type SealHeader = v.InferOutput<typeof SealHeaderSchema>;
