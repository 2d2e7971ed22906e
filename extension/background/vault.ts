/**
 * The vault: create, unlock, read and write encrypted account entries. The only module that turns
 * ciphertext into secrets. Errors are typed (TwofoldError codes) and never contain secret material.
 */
import * as v from 'valibot';
import { TwofoldError } from '../../sdk/protocol/errors';
import { AccountSchema, type Account } from '../account';
import { MIN_PBKDF2_ITERATIONS, deriveKek, newKdfParams, newVaultKey, openJson, sealJson, toBase64, unwrapVaultKey, wrapVaultKey } from './crypto';
import type { VaultRecord, VaultStorage } from './vault-db';

/** A decrypted account with what the extension adds to it: id, icon letter and bound sites. */
export interface VaultEntry {
  id: string;
  account: Account;
  icon: string;
  /** Registrable domains (or IP hosts) where this account's codes may be offered. */
  sites: string[];
  createdAt: number;
  /** Shown above the others in the popup. */
  pinned?: boolean;
  /** Place in the user's own (drag) order; entries without one follow, oldest first. */
  position?: number;
  /** The user's labels ("work", "bank"), for the popup's filter. */
  tags?: string[];
  /** Codes copied or filled, and when last: the popup's "most used" / "recently used" orders. */
  useCount?: number;
  lastUsedAt?: number;
}

/** An entry whose record could not be decrypted or validated; the rest of the vault still works. */
export interface CorruptedEntry {
  id: string;
  reason: string;
}

/** Longest icon an entry keeps (a letter or two, or an emoji sequence); longer ones are not stored. */
export const MAX_ICON_LENGTH = 8;
/** Most tags on one account, and the longest tag. */
export const MAX_TAGS = 20;
/** See MAX_TAGS. */
export const MAX_TAG_LENGTH = 32;
const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));

/** An entry without its id, as sealed in a record (also what sync items carry; background/sync/items.ts). */
export const EntryPlainSchema = v.object({
  account: AccountSchema,
  icon: v.pipe(v.string(), v.maxLength(MAX_ICON_LENGTH)),
  sites: v.array(v.pipe(v.string(), v.maxLength(253))),
  createdAt: v.number(),
  // Order and tags: sealed with the account like everything else in the entry.
  pinned: v.optional(v.boolean()),
  position: v.optional(count),
  tags: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(MAX_TAG_LENGTH))), v.maxLength(MAX_TAGS))),
  useCount: v.optional(count),
  lastUsedAt: v.optional(count),
});

const KEY_CONTEXT = 'twofold-vault-key-v1';
const recordContext = (id: string) => `twofold-account-v1:${id}`;

/** Raised for a wrong passphrase; nothing in the vault is touched. */
export class WrongPassphraseError extends TwofoldError {
  constructor() {
    super('wrong_passphrase', 'That passphrase does not unlock this vault. Check it (it is case-sensitive) and try again.', { status: 401 });
    this.name = 'WrongPassphraseError';
  }
}

/** Raised when an operation needs the vault unlocked (or created) and it is not. */
export class VaultLockedError extends TwofoldError {
  constructor(state: 'locked' | 'none') {
    super(
      state === 'none' ? 'vault_missing' : 'vault_locked',
      state === 'none' ? 'No vault exists yet: create one with a passphrase first.' : 'The vault is locked: unlock it with your passphrase first.',
      { status: 403 },
    );
    this.name = 'VaultLockedError';
  }
}

/** A new random id for an entry (also bound into its ciphertext). */
export function newEntryId(): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(12)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

/** Creates a vault protected by `passphrase`; refuses to overwrite an existing one. Returns the vault key. */
export async function createVault(storage: VaultStorage, passphrase: string, iterations = MIN_PBKDF2_ITERATIONS): Promise<CryptoKey> {
  if (await storage.getMeta())
    throw new TwofoldError('vault_exists', 'A vault already exists; unlock it instead (or remove the extension data to start over).', { status: 409 });
  if (iterations < MIN_PBKDF2_ITERATIONS) throw new TwofoldError('weak_kdf', `PBKDF2 needs at least ${MIN_PBKDF2_ITERATIONS} iterations.`);
  const kdf = newKdfParams(iterations);
  const vaultKey = await newVaultKey();
  const wrappedKey = await wrapVaultKey(vaultKey, await deriveKek(passphrase, kdf), KEY_CONTEXT);
  await storage.putMeta({ version: 1, kdf, wrappedKey, createdAt: Date.now() });
  return vaultKey;
}

/** Derives the key from `passphrase` and unwraps the vault key; WrongPassphraseError if it fails. */
export async function unlockVault(storage: Pick<VaultStorage, 'getMeta'>, passphrase: string): Promise<CryptoKey> {
  const meta = await storage.getMeta();
  if (!meta) throw new VaultLockedError('none');
  const kek = await deriveKek(passphrase, meta.kdf);
  try {
    return await unwrapVaultKey(meta.wrappedKey, kek, KEY_CONTEXT);
  } catch {
    throw new WrongPassphraseError();
  }
}

/** Re-wraps the vault key under a new passphrase and/or more iterations; records are untouched. */
export async function rewrapVault(storage: VaultStorage, vaultKey: CryptoKey, passphrase: string, iterations = MIN_PBKDF2_ITERATIONS): Promise<void> {
  const meta = await storage.getMeta();
  if (!meta) throw new VaultLockedError('none');
  const kdf = newKdfParams(Math.max(iterations, MIN_PBKDF2_ITERATIONS));
  const wrappedKey = await wrapVaultKey(vaultKey, await deriveKek(passphrase, kdf), KEY_CONTEXT);
  await storage.putMeta({ ...meta, kdf, wrappedKey });
}

async function openRecord(key: CryptoKey, record: VaultRecord): Promise<VaultEntry | CorruptedEntry> {
  let plain: unknown;
  try {
    plain = await openJson(key, record.sealed, recordContext(record.id));
  } catch {
    return { id: record.id, reason: 'This record cannot be decrypted (damaged or tampered with); the other accounts are unaffected.' };
  }
  const parsed = v.safeParse(EntryPlainSchema, plain);
  if (!parsed.success) return { id: record.id, reason: `This record decrypts but is not a valid account (${parsed.issues[0]?.message ?? 'unknown field'}).` };
  return { id: record.id, ...parsed.output };
}

/** Decrypts every entry; records that fail are listed in `corrupted` instead of failing the whole read. */
export async function readEntries(storage: VaultStorage, key: CryptoKey): Promise<{ entries: VaultEntry[]; corrupted: CorruptedEntry[] }> {
  const records = await storage.listRecords();
  const opened = await Promise.all(records.map((r) => openRecord(key, r)));
  const entries: VaultEntry[] = [];
  const corrupted: CorruptedEntry[] = [];
  for (const item of opened) {
    if ('account' in item) entries.push(item);
    else corrupted.push(item);
  }
  entries.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  return { entries, corrupted };
}

/** Decrypts one entry; a typed error when it is missing or corrupted. */
export async function readEntry(storage: VaultStorage, key: CryptoKey, id: string): Promise<VaultEntry> {
  const record = await storage.getRecord(id);
  if (!record) throw new TwofoldError('account_not_found', 'That account no longer exists in the vault.', { status: 404 });
  const opened = await openRecord(key, record);
  if (!('account' in opened)) throw new TwofoldError('account_corrupted', opened.reason, { status: 422 });
  return opened;
}

/** Encrypts and stores entries in one transaction: all are written or none. */
export async function writeEntries(storage: VaultStorage, key: CryptoKey, entries: VaultEntry[]): Promise<void> {
  const records = await Promise.all(
    entries.map(async ({ id, ...plain }): Promise<VaultRecord> => ({ id, sealed: await sealJson(key, plain, recordContext(id)), updatedAt: Date.now() })),
  );
  await storage.putRecords(records);
}
