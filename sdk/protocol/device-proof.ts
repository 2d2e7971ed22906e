/**
 * The device proof: inside every sealed report, the SDK signs (nonce, site, origin, report digest)
 * with a non-extractable ECDSA P-256 key it created after consent and keeps in the site's
 * IndexedDB (one key per site, so two sites cannot link it; cf. W3C Device Bound Session
 * Credentials). The server binds the key to an account when a login signed by it is recorded
 * successful; later, only a signature by that key proves the same device. A copied device id or
 * visitor id is data anyone can replay; a signature over a fresh server nonce is not.
 *
 * Shared by the SDK (signs) and the server (verifies): WebCrypto only, no valibot (the schema the
 * server validates with is in device-proof-schema.ts).
 *
 * Signed message (UTF-8): `twofold/device-proof/v1\n<nonce>\n<site>\n<origin>\n<digest>` where
 * digest = base64url SHA-256 of the report's JSON exactly as sealed (JSON.stringify of the report).
 * Signature: ECDSA P-256 with SHA-256, IEEE P1363 (r‖s, 64 bytes), base64url. Key: the 65-byte
 * uncompressed public point, base64url; its id is base64url SHA-256 of those bytes (43 characters).
 */
import { fromBase64Url, toBase64Url } from './base64url';

/** The one signature algorithm of device proofs (JOSE name). */
export const DEVICE_PROOF_ALG = 'ES256';
/** Domain separation: a device key signs nothing else in this shape. */
export const DEVICE_PROOF_CONTEXT = 'twofold/device-proof/v1';
/** Length of a key id: base64url of a 32-byte SHA-256 without padding. */
export const DEVICE_KEY_ID_LENGTH = 43;

/** The proof a sealed report carries beside its report. */
export interface DeviceProof {
  alg: typeof DEVICE_PROOF_ALG;
  /** base64url of the 65-byte uncompressed P-256 public point. */
  key: string;
  /** base64url of the 64-byte P1363 signature over the binding's message. */
  sig: string;
}

/** What a device proof is bound to: the sealing's nonce, site and origin and the sealed report's JSON. */
export interface DeviceProofBinding {
  nonce: string;
  site: string;
  origin: string;
  /** JSON.stringify(report), byte for byte what the envelope carries. */
  reportJson: string;
}

const utf8 = new TextEncoder();
const subtle = () => globalThis.crypto.subtle;
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** The exact bytes a device key signs for `binding`. */
export async function deviceProofMessage(binding: DeviceProofBinding): Promise<Uint8Array<ArrayBuffer>> {
  const digest = toBase64Url(await subtle().digest('SHA-256', utf8.encode(binding.reportJson)));
  return utf8.encode([DEVICE_PROOF_CONTEXT, binding.nonce, binding.site, binding.origin, digest].join('\n'));
}

/** The id of a device key: base64url SHA-256 of its raw public point. */
export async function deviceKeyIdOf(publicKeyRaw: Uint8Array): Promise<string> {
  return toBase64Url(await subtle().digest('SHA-256', publicKeyRaw as Uint8Array<ArrayBuffer>));
}

/** Signs `binding` with a device key pair (the SDK side). */
export async function signDeviceProof(keys: { privateKey: CryptoKey; publicKeyRaw: Uint8Array }, binding: DeviceProofBinding): Promise<DeviceProof> {
  const sig = await subtle().sign(SIGN, keys.privateKey, await deviceProofMessage(binding));
  return { alg: DEVICE_PROOF_ALG, key: toBase64Url(keys.publicKeyRaw), sig: toBase64Url(sig) };
}

/**
 * Verifies a (shape-checked) proof against what the server itself opened: the key id when the
 * signature holds, undefined when it does not (wrong key, altered report, another nonce or origin,
 * a point not on the curve).
 */
export async function verifyDeviceProof(proof: DeviceProof, binding: DeviceProofBinding): Promise<string | undefined> {
  const raw = fromBase64Url(proof.key);
  const sig = fromBase64Url(proof.sig);
  if (proof.alg !== DEVICE_PROOF_ALG || !raw || raw.length !== 65 || raw[0] !== 4 || !sig || sig.length !== 64) return undefined;
  try {
    const key = await subtle().importKey('raw', raw as Uint8Array<ArrayBuffer>, ECDSA, false, ['verify']);
    const ok = await subtle().verify(SIGN, key, sig as Uint8Array<ArrayBuffer>, await deviceProofMessage(binding));
    return ok ? await deviceKeyIdOf(raw) : undefined;
  } catch {
    // Not a valid P-256 point: no proof.
    return undefined;
  }
}
