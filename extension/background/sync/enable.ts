/**
 * Turning sync on and off. On: with no synced vault yet, this vault's header is published and every
 * account pushed. With a synced vault this browser's key opens, sync simply starts. With another
 * vault synced, the user joins it with that vault's passphrase: the synced vault key is adopted
 * (this browser's accounts are re-encrypted under it and merged), so from then on one passphrase
 * opens the same accounts everywhere. A browser with no vault at all joins the same way.
 */
import { TwofoldError } from '../../../sdk/protocol/errors';
import { accountIdentity } from '../../account';
import type { SyncView } from '../../messages';
import { resealBackupKey } from '../backup/auto-backup';
import { VaultLockedError, readEntries, unlockVault, writeEntries } from '../vault';
import { ACCOUNT_ITEM_PREFIX, HEADER_ITEM, deriveSyncKey, headerMatches, makeHeader, openAccountItem, parseHeader, sealAccountItem } from './items';
import { tick } from './merge';
import { readSyncState, serialised, syncNow, syncView, writeSyncState, type SyncDeps, type SyncState } from './engine';

/** What joining needs beyond sync's own dependencies: re-arming auto-lock after an unlock. */
export interface EnableDeps extends SyncDeps {
  scheduleAutoLock(minutes: number | null): Promise<void>;
  autoLockMinutes(): Promise<number>;
}

/** Turns sync on (joining the synced vault with `passphrase` when it is another vault), then syncs once. */
export async function enableSync(deps: EnableDeps, passphrase?: string): Promise<SyncView> {
  await serialised(() => enable(deps, passphrase));
  await syncNow(deps);
  return syncView(deps);
}

async function enable(deps: EnableDeps, passphrase: string | undefined): Promise<void> {
  const [area, meta, key] = await Promise.all([deps.syncArea.get(null), deps.storage.getMeta(), deps.session.get()]);
  const header = parseHeader(area[HEADER_ITEM]);
  const state = await readSyncState(deps.local);
  if (!header) {
    if (!meta) throw new VaultLockedError('none');
    if (!key) throw new VaultLockedError('locked');
    await deps.syncArea.set({ [HEADER_ITEM]: await makeHeader(meta.kdf, meta.wrappedKey, await deriveSyncKey(key)) });
    await writeSyncState(deps.local, { ...state, enabled: true, headerIv: meta.wrappedKey.iv });
    return;
  }
  if (key && (await headerMatches(header, await deriveSyncKey(key)))) {
    await writeSyncState(deps.local, { ...state, enabled: true });
    return;
  }
  if (passphrase === undefined || passphrase === '') {
    throw new TwofoldError(
      'sync_passphrase_needed',
      "This browser account already syncs a Twofold vault. Enter that vault's passphrase to join it: this browser's accounts are merged into it, and its passphrase unlocks Twofold here from then on.",
      { status: 409 },
    );
  }
  if (meta && !key) throw new VaultLockedError('locked'); // its accounts must be decrypted to move them into the synced vault
  const syncedKey = await unlockVault({ getMeta: async () => ({ version: 1, kdf: header.kdf, wrappedKey: header.wrappedKey, createdAt: 0 }) }, passphrase);
  let versions: SyncState['versions'] = {};
  if (meta && key) versions = await moveIntoSyncedVault(deps, key, syncedKey, area, state.device);
  await deps.storage.putMeta({ version: 1, kdf: header.kdf, wrappedKey: header.wrappedKey, createdAt: meta?.createdAt ?? deps.now() });
  await deps.session.set(syncedKey);
  await deps.scheduleAutoLock(await deps.autoLockMinutes());
  await writeSyncState(deps.local, { enabled: true, device: state.device, versions, headerIv: header.wrappedKey.iv });
}

/**
 * Moves this browser's accounts into the synced vault: an account the synced vault already has (same
 * secret and code parameters) is dropped here and arrives from sync instead; the others are first pushed
 * to storage.sync under the synced key, then re-encrypted locally. Pushing first means a crash between
 * the local writes cannot lose an account: it is already in the synced copy. Returns their versions.
 */
async function moveIntoSyncedVault(
  deps: SyncDeps,
  key: CryptoKey,
  syncedKey: CryptoKey,
  area: Record<string, unknown>,
  device: string,
): Promise<SyncState['versions']> {
  const syncKey = await deriveSyncKey(syncedKey);
  const synced = new Set<string>();
  for (const [name, value] of Object.entries(area)) {
    if (!name.startsWith(ACCOUNT_ITEM_PREFIX)) continue;
    const item = await openAccountItem(syncKey, name.slice(ACCOUNT_ITEM_PREFIX.length), value);
    if (item?.entry) synced.add(accountIdentity(item.entry.account));
  }
  const { entries } = await readEntries(deps.storage, key);
  const moving = entries.filter((e) => !synced.has(accountIdentity(e.account)));
  const clock = tick(undefined, deps.now(), device);
  const push: Record<string, string> = {};
  for (const { id, ...entry } of moving) push[ACCOUNT_ITEM_PREFIX + id] = await sealAccountItem(syncKey, id, { clock, entry });
  // A full sync area must not block joining: the next run reports the quota and keeps the accounts local.
  if (moving.length > 0) await deps.syncArea.set(push).catch(() => undefined);
  await writeEntries(deps.storage, syncedKey, moving);
  for (const e of entries) if (!moving.includes(e)) await deps.storage.deleteRecord(e.id);
  await resealBackupKey(deps.local, key, syncedKey).catch(() => undefined);
  const versions: SyncState['versions'] = {};
  for (const record of await deps.storage.listRecords()) if (push[ACCOUNT_ITEM_PREFIX + record.id]) versions[record.id] = { c: clock, iv: record.sealed.iv };
  return versions;
}

/** Turns sync off; the synced copy stays (other browsers keep syncing), this browser stops reading and writing it. */
export async function disableSync(deps: SyncDeps): Promise<SyncView> {
  await serialised(async () => writeSyncState(deps.local, { ...(await readSyncState(deps.local)), enabled: false }));
  return syncView(deps);
}
