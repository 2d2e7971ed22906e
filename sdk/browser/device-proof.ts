/**
 * The SDK's device key (format and message: sdk/protocol/device-proof.ts): a non-extractable ECDSA
 * P-256 key pair created on the first sealing after consent, kept in this site's IndexedDB beside
 * the device id (same database, so revoke() deletes both), and used to sign every sealed report.
 * The page can ask the key to sign but never read it, so a copied device id is no longer enough
 * to pass as this device. One key per site (IndexedDB is per origin): sites cannot link it.
 *
 * Consent: only the collector runs this, only from sealing a report collect() produced (which
 * rejects without consent), and `proveDevice` checks the report's own receipt again before it
 * opens the database — so no key is created, read or used before consent.
 */
import { signDeviceProof, type DeviceProof, type DeviceProofBinding } from '../protocol/device-proof';
import type { SignalReport } from '../protocol/report';
import { addDeviceEntry, openDeviceDb, readDeviceEntry } from './device-store';

/** The key's entry in the device database's store (device-store.ts), beside device-id.ts's. */
const KEY_ENTRY = 'proof-key';

interface StoredDeviceKey {
  privateKey: CryptoKey;
  publicKeyRaw: Uint8Array;
  createdAt: string;
}

function isStoredKey(value: unknown): value is StoredDeviceKey {
  const v = value as StoredDeviceKey | undefined;
  return !!v && typeof CryptoKey !== 'undefined' && v.privateKey instanceof CryptoKey && v.publicKeyRaw instanceof Uint8Array && v.publicKeyRaw.length === 65;
}

/** True when the report's consent receipt ends with a grant (the SDK only seals such reports). */
function consented(report: SignalReport): boolean {
  const events = report.receipt?.events ?? [];
  return events[events.length - 1]?.state === 'given';
}

/**
 * The key read or created through each open connection: a sealing reuses the handle instead of
 * reading IndexedDB again. Keyed by the connection, so once the database is deleted (revoke(), which
 * closes the connection: device-store.ts) the next sealing reads a fresh database, never an old key.
 */
const keys = new WeakMap<IDBDatabase, Promise<StoredDeviceKey>>();

/**
 * This site's device key, created on first use. A key made by a racing sealing in another tab
 * wins: the entry is added only if absent, inside one transaction, and the stored one is returned.
 */
export async function getOrCreateDeviceKey(now: () => Date = () => new Date()): Promise<StoredDeviceKey> {
  const db = await openDeviceDb();
  let key = keys.get(db);
  if (!key) {
    key = readOrCreateKey(now);
    keys.set(db, key);
    key.catch(() => keys.delete(db)); // a failure is retried on the next sealing
  }
  return key;
}

async function readOrCreateKey(now: () => Date): Promise<StoredDeviceKey> {
  const existing = await readDeviceEntry(KEY_ENTRY);
  if (isStoredKey(existing)) return existing;
  // extractable=false: the private half can sign but never be exported, by the page or by us.
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const created: StoredDeviceKey = {
    privateKey: pair.privateKey,
    publicKeyRaw: new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)),
    createdAt: now().toISOString(),
  };
  return (await addDeviceEntry(KEY_ENTRY, created, isStoredKey)).entry;
}

/**
 * The `prove` step of sealing for `report`: signs the binding with this site's device key. No
 * proof (undefined) when the report does not carry a grant, or when the browser cannot keep a key
 * (storage blocked, WebCrypto missing): the server then treats the device as unrecognised.
 */
export async function proveDevice(report: SignalReport, binding: DeviceProofBinding): Promise<DeviceProof | undefined> {
  if (!consented(report) || typeof indexedDB === 'undefined' || !globalThis.crypto?.subtle) return undefined;
  try {
    return await signDeviceProof(await getOrCreateDeviceKey(), binding);
  } catch {
    return undefined;
  }
}
