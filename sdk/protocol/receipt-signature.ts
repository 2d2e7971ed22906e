/**
 * Receipt signatures the extension can check: the site's server signs a summary of a consent
 * receipt and the collection it covered (sdk/server/receipt-signing.ts); the SDK passes the
 * signature on in its announcement; the extension verifies it here against the public JWK the site
 * publishes in /.well-known/twofold.json (`receiptSigningKey`). Pure WebCrypto, no schema library.
 *
 * Signature: ECDSA P-256 with SHA-256 (ES256), IEEE P1363 form (r ‖ s, 64 bytes), base64url
 * without padding, over the UTF-8 bytes of `canonicalReceiptJson(summary)`.
 */
import { fromBase64Url } from './seal';

/** What a receipt signature covers. */
export interface ReceiptSummary {
  site: string;
  /** The page origin the collection came from. */
  origin: string;
  receiptId: string;
  /** Ids of the signals collected (order and duplicates do not matter: canonicalised sorted, unique). */
  signals: readonly string[];
  /** The receipt's timestamp (when consent was given), ISO 8601 as in the receipt. */
  timestamp: string;
}

/** WebCrypto parameters of receipt signatures (ES256). */
export const RECEIPT_SIGNATURE_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;

/**
 * The exact text that is signed: JSON with keys in code-point order (as RFC 8785 JCS orders them;
 * strings are serialised as JSON.stringify does, which JCS adopts) and the signal ids sorted and
 * de-duplicated, so signer and verifier agree byte for byte. Throws a TypeError on non-string fields.
 */
export function canonicalReceiptJson(summary: ReceiptSummary): string {
  const text = (name: string, value: unknown): string => {
    if (typeof value !== 'string') throw new TypeError(`receipt summary: ${name} must be a string`);
    return value;
  };
  if (!Array.isArray(summary.signals)) throw new TypeError('receipt summary: signals must be an array of signal ids');
  const signals = [...new Set(summary.signals.map((id, i) => text(`signals.${i}`, id)))].sort();
  return JSON.stringify({
    origin: text('origin', summary.origin),
    receiptId: text('receiptId', summary.receiptId),
    signals,
    site: text('site', summary.site),
    timestamp: text('timestamp', summary.timestamp),
  });
}

/**
 * True when `signature` is a valid ES256 signature of this summary by the private half of
 * `publicJwk`; false for any mismatch, malformed signature or unusable key (never throws).
 */
export async function verifyReceiptSignature(summary: ReceiptSummary, signature: unknown, publicJwk: JsonWebKey): Promise<boolean> {
  try {
    if (typeof signature !== 'string' || signature.length > 200) return false;
    const bytes = fromBase64Url(signature);
    if (!bytes || bytes.length !== 64) return false;
    const key = await globalThis.crypto.subtle.importKey(
      'jwk', { kty: 'EC', crv: 'P-256', x: publicJwk.x, y: publicJwk.y }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify'],
    );
    const data = new TextEncoder().encode(canonicalReceiptJson(summary));
    return await globalThis.crypto.subtle.verify(RECEIPT_SIGNATURE_ALGORITHM, key, bytes as Uint8Array<ArrayBuffer>, data);
  } catch {
    return false;
  }
}
