/**
 * Bitwarden's password-protected JSON export: `{ encrypted: true, passwordProtected: true, salt,
 * kdfType, kdfIterations, kdfMemory?, kdfParallelism?, encKeyValidation_DO_NOT_EDIT, data }`.
 * Key = PBKDF2-HMAC-SHA256(password, salt as UTF-8, kdfIterations) (kdfType 0) or
 * Argon2id(password, SHA-256(salt), t = kdfIterations, m = kdfMemory MiB, p = kdfParallelism)
 * (kdfType 1), stretched with HKDF-Expand-SHA256 into an encryption key ("enc") and a MAC key
 * ("mac"). Both fields are EncStrings "2.<iv>|<ciphertext>|<mac>" (AES-256-CBC + HMAC-SHA256 over
 * iv‖ciphertext). The validation field tells a wrong password apart from damaged data.
 */
import * as v from 'valibot';
import { argon2idAsync } from '@noble/hashes/argon2.js';
import { KDF_LIMITS, aesCbcOpen, constantTimeEqual, decodeBase64, decodeUtf8, hmacSha256, pbkdf2, sha256, utf8Bytes } from './crypto';
import { parseFileShape } from './entries';
import { CorruptFileError, PasswordRequiredError, WrongPasswordError } from './errors';

const FORMAT = 'Bitwarden';
const ARGON2_MAX_MIB = 256;
const ARGON2_MAX_ITERATIONS = 10;

const Protected = v.object({
  salt: v.pipe(v.string(), v.minLength(1)),
  kdfType: v.picklist([0, 1], 'kdfType must be 0 (PBKDF2) or 1 (Argon2id)'),
  kdfIterations: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(KDF_LIMITS.pbkdf2MaxIterations)),
  kdfMemory: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(ARGON2_MAX_MIB)))),
  kdfParallelism: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(16)))),
  encKeyValidation_DO_NOT_EDIT: v.string(),
  data: v.string(),
});

interface EncString {
  iv: Uint8Array;
  ciphertext: Uint8Array;
  mac: Uint8Array;
}

function parseEncString(value: string, what: string): EncString {
  const match = /^2\.([^|]+)\|([^|]+)\|([^|]+)$/.exec(value.trim());
  const [iv, ciphertext, mac] = match ? [decodeBase64(match[1]!), decodeBase64(match[2]!), decodeBase64(match[3]!)] : [];
  if (!iv || !ciphertext || !mac) throw new CorruptFileError(FORMAT, `${what} is not an AES-CBC/HMAC string ("2.iv|data|mac")`);
  return { iv, ciphertext, mac };
}

/** HKDF-Expand with one output block (32 bytes): HMAC(prk, info ‖ 0x01). */
async function hkdfExpand32(prk: Uint8Array, info: string): Promise<Uint8Array> {
  return hmacSha256(prk, new Uint8Array([...utf8Bytes(info), 1]));
}

async function open(value: EncString, encKey: Uint8Array, macKey: Uint8Array): Promise<Uint8Array | undefined> {
  const mac = await hmacSha256(macKey, new Uint8Array([...value.iv, ...value.ciphertext]));
  if (!constantTimeEqual(mac, value.mac)) return undefined;
  return aesCbcOpen(encKey, value.iv, value.ciphertext);
}

/** Decrypts a password-protected export to the plain export object it contains. */
export async function decryptProtectedExport(file: unknown, password: string | undefined): Promise<unknown> {
  const shape = parseFileShape(Protected, file, FORMAT);
  if (password === undefined || password === '') throw new PasswordRequiredError('password-protected Bitwarden');
  if (shape.kdfType === 1 && shape.kdfIterations > ARGON2_MAX_ITERATIONS) {
    throw new CorruptFileError(FORMAT, `Argon2id with ${shape.kdfIterations} iterations exceeds Bitwarden's maximum of ${ARGON2_MAX_ITERATIONS}`);
  }
  const salt = utf8Bytes(shape.salt);
  const masterKey =
    shape.kdfType === 0
      ? await pbkdf2('SHA-256', password, salt, shape.kdfIterations, 32)
      : await argon2idAsync(utf8Bytes(password), await sha256(salt), {
          t: shape.kdfIterations,
          m: (shape.kdfMemory ?? 64) * 1024,
          p: shape.kdfParallelism ?? 4,
          dkLen: 32,
        });
  const encKey = await hkdfExpand32(masterKey, 'enc');
  const macKey = await hkdfExpand32(masterKey, 'mac');
  if ((await open(parseEncString(shape.encKeyValidation_DO_NOT_EDIT, 'the key validation'), encKey, macKey)) === undefined) {
    throw new WrongPasswordError('password-protected Bitwarden');
  }
  const plain = await open(parseEncString(shape.data, 'the data'), encKey, macKey);
  if (plain === undefined) throw new CorruptFileError(FORMAT, 'the encrypted data fails its integrity check');
  try {
    return JSON.parse(decodeUtf8(plain) ?? '');
  } catch {
    throw new CorruptFileError(FORMAT, 'the decrypted data is not JSON');
  }
}
