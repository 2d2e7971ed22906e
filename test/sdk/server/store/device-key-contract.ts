/**
 * The DeviceKeyStore contract ("remember this device"), written once and run on the memory twin,
 * SQLite and PostgreSQL: bind/refresh keeps the first bind time, per-account isolation, subject
 * listing and erasure (what rights access/erase reach), revocation and the retention purge.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../../sdk/server/store/types';

const K1 = 'k1'.padEnd(43, 'A');
const K2 = 'k2'.padEnd(43, 'B');

/** Runs the device-key contract against stores made by `create` (a fresh, empty store per test). */
export function deviceKeyContract(name: string, create: () => Promise<Store>): void {
  describe(`DeviceKeyStore contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await create();
    });
    afterEach(async () => {
      await store.close();
    });

    it('binds a key per account; a refresh keeps the first bind time and moves the last use and device id', async () => {
      expect(await store.readDeviceKey('alice', K1)).toBeUndefined();
      await store.bindDeviceKey({ userId: 'alice', keyId: K1, deviceId: 'dev-a', boundAt: 1000, lastUsedAt: 1000 });
      await store.bindDeviceKey({ userId: 'alice', keyId: K1, deviceId: 'dev-a2', boundAt: 5000, lastUsedAt: 5000 });
      expect(await store.readDeviceKey('alice', K1)).toEqual({ userId: 'alice', keyId: K1, deviceId: 'dev-a2', boundAt: 1000, lastUsedAt: 5000 });
      // The same key id under another account is another binding, and binding without a device id stores none.
      expect(await store.readDeviceKey('bob', K1)).toBeUndefined();
      await store.bindDeviceKey({ userId: 'bob', keyId: K1, boundAt: 2000, lastUsedAt: 2000 });
      expect(await store.readDeviceKey('bob', K1)).toEqual({ userId: 'bob', keyId: K1, boundAt: 2000, lastUsedAt: 2000 });
      const race = Array.from({ length: 6 }, (_, i) => store.bindDeviceKey({ userId: 'carol', keyId: K2, boundAt: 100 + i, lastUsedAt: 100 + i }));
      await Promise.all(race);
      expect(await store.listDeviceKeys({ userId: 'carol' })).toHaveLength(1);
    });

    it('lists and erases by subject (account, device, or both), revokes one key, and purges by last use', async () => {
      await store.bindDeviceKey({ userId: 'alice', keyId: K1, deviceId: 'dev-a', boundAt: 1000, lastUsedAt: 9000 });
      await store.bindDeviceKey({ userId: 'alice', keyId: K2, deviceId: 'dev-b', boundAt: 2000, lastUsedAt: 2000 });
      await store.bindDeviceKey({ userId: 'bob', keyId: K1, deviceId: 'dev-a', boundAt: 3000, lastUsedAt: 3000 });
      expect((await store.listDeviceKeys({ userId: 'alice' })).map((k) => k.keyId)).toEqual([K1, K2]);
      expect((await store.listDeviceKeys({ deviceId: 'dev-a' })).map((k) => k.userId)).toEqual(['alice', 'bob']);
      expect(await store.listDeviceKeys({ userId: 'alice', deviceId: 'dev-b' })).toEqual([
        { userId: 'alice', keyId: K2, deviceId: 'dev-b', boundAt: 2000, lastUsedAt: 2000 },
      ]);
      expect(await store.eraseDeviceKeys({ userId: 'bob', deviceId: 'dev-b' })).toBe(0);
      expect(await store.revokeDeviceKey('alice', K2)).toBe(true);
      expect(await store.revokeDeviceKey('alice', K2)).toBe(false);
      await store.bindDeviceKey({ userId: 'alice', keyId: K2, deviceId: 'dev-b', boundAt: 2000, lastUsedAt: 2000 });
      expect(await store.purgeDeviceKeys(3000)).toBe(1);
      expect((await store.listDeviceKeys({ userId: 'alice' })).map((k) => k.keyId)).toEqual([K1]);
      expect(await store.eraseDeviceKeys({ userId: 'alice' })).toBe(1);
      expect(await store.listDeviceKeys({ userId: 'alice' })).toEqual([]);
      expect((await store.listDeviceKeys({ userId: 'bob' })).map((k) => k.keyId)).toEqual([K1]);
    });
  });
}
