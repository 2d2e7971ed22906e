/**
 * The vault's cryptography, on WebCrypto only: a random AES-256-GCM vault key encrypts every
 * record; a key derived from the passphrase (PBKDF2-SHA256) wraps the vault key. Pure functions of
 * their inputs (plus randomness), so the same code runs in the service worker, Firefox's event page,
 * Node (tests) and the backup format.
 */

/** OWASP 2023 minimum for PBKDF2-HMAC-SHA256; stored with the vault so it can be raised later. */
export const MIN_PBKDF2_ITERATIONS = 600_000;

/** How a passphrase becomes a key-encryption key; stored beside the wrapped key. */
export interface KdfParams {
  name: 'PBKDF2';
  hash: 'SHA-256';
  iterations: number;
  /** base64 salt, 16 random bytes. */
  salt: string;
}

/** AES-GCM ciphertext with its nonce, both base64. */
export interface Sealed {
  iv: string;
  data: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Bytes → base64 (no padding stripped) without Node's Buffer, so it runs in every browser. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** base64 → bytes; throws on malformed input (callers turn that into a typed error). */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Fresh PBKDF2 parameters with a random salt. */
export function newKdfParams(iterations = MIN_PBKDF2_ITERATIONS): KdfParams {
  return { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(crypto.getRandomValues(new Uint8Array(16))) };
}

/** Derives the AES-256-GCM key-encryption key from a passphrase. */
export async function deriveKek(passphrase: string, params: KdfParams): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', encoder.encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: params.hash, iterations: params.iterations, salt: fromBase64(params.salt) },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
  );
}

/** A new random vault key. Extractable only so it can be wrapped and parked in storage.session. */
export function newVaultKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']) as Promise<CryptoKey>;
}

/** Encrypts bytes with AES-GCM under `key`, binding `context` as additional data. */
export async function sealBytes(key: CryptoKey, plain: Uint8Array<ArrayBuffer>, context: string): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(context) }, key, plain);
  return { iv: toBase64(iv), data: toBase64(new Uint8Array(data)) };
}

/** Decrypts what `sealBytes` produced; rejects (OperationError) on a wrong key, context or tampering. */
export async function openBytes(key: CryptoKey, sealed: Sealed, context: string): Promise<Uint8Array> {
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64(sealed.iv), additionalData: encoder.encode(context) },
    key,
    fromBase64(sealed.data),
  );
  return new Uint8Array(plain);
}

/** Encrypts a JSON value (see sealBytes). */
export function sealJson(key: CryptoKey, value: unknown, context: string): Promise<Sealed> {
  return sealBytes(key, encoder.encode(JSON.stringify(value)), context);
}

/** Decrypts and parses a JSON value sealed by sealJson. */
export async function openJson(key: CryptoKey, sealed: Sealed, context: string): Promise<unknown> {
  return JSON.parse(decoder.decode(await openBytes(key, sealed, context)));
}

/** Exports the vault key's raw bytes (base64) for the session store. */
export async function exportVaultKey(key: CryptoKey): Promise<string> {
  return toBase64(new Uint8Array(await crypto.subtle.exportKey('raw', key)));
}

/** Re-imports a vault key exported by exportVaultKey. */
export function importVaultKey(raw: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', fromBase64(raw), { name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
}

/** Wraps the vault key under the key-encryption key. */
export async function wrapVaultKey(vaultKey: CryptoKey, kek: CryptoKey, context: string): Promise<Sealed> {
  return sealBytes(kek, fromBase64(await exportVaultKey(vaultKey)), context);
}

/** Unwraps the vault key; rejects when the passphrase (hence the KEK) is wrong. */
export async function unwrapVaultKey(wrapped: Sealed, kek: CryptoKey, context: string): Promise<CryptoKey> {
  const raw = await openBytes(kek, wrapped, context);
  return importVaultKey(toBase64(raw));
}
