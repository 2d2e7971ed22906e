/**
 * Twofold's encrypted backup format (version 1), written by Export and read back by Import.
 *
 * A UTF-8 JSON file:
 *   {
 *     "format": "twofold-backup", "version": 1,
 *     "kdf":    { "name": "PBKDF2", "hash": "SHA-256", "iterations": 600000, "salt": "<base64, 16 bytes>" },
 *     "cipher": { "name": "AES-GCM", "iv": "<base64, 12 bytes>" },
 *     "data":   "<base64 ciphertext + 16-byte tag>"
 *   }
 * The key is PBKDF2-HMAC-SHA256(password NFC-normalised, salt, iterations) → 256-bit AES-GCM key;
 * additional data is the ASCII string "twofold-backup-v1". The plaintext is UTF-8 JSON
 *   { "accounts": [ { type, secret (base32), algorithm, digits, period?, counter?, issuer, label,
 *                     sites?: string[], icon?: string } ] }
 * so any tool with PBKDF2 and AES-GCM can read it. The importers recognise it via `isTwofoldBackup`.
 */
import * as v from 'valibot';
import { TwofoldError } from '../../sdk/protocol/errors';
import { AccountSchema, type Account } from '../account';
import { MIN_PBKDF2_ITERATIONS, deriveKek, newKdfParams, openJson, sealJson, type KdfParams } from './crypto';

/** The `format` tag at the top of every backup file. */
export const BACKUP_FORMAT = 'twofold-backup';
const CONTEXT = 'twofold-backup-v1';

/** One account in a backup: the Account plus Twofold's own fields. */
export type BackupAccount = Account & { sites?: string[]; icon?: string };

const EnvelopeSchema = v.object({
  format: v.literal(BACKUP_FORMAT),
  version: v.literal(1),
  kdf: v.object({
    name: v.literal('PBKDF2'),
    hash: v.literal('SHA-256'),
    iterations: v.pipe(v.number(), v.integer(), v.minValue(100_000), v.maxValue(100_000_000)),
    salt: v.pipe(v.string(), v.base64()),
  }),
  cipher: v.object({ name: v.literal('AES-GCM'), iv: v.pipe(v.string(), v.base64()) }),
  data: v.pipe(v.string(), v.base64()),
});

const PlainSchema = v.object({
  accounts: v.array(v.looseObject({ sites: v.optional(v.array(v.string())), icon: v.optional(v.string()) })),
});

/** Whether `text` looks like a Twofold backup (cheap check on the header, no decryption). */
export function isTwofoldBackup(text: string): boolean {
  if (!text.trimStart().startsWith('{') || !text.includes(BACKUP_FORMAT)) return false;
  try {
    return (JSON.parse(text) as { format?: unknown }).format === BACKUP_FORMAT;
  } catch {
    return false;
  }
}

/** Encrypts `accounts` under `password` into the backup file text. */
export async function encryptBackup(accounts: BackupAccount[], password: string, iterations = MIN_PBKDF2_ITERATIONS): Promise<string> {
  const kdf: KdfParams = newKdfParams(iterations);
  return encryptBackupWithKey(accounts, await deriveKek(password, kdf), kdf);
}

/**
 * The same file from a key already derived from the password with `kdf`: the automatic backup keeps
 * that key wrapped under the vault key (backup/auto-backup.ts), so it never needs the password again.
 */
export async function encryptBackupWithKey(accounts: BackupAccount[], key: CryptoKey, kdf: KdfParams): Promise<string> {
  const sealed = await sealJson(key, { accounts }, CONTEXT);
  return `${JSON.stringify({ format: BACKUP_FORMAT, version: 1, kdf, cipher: { name: 'AES-GCM', iv: sealed.iv }, data: sealed.data }, null, 2)}\n`;
}

/**
 * Decrypts a backup. Wrong password → `wrong_password`; not a backup or a damaged one →
 * `invalid_backup`. Entries that are not valid accounts are returned in `skipped` with the reason.
 */
export async function decryptBackup(text: string, password: string): Promise<{ accounts: BackupAccount[]; skipped: { entry: string; reason: string }[] }> {
  let envelope: v.InferOutput<typeof EnvelopeSchema>;
  try {
    envelope = v.parse(EnvelopeSchema, JSON.parse(text));
  } catch (cause) {
    throw new TwofoldError('invalid_backup', 'This is not a readable Twofold backup (version 1): the file header is missing or damaged.', { cause });
  }
  let plain: unknown;
  try {
    plain = await openJson(await deriveKek(password, envelope.kdf), { iv: envelope.cipher.iv, data: envelope.data }, CONTEXT);
  } catch {
    throw new TwofoldError('wrong_password', 'The backup password is wrong, or the file was modified after export.', { status: 401 });
  }
  const parsed = v.safeParse(PlainSchema, plain);
  if (!parsed.success) throw new TwofoldError('invalid_backup', 'The backup decrypts but its content is not a list of accounts.');
  const accounts: BackupAccount[] = [];
  const skipped: { entry: string; reason: string }[] = [];
  parsed.output.accounts.forEach((raw, index) => {
    const { sites, icon, ...fields } = raw;
    const account = v.safeParse(AccountSchema, fields);
    const name =
      typeof fields.issuer === 'string' || typeof fields.label === 'string'
        ? `${String(fields.issuer ?? '')} ${String(fields.label ?? '')}`.trim()
        : `#${index + 1}`;
    if (!account.success) skipped.push({ entry: name || `#${index + 1}`, reason: account.issues[0]?.message ?? 'not a valid account' });
    else accounts.push({ ...account.output, ...(sites ? { sites } : {}), ...(icon ? { icon } : {}) });
  });
  return { accounts, skipped };
}
