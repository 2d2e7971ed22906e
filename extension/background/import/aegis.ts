/**
 * Aegis Authenticator vault export (https://github.com/beemdevelopment/Aegis/blob/master/docs/vault.md):
 * `{ version: 1, header: { slots, params }, db }`. Plain: `db` is the object `{ version, entries }`.
 * Encrypted: `db` is base64 AES-256-GCM ciphertext under a master key; each password slot (type 1)
 * holds the master key encrypted with AES-256-GCM under scrypt(password, salt, N, r, p).
 */
import * as v from 'valibot';
import { makeAccount, parseAlgorithm, type Account } from '../../account';
import { KDF_LIMITS, aesGcmOpen, decodeBase64, decodeHex, decodeUtf8, scrypt } from './crypto';
import { convertEntries, describeEntry, isRecord, parseEntry, parseFileShape } from './entries';
import { CorruptFileError, PasswordRequiredError, UnsupportedEntryError, WrongPasswordError } from './errors';
import type { ImportResult, Importer } from './types';

const FORMAT = 'Aegis';
const SCRYPT_MAX_BYTES = 256 * 1024 * 1024;
const hex = (bytes: number) => v.pipe(v.string(), v.regex(new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`), `expected ${bytes} hex bytes`));
const GcmParams = v.object({ nonce: hex(12), tag: hex(16) });

const FileShape = v.object({
  version: v.literal(1, 'Aegis export version 1 expected'),
  header: v.object({ slots: v.nullable(v.array(v.unknown())), params: v.nullable(GcmParams) }),
  db: v.union([v.string(), v.record(v.string(), v.unknown())]),
});
const PasswordSlot = v.object({
  type: v.literal(1),
  key: hex(32),
  key_params: GcmParams,
  n: v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(KDF_LIMITS.scryptMaxN)),
  r: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(KDF_LIMITS.scryptMaxR)),
  p: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(KDF_LIMITS.scryptMaxP)),
  salt: hex(32),
});
const Db = v.object({ version: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3)), entries: v.array(v.unknown()) });
const Entry = v.object({
  type: v.string(),
  name: v.optional(v.nullable(v.string()), ''),
  issuer: v.optional(v.nullable(v.string()), ''),
  info: v.object({
    secret: v.string(),
    algo: v.optional(v.string(), 'SHA1'),
    digits: v.optional(v.number()),
    period: v.optional(v.number()),
    counter: v.optional(v.number()),
  }),
});

function toAccount(raw: unknown): Account {
  const entry = parseEntry(Entry, raw);
  if (entry.type === 'steam')
    return makeAccount({ type: 'totp', encoder: 'steam', secret: entry.info.secret, issuer: entry.issuer ?? '', label: entry.name ?? '' });
  if (entry.type !== 'totp' && entry.type !== 'hotp') {
    throw new UnsupportedEntryError(
      `The entry is of type "${entry.type.slice(0, 20)}"; Twofold supports TOTP, HOTP and Steam (Yandex and mOTP codes are computed differently).`,
    );
  }
  const algorithm = parseAlgorithm(entry.info.algo);
  if (algorithm === undefined)
    throw new UnsupportedEntryError(`The entry uses the algorithm "${entry.info.algo.slice(0, 20)}"; Twofold supports SHA1, SHA256 and SHA512.`);
  return makeAccount({
    type: entry.type,
    secret: entry.info.secret,
    algorithm,
    digits: entry.info.digits,
    period: entry.info.period,
    counter: entry.info.counter,
    issuer: entry.issuer ?? '',
    label: entry.name ?? '',
  });
}

/** Opens the master key with the first password slot the password fits. */
async function unlockMasterKey(slots: readonly unknown[], password: string): Promise<Uint8Array> {
  const passwordSlots = slots.filter((slot) => isRecord(slot) && slot.type === 1);
  if (passwordSlots.length === 0)
    throw new CorruptFileError(FORMAT, 'it has no password slot (only biometric slots, which work only on the phone that made them)');
  // Each slot costs a full scrypt run: a real vault has one or two.
  for (const raw of passwordSlots.slice(0, 4)) {
    const slot = parseFileShape(PasswordSlot, raw, FORMAT);
    if ((slot.n & (slot.n - 1)) !== 0) throw new CorruptFileError(FORMAT, 'a password slot has an invalid scrypt N (not a power of two)');
    if (128 * slot.n * slot.r * slot.p > SCRYPT_MAX_BYTES)
      throw new CorruptFileError(FORMAT, 'a password slot asks for more scrypt memory than Twofold allows (256 MB)');
    const derived = await scrypt(password, decodeHex(slot.salt)!, { N: slot.n, r: slot.r, p: slot.p }, 32);
    const sealedKey = new Uint8Array([...decodeHex(slot.key)!, ...decodeHex(slot.key_params.tag)!]);
    const masterKey = await aesGcmOpen(derived, decodeHex(slot.key_params.nonce)!, sealedKey);
    if (masterKey !== undefined) return masterKey;
  }
  throw new WrongPasswordError(FORMAT);
}

async function decryptDb(file: v.InferOutput<typeof FileShape>, ciphertextB64: string, password: string | undefined): Promise<unknown> {
  if (password === undefined || password === '') throw new PasswordRequiredError(FORMAT);
  if (file.header.slots === null || file.header.params === null)
    throw new CorruptFileError(FORMAT, 'the database is encrypted but the header has no key slots');
  const masterKey = await unlockMasterKey(file.header.slots, password);
  const ciphertext = decodeBase64(ciphertextB64);
  if (ciphertext === undefined) throw new CorruptFileError(FORMAT, 'the encrypted database is not base64');
  const plain = await aesGcmOpen(masterKey, decodeHex(file.header.params.nonce)!, new Uint8Array([...ciphertext, ...decodeHex(file.header.params.tag)!]));
  // The password opened a slot, so a failure here means the data itself was altered.
  if (plain === undefined) throw new CorruptFileError(FORMAT, 'the encrypted database fails its integrity check');
  const text = decodeUtf8(plain);
  try {
    return JSON.parse(text ?? '');
  } catch {
    throw new CorruptFileError(FORMAT, 'the decrypted database is not JSON');
  }
}

/** Aegis plain and encrypted vault export importer. */
export const aegisImporter: Importer = {
  id: 'aegis',
  name: FORMAT,
  detect: (input) => isRecord(input.json) && isRecord(input.json.header) && 'db' in input.json && 'slots' in input.json.header,
  async read(input, password): Promise<ImportResult> {
    const file = parseFileShape(FileShape, input.json, FORMAT);
    const dbValue = typeof file.db === 'string' ? await decryptDb(file, file.db, password) : file.db;
    const db = parseFileShape(Db, dbValue, FORMAT);
    return convertEntries(db.entries, (e, i) => (isRecord(e) ? describeEntry(i, e.issuer, e.name) : `#${i + 1}`), toAccount);
  },
};
