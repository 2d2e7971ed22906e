import { openDB } from 'idb';
import { defineCollector } from './types';

import { DEVICE_DB_NAME } from './device-db';

export { DEVICE_DB_NAME };
const STORE = 'device';
const KEY = 'id';

/** A fresh random id: 128 bits from the CSPRNG, base64url. */
export function randomDeviceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

interface StoredDeviceId {
  id: string;
  createdAt: string;
}

/**
 * Reads the device id from IndexedDB, creating it on first use. Only ever called from collect(),
 * which only runs after consent, so the database does not exist before the visitor agrees.
 */
export async function getOrCreateDeviceId(now: () => Date = () => new Date()): Promise<StoredDeviceId & { isNew: boolean }> {
  const db = await openDB(DEVICE_DB_NAME, 1, {
    upgrade(database) {
      database.createObjectStore(STORE);
    },
  });
  try {
    const existing = (await db.get(STORE, KEY)) as StoredDeviceId | undefined;
    if (existing && typeof existing.id === 'string') return { ...existing, isNew: false };
    const created = { id: randomDeviceId(), createdAt: now().toISOString() };
    await db.put(STORE, created, KEY);
    return { ...created, isNew: true };
  } finally {
    db.close();
  }
}

/** A random first-party device id kept in this site's IndexedDB after consent. */
export const deviceIdSignal = defineCollector({
  id: 'device-id',
  budgetMs: 3_000,
  async collect() {
    return getOrCreateDeviceId();
  },
});
