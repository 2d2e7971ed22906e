/**
 * andOTP backups. Plain: a JSON array of `{ secret, issuer, label, digits, type, algorithm,
 * period | counter }` (secret base32, possibly padded). Encrypted (AES-256-GCM), two layouts:
 * - current (andOTP ≥ 0.6.3): uint32 big-endian PBKDF2 iteration count ‖ 12-byte salt ‖ 12-byte IV ‖
 *   ciphertext ‖ 16-byte tag; key = PBKDF2-HMAC-SHA1(password, salt, iterations, 256 bits)
 * - old: 12-byte IV ‖ ciphertext ‖ tag; key = SHA-256(password). Old versions also wrote the label as
 *   "issuer:name" with an empty issuer, which is split here.
 * The public fixtures have no encrypted andOTP file, so the tests build them from this description
 * (the layout andOTP's Constants/EncryptionHelper and OTPClient's reader implement).
 */
import * as v from 'valibot';
import { makeAccount, parseAlgorithm, type Account } from '../../account';
import { KDF_LIMITS, aesGcmOpen, decodeUtf8, pbkdf2, sha256, utf8Bytes } from './crypto';
import { convertEntries, describeEntry, isRecord, parseEntry } from './entries';
import { CorruptFileError, PasswordRequiredError, UnsupportedEntryError, WrongPasswordError } from './errors';
import type { ImportInput, ImportResult, Importer } from './types';

const FORMAT = 'andOTP';
const SALT_BYTES = 12;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_ITERATIONS = 1_000;

const Entry = v.object({
  secret: v.string(),
  issuer: v.optional(v.nullable(v.string()), ''),
  label: v.optional(v.nullable(v.string()), ''),
  digits: v.optional(v.number()),
  type: v.string(),
  algorithm: v.optional(v.string(), 'SHA1'),
  period: v.optional(v.number()),
  counter: v.optional(v.number()),
});

function toAccount(raw: unknown): Account {
  const entry = parseEntry(Entry, raw);
  const type = entry.type.toUpperCase();
  if (type === 'STEAM') return makeAccount({ type: 'totp', encoder: 'steam', secret: entry.secret, issuer: entry.issuer ?? '', label: entry.label ?? '' });
  if (type !== 'TOTP' && type !== 'HOTP') {
    throw new UnsupportedEntryError(`The entry is of type ${entry.type.slice(0, 20)}; Twofold supports TOTP, HOTP and Steam.`);
  }
  const algorithm = parseAlgorithm(entry.algorithm);
  if (algorithm === undefined)
    throw new UnsupportedEntryError(`The entry uses the algorithm "${entry.algorithm.slice(0, 20)}"; Twofold supports SHA1, SHA256 and SHA512.`);
  let issuer = entry.issuer?.trim() ?? '';
  let label = entry.label?.trim() ?? '';
  const colon = label.indexOf(':');
  if (colon > 0 && (issuer === '' || label.slice(0, colon).trim().toLowerCase() === issuer.toLowerCase())) {
    issuer = issuer || label.slice(0, colon).trim();
    label = label.slice(colon + 1).trim();
  }
  return makeAccount({
    type: type === 'HOTP' ? 'hotp' : 'totp',
    secret: entry.secret,
    algorithm,
    digits: entry.digits,
    period: entry.period,
    counter: entry.counter,
    issuer,
    label,
  });
}

function looksLikeEntryList(json: unknown): json is unknown[] {
  return Array.isArray(json) && json.length > 0 && json.every((e) => isRecord(e) && typeof e.secret === 'string' && typeof e.type === 'string' && 'label' in e);
}

/** The iteration count of the current layout, if the header holds a plausible one. */
function headerIterations(bytes: Uint8Array): number | undefined {
  if (bytes.length < 4 + SALT_BYTES + IV_BYTES + TAG_BYTES) return undefined;
  const iterations = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false);
  return iterations >= MIN_ITERATIONS && iterations <= KDF_LIMITS.pbkdf2MaxIterations ? iterations : undefined;
}

/**
 * Ciphertext is (practically) never valid UTF-8 and only ~40% printable ASCII; a damaged text or
 * JSON file is mostly printable, so it is not mistaken for an encrypted backup.
 */
function isBinary(input: ImportInput): boolean {
  if (input.text !== undefined) return false;
  let printable = 0;
  for (const byte of input.bytes) if ((byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d) printable++;
  return printable < input.bytes.length * 0.9;
}

async function decrypt(bytes: Uint8Array, password: string): Promise<Uint8Array> {
  const iterations = headerIterations(bytes);
  if (iterations !== undefined) {
    const salt = bytes.subarray(4, 4 + SALT_BYTES);
    const iv = bytes.subarray(4 + SALT_BYTES, 4 + SALT_BYTES + IV_BYTES);
    const key = await pbkdf2('SHA-1', password, salt, iterations, 32);
    const plain = await aesGcmOpen(key, iv, bytes.subarray(4 + SALT_BYTES + IV_BYTES));
    if (plain !== undefined) return plain;
  }
  if (bytes.length >= IV_BYTES + TAG_BYTES) {
    const plain = await aesGcmOpen(await sha256(utf8Bytes(password)), bytes.subarray(0, IV_BYTES), bytes.subarray(IV_BYTES));
    if (plain !== undefined) return plain;
  }
  // GCM cannot tell a wrong key from altered bytes; the password is by far the likelier cause.
  throw new WrongPasswordError(FORMAT, ' (or the file is damaged)');
}

/** andOTP plain JSON and encrypted (current and old layout) backup importer. */
export const andOtpImporter: Importer = {
  id: 'andotp',
  name: FORMAT,
  detect: (input) =>
    looksLikeEntryList(input.json) ||
    (isBinary(input) && (headerIterations(input.bytes) !== undefined || (input.bytes.length >= IV_BYTES + TAG_BYTES && /andotp|\.aes$/i.test(input.fileName)))),
  async read(input, password): Promise<ImportResult> {
    let entries: unknown = input.json;
    if (entries === undefined) {
      if (password === undefined || password === '') throw new PasswordRequiredError(FORMAT);
      const text = decodeUtf8(await decrypt(input.bytes, password));
      try {
        entries = JSON.parse(text ?? '');
      } catch {
        throw new CorruptFileError(FORMAT, 'the decrypted data is not JSON');
      }
    }
    if (!Array.isArray(entries)) throw new CorruptFileError(FORMAT, 'expected a list of entries');
    return convertEntries(entries, (e, i) => (isRecord(e) ? describeEntry(i, e.issuer, e.label) : `#${i + 1}`), toAccount);
  },
};
