/**
 * Where the vault lives: IndexedDB through idb. Holds only ciphertext plus the (public) KDF
 * parameters; the small interface lets the vault logic run against the real idb code in tests
 * (on fake-indexeddb) and in both browsers.
 */
import { openDB, type DBSchema } from 'idb';
import type { KdfParams, Sealed } from './crypto';

/** The vault header: how to turn the passphrase into the key that unwraps the vault key. */
export interface VaultMeta {
  version: 1;
  kdf: KdfParams;
  wrappedKey: Sealed;
  createdAt: number;
}

/** One encrypted account record; `id` is also bound into the ciphertext as AES-GCM additional data. */
export interface VaultRecord {
  id: string;
  sealed: Sealed;
  updatedAt: number;
}

/** The vault's storage operations; writes of several records are one transaction (all or nothing). */
export interface VaultStorage {
  getMeta(): Promise<VaultMeta | undefined>;
  putMeta(meta: VaultMeta): Promise<void>;
  listRecords(): Promise<VaultRecord[]>;
  getRecord(id: string): Promise<VaultRecord | undefined>;
  putRecords(records: VaultRecord[]): Promise<void>;
  deleteRecord(id: string): Promise<void>;
}

interface VaultDbSchema extends DBSchema {
  meta: { key: string; value: VaultMeta };
  accounts: { key: string; value: VaultRecord };
}

const META_KEY = 'vault';

/** Opens (creating on first use) the vault database `name` in the current IndexedDB. */
export function openVaultStorage(name = 'twofold-vault'): VaultStorage {
  // Opened per call rather than cached in a module global: the service worker may be evicted at
  // any time, and idb connections are cheap to reopen.
  const db = () =>
    openDB<VaultDbSchema>(name, 1, {
      upgrade(database) {
        database.createObjectStore('meta');
        database.createObjectStore('accounts', { keyPath: 'id' });
      },
    });
  const withDb = async <T>(fn: (database: Awaited<ReturnType<typeof db>>) => Promise<T>): Promise<T> => {
    const database = await db();
    try {
      return await fn(database);
    } finally {
      database.close();
    }
  };
  return {
    getMeta: () => withDb((d) => d.get('meta', META_KEY)),
    putMeta: (meta) => withDb(async (d) => void (await d.put('meta', meta, META_KEY))),
    listRecords: () => withDb((d) => d.getAll('accounts')),
    getRecord: (id) => withDb((d) => d.get('accounts', id)),
    putRecords: (records) =>
      withDb(async (d) => {
        const tx = d.transaction('accounts', 'readwrite');
        await Promise.all([...records.map((r) => tx.store.put(r)), tx.done]);
      }),
    deleteRecord: (id) => withDb((d) => d.delete('accounts', id)),
  };
}
