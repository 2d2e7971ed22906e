// The collector's shared connection to the device database (sdk/browser/device-store.ts) over
// fake-indexeddb: opened once per page for every collection and sealing, yet never in the way of
// the loader's wipe (deleteDatabase completes, not blocked), after which a fresh database is used.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getOrCreateDeviceKey } from '../../../sdk/browser/device-proof';
import { addDeviceEntry, readDeviceEntry } from '../../../sdk/browser/device-store';
import { getOrCreateDeviceId } from '../../../sdk/browser/signals/device-id';
import { DEVICE_DB_NAME } from '../../../sdk/browser/signals/device-db';

/** Deletes the database as the loader's wipe does; resolves with how the request ended. */
const wipe = () =>
  new Promise<'deleted' | 'blocked' | 'error'>((resolve) => {
    const request = indexedDB.deleteDatabase(DEVICE_DB_NAME);
    request.onsuccess = () => resolve('deleted');
    request.onerror = () => resolve('error');
    request.onblocked = () => resolve('blocked');
  });

afterEach(async () => {
  vi.restoreAllMocks();
  await wipe();
});

describe('device store', () => {
  it('opens the database once for every device id read and device key use on the page', async () => {
    const open = vi.spyOn(indexedDB, 'open');
    const first = await getOrCreateDeviceId();
    const again = await getOrCreateDeviceId();
    const key = await getOrCreateDeviceKey();
    expect(await getOrCreateDeviceKey()).toBe(key);
    expect(first.isNew).toBe(true);
    expect(again).toEqual({ id: first.id, createdAt: first.createdAt, isNew: false });
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('a database the page just created is not read before the first entry is added; later reads are', async () => {
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const modes = () => transaction.mock.calls.map((call) => call[1] ?? 'readonly').filter((mode) => mode !== 'versionchange');
    const first = await getOrCreateDeviceId();
    expect(first.isNew).toBe(true);
    expect(modes()).toEqual(['readwrite']); // add-if-absent only: nothing to read in a new database
    transaction.mockClear();
    expect((await getOrCreateDeviceId()).id).toBe(first.id);
    expect(modes()).toEqual(['readonly']);
  });

  it('an entry another tab added to the database this page just created still wins', async () => {
    expect(await readDeviceEntry('id')).toBeUndefined(); // this page's connection creates the database
    const other = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open(DEVICE_DB_NAME, 1);
      request.onsuccess = () => resolve(request.result);
    });
    const stored = { id: 'from-another-tab', createdAt: '2026-01-01T00:00:00.000Z' };
    await new Promise((resolve) => {
      const tx = other.transaction('device', 'readwrite');
      tx.objectStore('device').put(stored, 'id');
      tx.oncomplete = resolve;
    });
    other.close();
    expect(await getOrCreateDeviceId()).toEqual({ ...stored, isNew: false });
  });

  it('lets the wipe delete the database at once, then starts from an empty one', async () => {
    const before = await getOrCreateDeviceId();
    const keyBefore = await getOrCreateDeviceKey();
    expect(await wipe()).toBe('deleted');
    const after = await getOrCreateDeviceId();
    expect(after.isNew).toBe(true);
    expect(after.id).not.toBe(before.id);
    expect((await getOrCreateDeviceKey()).publicKeyRaw).not.toEqual(keyBefore.publicKeyRaw);
  });

  it('adds an entry only if absent: racing writers agree on the first one', async () => {
    const isText = (v: unknown): v is string => typeof v === 'string';
    const results = await Promise.all(['a', 'b', 'c'].map((value) => addDeviceEntry('race', value, isText)));
    expect(new Set(results.map((r) => r.entry)).size).toBe(1);
    expect(results.filter((r) => r.added)).toHaveLength(1);
    expect(await readDeviceEntry('race')).toBe(results[0]!.entry);
  });

  it('replaces an entry another script corrupted', async () => {
    await addDeviceEntry('id', { id: 42 }, (v): v is { id: number } => true);
    const created = await getOrCreateDeviceId();
    expect(created.isNew).toBe(true);
    expect(typeof created.id).toBe('string');
  });
});
