/**
 * base64url on node's Buffer for the server's per-request paths (sealed reports, seal nonces,
 * attempt and rights tokens): the same bytes and the same strictness as sdk/protocol's
 * fromBase64Url / toBase64Url — only the URL-safe alphabet, no padding, a length of 4n+1 refused,
 * leftover bits ignored as atob ignores them — without their binary string built one character at
 * a time (the sealed report's few-kilobyte ciphertext went through that on every assess).
 * Encoding needs no helper: Buffer's toString('base64url') is already unpadded and URL-safe.
 */
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** base64url → bytes; undefined when the text is not unpadded base64url. */
export function decodeBase64Url(text: string): Buffer | undefined {
  if (text.length % 4 === 1 || !BASE64URL.test(text)) return undefined;
  return Buffer.from(text, 'base64url');
}
