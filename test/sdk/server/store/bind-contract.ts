/**
 * The contract of RiskStore.recordLoginUnlessObjected's `bind` (the device key a successful sign-in
 * proved, bound in the login's own write), written once and run on every backend: the key is bound
 * exactly when the login row is stored, with bindDeviceKey's upsert (the first bind sets boundAt, a
 * later one moves lastUsedAt and the device id, the same key id under another account is another
 * binding), and not when the subject objected or the attempt id was already spent or expired. Ids
 * are unique per test, so the tests share one store (and a backend may share one database).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceKeyRecord, IssueNonce, LoginRecord, SpendNonce, Store } from '../../../../sdk/server/store/types';

const NOW = 1_700_000_000_000;
const unique = (s: string) => `${s}-${Math.random().toString(36).slice(2, 10)}`;
/** A key id as the engine sends one: 43 base64url characters. */
const keyId = () => unique('k').padEnd(43, 'A');

function login(userId: string, deviceId: string, time = NOW): LoginRecord {
  return { id: unique('login'), userId, deviceId, time, ip: '192.0.2.7', outcome: 'success', features: [{ feature: 'device-id', value: deviceId }] };
}

/** The binding a proven sign-in of `userId` at `time` asks for (deviceId omitted: none sent). */
function binding(userId: string, key: string, time: number, deviceId?: string): DeviceKeyRecord {
  return { userId, keyId: key, boundAt: time, lastUsedAt: time, ...(deviceId === undefined ? {} : { deviceId }) };
}

const spend = (): SpendNonce => ({ nonce: unique('at:'), now: NOW, expiresAt: NOW + 60_000 });
const issue = (): IssueNonce => ({ nonce: unique('rt:'), expiresAt: NOW + 86_400_000 });

/** Runs the `bind` contract against a store made by `create` (one for the whole suite). */
export function bindContract(name: string, create: () => Promise<Store>): void {
  describe(`recordLoginUnlessObjected with bind: ${name}`, () => {
    let store: Store;
    let record: NonNullable<Store['recordLoginUnlessObjected']>;
    // One store per backend (opening a PostgreSQL store migrates and folds, ~2 s): the tests' ids are unique.
    beforeAll(async () => {
      store = await create();
      if (!store.recordLoginUnlessObjected) throw new Error(`${name} has no recordLoginUnlessObjected`);
      record = store.recordLoginUnlessObjected.bind(store);
    });
    afterAll(async () => {
      await store.close();
    });
    const logins = async (userId: string) => (await store.exportSubject({ userId })).logins.length;

    it('binds the key with the login it comes with, with or without an attempt id, alongside a rights token id', async () => {
      // What recordUnlessObjected checks before handing the key to the store instead of binding it after the write.
      expect(store.bindsDeviceKeyWithLogin).toBe(true);
      const [ann, dev, k1, k2] = [unique('ann'), unique('dev'), keyId(), keyId()];
      expect(await record(login(ann, dev), { userId: ann, deviceId: dev }, spend(), undefined, binding(ann, k1, NOW, dev))).toBe('recorded');
      expect(await store.readDeviceKey(ann, k1)).toEqual(binding(ann, k1, NOW, dev));
      const id = issue();
      expect(await record(login(ann, dev), { userId: ann, deviceId: dev }, undefined, id, binding(ann, k2, NOW + 1))).toBe('recorded');
      expect(await store.readDeviceKey(ann, k2)).toEqual(binding(ann, k2, NOW + 1));
      expect(await store.isNonceLive(id.nonce, NOW)).toBe(true);
      expect(await logins(ann)).toBe(2);
      expect((await store.listDeviceKeys({ userId: ann })).map((k) => k.keyId)).toEqual([k1, k2]);
    });

    it("refreshes as bindDeviceKey does: the first bind time stays, the last use and device id move; another account's binding is its own", async () => {
      const [ann, bob, k] = [unique('ann'), unique('bob'), keyId()];
      await store.bindDeviceKey(binding(bob, k, NOW - 5_000, 'bob-dev'));
      expect(await record(login(ann, 'dev-1'), { userId: ann, deviceId: 'dev-1' }, spend(), undefined, binding(ann, k, NOW, 'dev-1'))).toBe('recorded');
      expect(
        await record(login(ann, 'dev-2', NOW + 7_000), { userId: ann, deviceId: 'dev-2' }, spend(), undefined, binding(ann, k, NOW + 7_000, 'dev-2')),
      ).toBe('recorded');
      expect(await store.readDeviceKey(ann, k)).toEqual({ userId: ann, keyId: k, deviceId: 'dev-2', boundAt: NOW, lastUsedAt: NOW + 7_000 });
      // A proven sign-in that sent no device id stores none (as bindDeviceKey without one).
      expect(await record(login(ann, 'dev-2', NOW + 9_000), { userId: ann }, undefined, undefined, binding(ann, k, NOW + 9_000))).toBe('recorded');
      expect(await store.readDeviceKey(ann, k)).toEqual({ userId: ann, keyId: k, boundAt: NOW, lastUsedAt: NOW + 9_000 });
      // The same key id already bound to another account: that binding is untouched, each account has its own.
      expect(await store.readDeviceKey(bob, k)).toEqual(binding(bob, k, NOW - 5_000, 'bob-dev'));
      // Racing proven sign-ins of one device: one binding.
      const [cid, kc] = [unique('cid'), keyId()];
      const race = Array.from({ length: 6 }, (_, i) =>
        record(login(cid, 'dev-c'), { userId: cid, deviceId: 'dev-c' }, spend(), undefined, binding(cid, kc, NOW + i, 'dev-c')),
      );
      expect(await Promise.all(race)).toEqual(Array(6).fill('recorded'));
      const bound = await store.listDeviceKeys({ userId: cid });
      expect(bound).toHaveLength(1);
      expect(bound[0]?.boundAt).toBeGreaterThanOrEqual(NOW);
      expect(await logins(cid)).toBe(6);
    });

    it('binds nothing (and refreshes nothing) when the attempt id was already spent or has expired', async () => {
      const [ann, dev, k, fresh] = [unique('ann'), unique('dev'), keyId(), keyId()];
      const once = spend();
      expect(await record(login(ann, dev), { userId: ann, deviceId: dev }, once, undefined, binding(ann, k, NOW, dev))).toBe('recorded');
      expect(await record(login(ann, dev), { userId: ann, deviceId: dev }, once, undefined, binding(ann, k, NOW + 1_000, 'replayed'))).toBe('spent');
      expect(await record(login(ann, dev), { userId: ann, deviceId: dev }, { ...spend(), expiresAt: NOW }, undefined, binding(ann, fresh, NOW, dev))).toBe(
        'spent',
      );
      expect(await store.readDeviceKey(ann, k)).toEqual(binding(ann, k, NOW, dev));
      expect(await store.readDeviceKey(ann, fresh)).toBeUndefined();
      // An attempt id issued in advance (older attempt tokens): consumed with the write, the same rule.
      const registered: SpendNonce = { ...spend(), registered: true };
      await store.issueNonce(registered.nonce, registered.expiresAt);
      const [withRegistered, replayed] = [keyId(), keyId()];
      expect(await record(login(ann, dev), { userId: ann, deviceId: dev }, registered, undefined, binding(ann, withRegistered, NOW, dev))).toBe('recorded');
      expect(await record(login(ann, dev), { userId: ann, deviceId: dev }, registered, undefined, binding(ann, replayed, NOW, dev))).toBe('spent');
      expect([await store.readDeviceKey(ann, withRegistered), await store.readDeviceKey(ann, replayed)]).toEqual([
        binding(ann, withRegistered, NOW, dev),
        undefined,
      ]);
      expect(await logins(ann)).toBe(2);
    });

    it('binds nothing when the account, the device or the pair objected (the attempt id is still spent)', async () => {
      for (const objecting of ['account', 'device', 'pair'] as const) {
        const [ann, dev, k] = [unique('ann'), unique('dev'), keyId()];
        await store.objectSubject(objecting === 'account' ? { userId: ann } : objecting === 'device' ? { deviceId: dev } : { userId: ann, deviceId: dev }, NOW);
        const once = spend();
        expect(await record(login(ann, dev), { userId: ann, deviceId: dev }, once, undefined, binding(ann, k, NOW, dev)), objecting).toBe('objected');
        expect(await record(login(ann, dev), { userId: ann, deviceId: dev }, once, undefined, binding(ann, k, NOW, dev))).toBe('spent');
        expect(await record(login(ann, dev), { userId: ann, deviceId: dev }, undefined, issue(), binding(ann, k, NOW, dev))).toBe('objected');
        expect(await store.listDeviceKeys({ userId: ann }), objecting).toEqual([]);
        expect(await logins(ann)).toBe(0);
      }
    });
  });
}
