import { addDeviceEntry, readDeviceEntry } from '../device-store';
import { DEVICE_DB_NAME } from './device-db';
import { defineCollector } from './types';

export { DEVICE_DB_NAME };
/** The id's entry in the device database's store (device-store.ts). */
const KEY = 'id';

/** A fresh random id: 128 bits from the CSPRNG, base64url. */
export function randomDeviceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export interface StoredDeviceId {
  id: string;
  createdAt: string;
}

/**
 * Reads the device id from IndexedDB, creating it on first use. Only ever called from collect(),
 * which only runs after consent, so the database does not exist before the visitor agrees.
 */
export async function getOrCreateDeviceId(now: () => Date = () => new Date()): Promise<StoredDeviceId & { isNew: boolean }> {
  const existing = await readDeviceEntry(KEY);
  if (isStoredId(existing)) return { ...existing, isNew: false };
  // Added only if absent, in one transaction: a racing tab's id wins and both report the same one.
  const { entry, added } = await addDeviceEntry(KEY, { id: randomDeviceId(), createdAt: now().toISOString() }, isStoredId);
  return { id: entry.id, createdAt: entry.createdAt, isNew: added };
}

function isStoredId(value: unknown): value is StoredDeviceId {
  const v = value as Partial<StoredDeviceId> | undefined;
  return typeof v?.id === 'string' && typeof v.createdAt === 'string';
}

/** A random first-party device id kept in this site's IndexedDB after consent. */
export const deviceIdSignal = defineCollector({
  id: 'device-id',
  budgetMs: 3_000,
  async collect() {
    return getOrCreateDeviceId();
  },
});
