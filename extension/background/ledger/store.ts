/**
 * Where the privacy ledger lives: IndexedDB database `twofold-ledger` (idb), one record per site
 * running Twofold (keyed by the sender's real origin) and a dated log of the user's rights
 * requests. Fingerprinting observations keep their own database (fingerprint-ledger.ts), so the two
 * schemas version independently. Only the background opens it; no page can reach it.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { RightsLogEntry, TwofoldSiteEntry } from '../../ledger-view';

interface LedgerDbSchema extends DBSchema {
  sites: { key: string; value: TwofoldSiteEntry };
  requests: { key: number; value: RightsLogEntry; indexes: { origin: string } };
}

/** The ledger's storage operations. */
export interface LedgerStore {
  getSite(origin: string): Promise<TwofoldSiteEntry | undefined>;
  putSite(entry: TwofoldSiteEntry): Promise<void>;
  listSites(): Promise<TwofoldSiteEntry[]>;
  /** Appends a request to the log; resolves to the stored entry (with its id). */
  logRequest(entry: RightsLogEntry): Promise<RightsLogEntry>;
  /**
   * Appends `entry` unless the origin's latest log line is the same action less than `withinMs`
   * before it (checked and written in one transaction, so concurrent callers log once); resolves
   * to the stored entry, or null when it was a repeat.
   */
  logRequestOnce(entry: RightsLogEntry, withinMs: number): Promise<RightsLogEntry | null>;
  /** The request log, oldest first (one origin's, or all). */
  listRequests(origin?: string): Promise<RightsLogEntry[]>;
  /** Deletes a site's entry and its request log (local "Forget this site"); resolves to records removed. */
  forgetSite(origin: string): Promise<number>;
}

/** Default database name. */
export const LEDGER_DB_NAME = 'twofold-ledger';

/** Opens (creating on first use) the ledger database `name` in the current IndexedDB. */
export function openLedgerStore(name = LEDGER_DB_NAME): LedgerStore {
  // Opened per call: the service worker may be evicted at any time, reopening is cheap.
  const withDb = async <T>(fn: (db: IDBPDatabase<LedgerDbSchema>) => Promise<T>): Promise<T> => {
    const db = await openDB<LedgerDbSchema>(name, 1, {
      upgrade(database) {
        database.createObjectStore('sites', { keyPath: 'origin' });
        database.createObjectStore('requests', { keyPath: 'id', autoIncrement: true }).createIndex('origin', 'origin');
      },
    });
    try {
      return await fn(db);
    } finally {
      db.close();
    }
  };
  return {
    getSite: (origin) => withDb((db) => db.get('sites', origin)),
    putSite: (entry) => withDb(async (db) => void (await db.put('sites', entry))),
    listSites: () => withDb(async (db) => (await db.getAll('sites')).sort((a, b) => a.firstSeen - b.firstSeen)),
    logRequest: (entry) =>
      withDb(async (db) => {
        const { id: _ignored, ...rest } = entry;
        const id = await db.add('requests', rest as RightsLogEntry);
        return { ...rest, id };
      }),
    logRequestOnce: (entry, withinMs) =>
      withDb(async (db) => {
        const { id: _ignored, ...rest } = entry;
        const tx = db.transaction('requests', 'readwrite');
        const mine = await tx.store.index('origin').getAll(entry.origin);
        const last = mine.reduce<RightsLogEntry | undefined>((a, b) => (a === undefined || (b.id ?? 0) > (a.id ?? 0) ? b : a), undefined);
        if (last?.action === entry.action && entry.at - last.at < withinMs) {
          await tx.done;
          return null;
        }
        const id = await tx.store.add(rest as RightsLogEntry);
        await tx.done;
        return { ...rest, id };
      }),
    listRequests: (origin) => withDb((db) => (origin === undefined ? db.getAll('requests') : db.getAllFromIndex('requests', 'origin', origin))),
    forgetSite: (origin) =>
      withDb(async (db) => {
        const tx = db.transaction(['sites', 'requests'], 'readwrite');
        const had = (await tx.objectStore('sites').getKey(origin)) !== undefined;
        const requestKeys = await tx.objectStore('requests').index('origin').getAllKeys(origin);
        await Promise.all([tx.objectStore('sites').delete(origin), ...requestKeys.map((k) => tx.objectStore('requests').delete(k)), tx.done]);
        return (had ? 1 : 0) + requestKeys.length;
      }),
  };
}
