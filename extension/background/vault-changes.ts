/**
 * Tells the automatic backup and sync that the vault changed: wraps a VaultStorage so every write
 * (records or header) calls `onChange` once it has been stored. The handlers keep writing through
 * the plain interface and need not know who listens.
 */
import { backupAfterUnlock, noteVaultChangeForBackup, type AutoBackupDeps } from './backup/auto-backup';
import type { SessionKeyStore } from './session';
import { syncNow, type SyncDeps } from './sync/engine';
import type { VaultStorage } from './vault-db';

/** `storage` with `onChange` called after each successful write; a failing listener never fails the write. */
export function observeVaultStorage(storage: VaultStorage, onChange: () => Promise<void> | void): VaultStorage {
  const after =
    <A extends unknown[]>(write: (...args: A) => Promise<void>) =>
    async (...args: A) => {
      await write(...args);
      await Promise.resolve()
        .then(onChange)
        .catch(() => undefined);
    };
  return {
    ...storage,
    putMeta: after(storage.putMeta),
    putRecords: after(storage.putRecords),
    deleteRecord: after(storage.deleteRecord),
  };
}

/**
 * What follows a vault change: the automatic backup's debounce alarm is re-armed and a sync run is
 * queued. The sync run is not awaited: it writes to the vault itself, and waiting for it from inside
 * one of its own writes would deadlock the queue.
 */
export async function onVaultChanged(deps: AutoBackupDeps & SyncDeps): Promise<void> {
  void syncNow(deps);
  await noteVaultChangeForBackup(deps);
}

/** `session` with `onUnlock` run (not awaited) each time a key is stored, i.e. after every unlock or create. */
export function unlockObserved(session: SessionKeyStore, onUnlock: () => Promise<void>): SessionKeyStore {
  return {
    ...session,
    async set(key) {
      await session.set(key);
      void onUnlock().catch(() => undefined);
    },
  };
}

/** After an unlock: a backup that fell due while locked is written, and sync catches up. */
export async function afterUnlock(deps: AutoBackupDeps & SyncDeps): Promise<void> {
  await syncNow(deps);
  await backupAfterUnlock(deps);
}
