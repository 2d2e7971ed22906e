/**
 * Sealed signal reports: the envelope format and sealing are in seal-envelope.ts (no valibot, so
 * the page bundle stays small); this module adds the valibot schemas the server validates with.
 */
import * as v from 'valibot';
import { SEAL_ALG, SEAL_NONCE_PATTERN } from './seal-envelope';

export * from './seal-envelope';

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
