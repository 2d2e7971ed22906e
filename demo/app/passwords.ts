/**
 * Password hashing for the demo's sign-up: scrypt (node:crypto) with a random salt, encoded as
 * `scrypt$N$r$p$salt$hash`, so hashes made with an older cost (N=2^14 before) still verify while
 * new ones use the current one. N=2^17, r=8, p=1 is OWASP's scrypt minimum (Password Storage
 * Cheat Sheet, https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html).
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 2 ** 17;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
/** Highest cost a stored hash may name (a corrupted or hostile row must not make us allocate gigabytes). */
const MAX_N = 2 ** 20;

/** scrypt needs 128·N·r bytes (plus a little); node's default maxmem (32 MB) refuses N=2^17, r=8 (128 MB). */
function maxmemFor(n: number, r: number, p: number): number {
  return 128 * n * r + 128 * r * p + 1024 * 1024;
}

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, { N: n, r, p, maxmem: maxmemFor(n, r, p) }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Hashes a password for storage. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Checks a password against a stored hash (any cost it names, up to MAX_N) in constant time; false for malformed hashes. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const [cost, blockSize, parallel] = [Number(n), Number(r), Number(p)];
  if (!Number.isInteger(cost) || cost < 2 || cost > MAX_N || !Number.isInteger(blockSize) || blockSize < 1 || blockSize > 32 || parallel !== 1) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), cost, blockSize, parallel);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** True when a stored hash was made with a lower cost than today's (rehash it at the next sign-in). */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r] = stored.split('$');
  return scheme !== 'scrypt' || Number(n) < N || Number(r) < R;
}

/** A hash of nothing at today's cost, verified against when the user does not exist so both paths cost the same. */
export const DUMMY_HASH = `scrypt$${N}$${R}$${P}$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
