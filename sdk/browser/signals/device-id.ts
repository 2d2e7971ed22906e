import { openDB } from 'idb';
import { defineSignal } from './types';

/** IndexedDB database holding the first-party device id; revoke() deletes it by this name. */
export const DEVICE_DB_NAME = 'twofold';
const STORE = 'device';
const KEY = 'id';

/** A fresh random id: 128 bits from the CSPRNG, base64url. */
export function randomDeviceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
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
export const deviceIdSignal = defineSignal({
  id: 'device-id',
  category: 'device',
  purpose: 'Remember this device for this site only, so a known device is not challenged again.',
  personalData: 'online-identifier',
  text: { en: { name: 'Random device identifier (stored on this device)' }, nb: { name: 'Tilfeldig enhets-ID (lagret på denne enheten)', purpose: 'Huske denne enheten for dette nettstedet, slik at en kjent enhet ikke blir utfordret igjen.' } },
  budgetMs: 3_000,
  async collect() {
    return getOrCreateDeviceId();
  },
});
