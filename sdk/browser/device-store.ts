/**
 * The collector's connection to this site's device database (DEVICE_DB_NAME, one object store that
 * device-id.ts and device-proof.ts keep their entries in). Opened once per page and shared, not
 * once per signal and per sealing: every open is a round trip to the browser's storage process,
 * paid on each collection. The connection closes (and is forgotten) as soon as anything asks to
 * delete or upgrade the database, so the loader's wipe on deny() / revoke() is never blocked by
 * it, and the next collection after a new consent opens a fresh database.
 * Plain IndexedDB in a few lines: the idb wrapper it replaces was 3.3 KB of the collector.
 */
import { DEVICE_DB_NAME } from './signals/device-db';

/** The one object store (version 1 creates it). */
const STORE = 'device';

let opening: Promise<IDBDatabase> | null = null;

/**
 * Connections that created their database (the first collection on this site, or the first after a
 * wipe) and have written nothing yet: there is nothing to read, so readDeviceEntry answers without
 * a transaction, one storage round trip less on a first visit (~5-30 ms on a fresh profile).
 */
const createdEmpty = new WeakSet<IDBDatabase>();

/** Resolves with a request's result, rejects with its error. */
function settled<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** The page's open connection to the device database (created on first use, after consent). */
export function openDeviceDb(): Promise<IDBDatabase> {
  if (opening) return opening;
  const attempt = new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DEVICE_DB_NAME, 1);
    request.onupgradeneeded = (event) => {
      if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE);
      if (event.oldVersion === 0) createdEmpty.add(request.result);
    };
    settled(request).then((db) => {
      const forget = () => {
        db.close();
        if (opening === attempt) opening = null;
      };
      // A deleteDatabase (the loader's wipe) or an upgrade elsewhere waits for this connection: let it go.
      db.onversionchange = forget;
      // Closed by the browser itself (storage cleared in its settings, a disk error).
      db.onclose = forget;
      resolve(db);
    }, reject);
  }).catch((err: unknown) => {
    if (opening === attempt) opening = null;
    throw err;
  });
  opening = attempt;
  return attempt;
}

/**
 * The entry stored under `key`, or undefined. On a database this page just created it is undefined
 * without a read; callers then add their entry only if absent (addDeviceEntry), in one transaction,
 * so an entry another tab wrote meanwhile still wins.
 */
export async function readDeviceEntry(key: string): Promise<unknown> {
  const db = await openDeviceDb();
  if (createdEmpty.has(db)) return undefined;
  return settled(db.transaction(STORE).objectStore(STORE).get(key));
}

/**
 * Stores `value` under `key` unless an entry is there already (one transaction, so a racing tab or
 * sealing cannot overwrite it); returns the entry that is stored afterwards and whether it is `value`.
 */
export async function addDeviceEntry<T>(key: string, value: T, isValid: (stored: unknown) => stored is T): Promise<{ entry: T; added: boolean }> {
  const db = await openDeviceDb();
  const tx = db.transaction(STORE, 'readwrite');
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
  const store = tx.objectStore(STORE);
  const existing = await settled(store.get(key));
  const added = !isValid(existing);
  if (added) store.put(value, key);
  await done;
  createdEmpty.delete(db);
  return { entry: added ? value : (existing as T), added };
}
