/**
 * Receipt signing for sites (pure functions, WebCrypto only): the server signs a summary of each
 * consent receipt it received with a collection, hands the signature to the page (which passes it to
 * the SDK with `tf.setRightsToken(token, signature)`), and publishes the public JWK in
 * /.well-known/twofold.json so the extension can verify the SDK's announcement. The canonical form
 * and the verifier live in sdk/protocol/receipt-signature.ts, shared with the extension.
 */
import { toBase64Url } from '../protocol/seal';
import { RECEIPT_SIGNATURE_ALGORITHM, canonicalReceiptJson, verifyReceiptSignature, type ReceiptSummary } from '../protocol/receipt-signature';

export { canonicalReceiptJson, verifyReceiptSignature, type ReceiptSummary };

/** An ECDSA P-256 key pair as JWKs: publish `publicJwk`, keep `privateJwk` secret. */
export interface SigningKeyPair {
  publicJwk: JsonWebKey;
  privateJwk: JsonWebKey;
}

const P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** Creates a fresh receipt-signing key pair (ECDSA P-256); the public JWK carries only kty, crv, x, y. */
export async function generateSigningKey(): Promise<SigningKeyPair> {
  const pair = await globalThis.crypto.subtle.generateKey(P256, true, ['sign', 'verify']);
  const pub = await globalThis.crypto.subtle.exportKey('jwk', pair.publicKey);
  const privateJwk = await globalThis.crypto.subtle.exportKey('jwk', pair.privateKey);
  return { publicJwk: { kty: pub.kty, crv: pub.crv, x: pub.x, y: pub.y }, privateJwk };
}

/** Signs the canonical JSON of `summary` with the private JWK: base64url ES256 signature (64 bytes, r ‖ s). */
export async function signReceipt(summary: ReceiptSummary, privateJwk: JsonWebKey): Promise<string> {
  const key = await globalThis.crypto.subtle.importKey('jwk', privateJwk, P256, false, ['sign']);
  const signature = await globalThis.crypto.subtle.sign(RECEIPT_SIGNATURE_ALGORITHM, key, new TextEncoder().encode(canonicalReceiptJson(summary)));
  return toBase64Url(signature);
}
