/**
 * Self-validating seal nonces: 32 bytes, base64url (43 characters) —
 *   version (1) · expiry in ms, 48-bit big-endian (6) · random (9) · HMAC-SHA-256 of the first 16, cut to 16.
 * The MAC key is derived (HKDF-SHA-256) from the site's HPKE private key, so every instance that
 * shares the keys file mints and accepts the same nonces and issuing one writes nothing anywhere.
 * 72 random bits keep two nonces of one millisecond apart; the 128-bit MAC makes forging one as
 * hard as guessing the key. What makes a nonce single-use is the store's list of spent ones.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { decodeBase64Url } from './base64url';
import { pooledRandomBytes } from './random-pool';

const VERSION = 1;
const BODY_BYTES = 16;
const MAC_BYTES = 16;
const MAX_EXPIRY = 2 ** 48 - 1;

// Deriving costs an HKDF per key; a server holds one key (two during a rotation), so cache a few.
const macKeys = new Map<string, Buffer>();

function macKey(privateKey: string): Buffer {
  let key = macKeys.get(privateKey);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', Buffer.from(privateKey, 'utf8'), 'twofold nonce mac', 'twofold/seal-nonce/v1', 32));
    if (macKeys.size >= 8) macKeys.clear();
    macKeys.set(privateKey, key);
  }
  return key;
}

function mac(privateKey: string, body: Uint8Array): Buffer {
  return createHmac('sha256', macKey(privateKey)).update(body).digest().subarray(0, MAC_BYTES);
}

/** A fresh nonce valid until `expiresAt` (ms since the epoch). */
export function mintNonce(privateKey: string, expiresAt: number): string {
  const body = Buffer.alloc(BODY_BYTES);
  body[0] = VERSION;
  body.writeUIntBE(Math.min(Math.max(0, Math.floor(expiresAt)), MAX_EXPIRY), 1, 6);
  pooledRandomBytes(BODY_BYTES - 7).copy(body, 7);
  return Buffer.concat([body, mac(privateKey, body)]).toString('base64url');
}

/** The expiry of a nonce this key minted, or undefined when it is not one (wrong length, version or MAC). */
export function openNonce(privateKey: string, nonce: string): number | undefined {
  // 43 characters are 32 bytes: anything else is no nonce of ours, refused before decoding.
  const bytes = nonce.length === 43 ? decodeBase64Url(nonce) : undefined;
  if (!bytes || bytes.length !== BODY_BYTES + MAC_BYTES || bytes[0] !== VERSION) return undefined;
  // 43 characters carry 258 bits: decoding ignores the last 2, so four texts would open as this
  // nonce. The store spends the text, so only the one text mintNonce makes is accepted.
  if (bytes.toString('base64url') !== nonce) return undefined;
  const body = bytes.subarray(0, BODY_BYTES);
  if (!timingSafeEqual(mac(privateKey, body), bytes.subarray(BODY_BYTES))) return undefined;
  return body.readUIntBE(1, 6);
}
