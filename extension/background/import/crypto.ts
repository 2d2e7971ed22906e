/**
 * Decryption primitives the encrypted formats need, over WebCrypto (available in the MV3 service
 * worker, Firefox's background page and Node 20) plus @noble/hashes' scrypt, which WebCrypto lacks.
 * Every key-derivation parameter read from a file is bounded, so a hostile file cannot make the
 * extension spend minutes or gigabytes.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';

const subtle = globalThis.crypto.subtle;
const utf8 = new TextEncoder();

/** Upper bounds on KDF work read from files (Aegis uses N=2^15, r=8, p=1; andOTP ~160k rounds). */
export const KDF_LIMITS = { scryptMaxN: 2 ** 20, scryptMaxR: 16, scryptMaxP: 4, pbkdf2MaxIterations: 5_000_000 } as const;

/** Copies into a fresh ArrayBuffer-backed array, as WebCrypto's typings require. */
function own(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy;
}

/**
 * AES-GCM decryption of `ciphertextAndTag` (tag = last 16 bytes). Resolves to the plaintext, or to
 * undefined when authentication fails (wrong key or tampered data): callers decide which it means.
 */
export async function aesGcmOpen(key: Uint8Array, iv: Uint8Array, ciphertextAndTag: Uint8Array): Promise<Uint8Array | undefined> {
  if (![16, 24, 32].includes(key.length) || iv.length === 0 || ciphertextAndTag.length < 16) return undefined;
  const cryptoKey = await subtle.importKey('raw', own(key), { name: 'AES-GCM' }, false, ['decrypt']);
  try {
    return new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: own(iv) }, cryptoKey, own(ciphertextAndTag)));
  } catch {
    return undefined;
  }
}

/** PBKDF2 over WebCrypto; `iterations` must already be checked against KDF_LIMITS. */
export async function pbkdf2(
  hash: 'SHA-1' | 'SHA-256' | 'SHA-512',
  password: string,
  salt: Uint8Array,
  iterations: number,
  bytes: number,
): Promise<Uint8Array> {
  const base = await subtle.importKey('raw', utf8.encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle.deriveBits({ name: 'PBKDF2', hash, salt: own(salt), iterations }, base, bytes * 8);
  return new Uint8Array(bits);
}

/** scrypt (RFC 7914) with @noble/hashes, asynchronous so the worker stays responsive. */
export async function scrypt(password: string, salt: Uint8Array, params: { N: number; r: number; p: number }, bytes: number): Promise<Uint8Array> {
  return scryptAsync(utf8.encode(password), salt, { ...params, dkLen: bytes, maxmem: 256 * 1024 * 1024 + 4096 });
}

/** SHA-256 digest (andOTP's old format uses it as the key). */
export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle.digest('SHA-256', own(data)));
}

/** UTF-8 bytes of a string. */
export function utf8Bytes(text: string): Uint8Array {
  return utf8.encode(text);
}

/** Decodes standard or URL-safe base64 (padding optional, whitespace ignored); undefined if invalid. */
export function decodeBase64(text: string): Uint8Array | undefined {
  let clean = text.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1) return undefined;
  clean += '='.repeat((4 - (clean.length % 4)) % 4);
  const binary = atob(clean);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Decodes hex (even length, 0-9a-f); undefined if invalid. */
export function decodeHex(text: string): Uint8Array | undefined {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Decodes UTF-8 strictly; undefined when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** HMAC-SHA256 (Bitwarden's MAC and HKDF-Expand building block). */
export async function hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const hmacKey = await subtle.importKey('raw', own(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await subtle.sign('HMAC', hmacKey, own(data)));
}

/** AES-CBC with PKCS#7 padding; undefined when the padding is invalid. */
export async function aesCbcOpen(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array | undefined> {
  if (key.length !== 32 || iv.length !== 16 || ciphertext.length === 0 || ciphertext.length % 16 !== 0) return undefined;
  const cryptoKey = await subtle.importKey('raw', own(key), { name: 'AES-CBC' }, false, ['decrypt']);
  try {
    return new Uint8Array(await subtle.decrypt({ name: 'AES-CBC', iv: own(iv) }, cryptoKey, own(ciphertext)));
  } catch {
    return undefined;
  }
}

/** Compares two byte arrays without an early exit on the first difference. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
