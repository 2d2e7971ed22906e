/** The valibot schema the server checks a sealed report's device proof with (format: device-proof.ts). */
import * as v from 'valibot';
import { DEVICE_PROOF_ALG } from './device-proof';

/** `{ alg: 'ES256', key, sig }`: an 87-character base64url public point and an 86-character signature. */
export const DeviceProofSchema = v.strictObject({
  alg: v.literal(DEVICE_PROOF_ALG),
  key: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{87}$/, 'the base64url 65-byte P-256 public point')),
  sig: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{86}$/, 'the base64url 64-byte ECDSA signature')),
});
