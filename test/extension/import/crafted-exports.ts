/**
 * Encrypted export files made in tests from the apps' published layouts with node:crypto (and
 * @noble/hashes for Argon2id, which Node 20 lacks): an implementation independent of the
 * importers' WebCrypto code. Shared by the importer tests and the background import fuzz, which
 * also seals mutated plaintexts with them. Not a test file itself.
 */
import { createCipheriv, createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { argon2id } from '@noble/hashes/argon2.js';

function gcm(key: Buffer, iv: Buffer, plain: string): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  return Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
}

/** andOTP's current layout: iterations‖salt‖iv‖ciphertext‖tag, key = PBKDF2-HMAC-SHA1. */
export function andOtpCurrent(password: string, entries: unknown, iterations = 140_000): Uint8Array {
  const salt = randomBytes(12);
  const iv = randomBytes(12);
  const header = Buffer.alloc(4);
  header.writeUInt32BE(iterations);
  const key = pbkdf2Sync(password, salt, iterations, 32, 'sha1');
  return new Uint8Array(Buffer.concat([header, salt, iv, gcm(key, iv, JSON.stringify(entries))]));
}

/** andOTP's old layout: iv‖ciphertext‖tag, key = SHA-256(password). */
export function andOtpOld(password: string, entries: unknown): Uint8Array {
  const iv = randomBytes(12);
  const key = createHash('sha256').update(password, 'utf8').digest();
  return new Uint8Array(Buffer.concat([iv, gcm(key, iv, JSON.stringify(entries))]));
}

function encString(encKey: Buffer, macKey: Buffer, plain: string): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', encKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const mac = createHmac('sha256', macKey)
    .update(Buffer.concat([iv, ciphertext]))
    .digest();
  return `2.${iv.toString('base64')}|${ciphertext.toString('base64')}|${mac.toString('base64')}`;
}

/** A Bitwarden password-protected JSON export of `plain` (kdfType 0 = PBKDF2, 1 = Argon2id). */
export function bitwardenProtectedExport(password: string, plain: unknown, iterations = 5000, kdfType = 0): string {
  const salt = randomBytes(16).toString('base64');
  const key =
    kdfType === 0
      ? pbkdf2Sync(password, Buffer.from(salt, 'utf8'), iterations, 32, 'sha256')
      : Buffer.from(argon2id(Buffer.from(password), createHash('sha256').update(salt, 'utf8').digest(), { t: iterations, m: 1024, p: 1, dkLen: 32 }));
  const encKey = createHmac('sha256', key).update(Buffer.from('enc\u0001')).digest();
  const macKey = createHmac('sha256', key).update(Buffer.from('mac\u0001')).digest();
  return JSON.stringify({
    encrypted: true,
    passwordProtected: true,
    salt,
    kdfType,
    kdfIterations: iterations,
    kdfMemory: kdfType === 1 ? 1 : null,
    kdfParallelism: kdfType === 1 ? 1 : null,
    encKeyValidation_DO_NOT_EDIT: encString(encKey, macKey, randomBytes(8).toString('hex')),
    data: encString(encKey, macKey, JSON.stringify(plain)),
  });
}
