/**
 * The token-format half of verifying a compact `<prefix>.<claims>.<sig>` token, shared by the
 * WebCrypto verifier (verifyCompact in rights.ts) and the node:crypto one (sdk/server/rights.ts).
 * Internal: not re-exported from the protocol index.
 */
import { fromBase64Url } from './base64url';

const utf8 = new TextEncoder();

/**
 * The parts of a compact `<prefix>.<claims>.<sig>` token within the bounds every verifier holds
 * (at most `maxLength` characters, three parts, the prefix, a 64-byte IEEE P1363 signature), or undefined.
 */
export function splitCompact(prefix: string, token: unknown, maxLength: number): { signed: Uint8Array; claims: Uint8Array; signature: Uint8Array } | undefined {
  if (typeof token !== 'string' || token.length > maxLength) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== prefix) return undefined;
  const claims = fromBase64Url(parts[1]!);
  const signature = fromBase64Url(parts[2]!);
  if (!claims || !signature || signature.length !== 64) return undefined;
  return { signed: utf8.encode(`${parts[0]}.${parts[1]}`), claims, signature };
}

/** A verified token's claims: UTF-8 JSON, or undefined when they are not. */
export function parseCompactClaims(claims: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(claims)) as unknown;
  } catch {
    return undefined;
  }
}
