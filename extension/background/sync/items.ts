/**
 * What Twofold keeps in `storage.sync`, and how it is sealed. Only ciphertext and public KDF
 * parameters leave the device:
 *   - `tf.h`: the vault header: the PBKDF2 parameters and the vault key wrapped by the passphrase
 *     (as in the local vault), and a check value sealed under the sync key, so a browser can tell
 *     whether its own vault key is the synced one without the passphrase.
 *   - `tf.a.<id>`: one item per account (or tombstone): AES-256-GCM under a sync key derived from the
 *     vault key (HKDF-SHA256), the item name bound as additional data so items cannot be swapped.
 *     `<id>` is the vault entry's random id: names say nothing about issuers or labels. The value is
 *     `<iv>.<ciphertext>` (base64), the smallest JSON string, since the quota counts JSON length.
 * Quotas (Chrome and Firefox alike): 8,192 bytes per item (name + JSON value), 102,400 in all,
 * 512 items. `syncedSize` measures exactly that.
 */
import * as v from 'valibot';
import type { KdfParams, Sealed } from '../crypto';
import { fromBase64, openJson, sealJson } from '../crypto';
import { EntryPlainSchema, type VaultEntry } from '../vault';
import type { Clock } from './merge';

/** storage.sync quota of all items together (bytes of names plus JSON values). */
export const SYNC_QUOTA_BYTES = 102_400;
/** storage.sync quota of one item. */
export const SYNC_QUOTA_BYTES_PER_ITEM = 8_192;
/** storage.sync's most items. */
export const SYNC_MAX_ITEMS = 512;
/** Name of the header item. */
export const HEADER_ITEM = 'tf.h';
/** Prefix of account items. */
export const ACCOUNT_ITEM_PREFIX = 'tf.a.';

const CHECK_CONTEXT = 'twofold-sync-check-v1';
const CHECK_VALUE = 'twofold-sync';
const itemContext = (name: string) => `twofold-sync-item-v1:${name}`;
const b64 = v.pipe(v.string(), v.base64());

const HeaderSchema = v.object({
  v: v.literal(1),
  kdf: v.object({
    name: v.literal('PBKDF2'),
    hash: v.literal('SHA-256'),
    iterations: v.pipe(v.number(), v.integer(), v.minValue(100_000), v.maxValue(100_000_000)),
    salt: b64,
  }),
  wrappedKey: v.object({ iv: b64, data: b64 }),
  check: v.object({ iv: b64, data: b64 }),
});

/** The synced vault header. */
export type SyncHeader = { v: 1; kdf: KdfParams; wrappedKey: Sealed; check: Sealed };

const ClockSchema = v.object({
  t: v.pipe(v.number(), v.integer(), v.minValue(0)),
  n: v.pipe(v.number(), v.integer(), v.minValue(0)),
  d: v.pipe(v.string(), v.maxLength(64)),
});
const ItemPlainSchema = v.object({ c: ClockSchema, e: v.optional(EntryPlainSchema) });

/** A decrypted account item: its clock, and the entry (absent for a tombstone). */
export interface SyncedAccount {
  clock: Clock;
  entry?: Omit<VaultEntry, 'id'>;
}

/** The key that seals items, derived from the vault key, so every browser of the vault has it and nothing else does. */
export async function deriveSyncKey(vaultKey: CryptoKey): Promise<CryptoKey> {
  const raw = await crypto.subtle.exportKey('raw', vaultKey);
  const base = await crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: new TextEncoder().encode('twofold-sync-key-v1') },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** The header item for a vault (its KDF parameters and wrapped key as stored locally). */
export async function makeHeader(kdf: KdfParams, wrappedKey: Sealed, syncKey: CryptoKey): Promise<SyncHeader> {
  return { v: 1, kdf, wrappedKey, check: await sealJson(syncKey, CHECK_VALUE, CHECK_CONTEXT) };
}

/** The header in `value`, or null when absent or malformed. */
export function parseHeader(value: unknown): SyncHeader | null {
  const parsed = v.safeParse(HeaderSchema, value);
  return parsed.success ? parsed.output : null;
}

/** Whether `syncKey` is the synced vault's (its check value opens). */
export async function headerMatches(header: SyncHeader, syncKey: CryptoKey): Promise<boolean> {
  try {
    return (await openJson(syncKey, header.check, CHECK_CONTEXT)) === CHECK_VALUE;
  } catch {
    return false;
  }
}

/** Seals one account's version into its item value. */
export async function sealAccountItem(syncKey: CryptoKey, id: string, account: SyncedAccount): Promise<string> {
  const sealed = await sealJson(syncKey, account.entry ? { c: account.clock, e: account.entry } : { c: account.clock }, itemContext(id));
  return `${sealed.iv}.${sealed.data}`;
}

/** Opens an item value; null when it does not decrypt or is not a valid account version (it is then left alone). */
export async function openAccountItem(syncKey: CryptoKey, id: string, value: unknown): Promise<SyncedAccount | null> {
  if (typeof value !== 'string' || value.length > SYNC_QUOTA_BYTES_PER_ITEM) return null;
  const [iv, data, extra] = value.split('.');
  if (!iv || !data || extra !== undefined) return null;
  let plain: unknown;
  try {
    fromBase64(iv);
    plain = await openJson(syncKey, { iv, data }, itemContext(id));
  } catch {
    return null;
  }
  const parsed = v.safeParse(ItemPlainSchema, plain);
  if (!parsed.success) return null;
  return parsed.output.e ? { clock: parsed.output.c, entry: parsed.output.e } : { clock: parsed.output.c };
}

/** Bytes an item counts against the quota: its name plus its value as JSON. */
export function syncedSize(name: string, value: unknown): number {
  return new TextEncoder().encode(name).length + new TextEncoder().encode(JSON.stringify(value)).length;
}
