/**
 * The contract of RiskStore.recordLoginUnlessObjected's `issue` (a rights token's id registered in
 * the login's own write), written once and run on every backend: the id is registered exactly when
 * the login row is stored (success or failure, with or without a single-use attempt id), and not
 * when the subject objected or the attempt id was already spent or expired. Ids are unique per
 * test, so a backend may share one database across the tests.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IssueNonce, LoginRecord, SpendNonce, Store } from '../../../../sdk/server/store/types';

const NOW = 1_700_000_000_000;
const unique = (s: string) => `${s}-${Math.random().toString(36).slice(2, 10)}`;

function login(userId: string, deviceId: string, outcome: 'success' | 'failure' = 'success'): LoginRecord {
  return {
    id: unique('login'),
    userId,
    deviceId,
    time: NOW,
    ip: '192.0.2.7',
    outcome,
    features: [
      { feature: 'ip', value: '192.0.2.7' },
      { feature: 'device-id', value: deviceId },
    ],
  };
}

const spend = (): SpendNonce => ({ nonce: unique('at:'), now: NOW, expiresAt: NOW + 60_000 });
const issue = (): IssueNonce => ({ nonce: unique('rt:'), expiresAt: NOW + 86_400_000 });

/** Runs the `issue` contract against stores made by `create` (each test gets its own store). */
export function issueContract(name: string, create: () => Promise<Store>): void {
  describe(`recordLoginUnlessObjected with issue: ${name}`, () => {
    let store: Store;
    let record: NonNullable<Store['recordLoginUnlessObjected']>;
    beforeEach(async () => {
      store = await create();
      if (!store.recordLoginUnlessObjected) throw new Error(`${name} has no recordLoginUnlessObjected`);
      record = store.recordLoginUnlessObjected.bind(store);
    });
    afterEach(async () => {
      await store.close();
    });
    const live = (id: IssueNonce) => store.isNonceLive(id.nonce, NOW);
    const logins = async (userId: string) => (await store.exportSubject({ userId })).logins.length;

    it('registers the id with the login it comes with: success or failure, with or without an attempt id', async () => {
      // What recordUnlessObjected checks before handing the id to the store instead of registering it after the write.
      expect(store.registersIssueWithLogin).toBe(true);
      const [ann, dev] = [unique('ann'), unique('dev')];
      const cases = [
        { outcome: 'success', spend: spend() },
        { outcome: 'success', spend: undefined },
        { outcome: 'failure', spend: spend() },
        { outcome: 'failure', spend: undefined },
      ] as const;
      for (const [i, c] of cases.entries()) {
        const id = issue();
        expect(await record(login(ann, dev, c.outcome), { userId: ann, deviceId: dev }, c.spend, id)).toBe('recorded');
        expect(await live(id), JSON.stringify(c)).toBe(true);
        expect(await logins(ann)).toBe(i + 1);
      }
      // Registered as issueNonce would: single use, until it expires.
      const id = issue();
      await record(login(ann, dev), { userId: ann, deviceId: dev }, spend(), id);
      expect(await store.isNonceLive(id.nonce, id.expiresAt)).toBe(false);
      expect(await store.consumeNonce(id.nonce, NOW)).toBe(true);
      expect(await store.consumeNonce(id.nonce, NOW)).toBe(false);
    });

    it('registers nothing when the attempt id was already spent or has expired', async () => {
      const [ann, dev] = [unique('ann'), unique('dev')];
      const once = spend();
      const first = issue();
      expect(await record(login(ann, dev), { userId: ann, deviceId: dev }, once, first)).toBe('recorded');
      const replayed = issue();
      expect(await record(login(ann, dev), { userId: ann, deviceId: dev }, once, replayed)).toBe('spent');
      const expired = issue();
      expect(await record(login(ann, dev), { userId: ann, deviceId: dev }, { ...spend(), expiresAt: NOW }, expired)).toBe('spent');
      expect([await live(first), await live(replayed), await live(expired)]).toEqual([true, false, false]);
      expect(await logins(ann)).toBe(1);
      // An attempt id issued in advance (older attempt tokens): consumed with the write, the same rule.
      const registered: SpendNonce = { ...spend(), registered: true };
      await store.issueNonce(registered.nonce, registered.expiresAt);
      const [withRegistered, replayedRegistered] = [issue(), issue()];
      expect(await record(login(ann, dev), { userId: ann, deviceId: dev }, registered, withRegistered)).toBe('recorded');
      expect(await record(login(ann, dev), { userId: ann, deviceId: dev }, registered, replayedRegistered)).toBe('spent');
      expect([await live(withRegistered), await live(replayedRegistered)]).toEqual([true, false]);
      expect(await logins(ann)).toBe(2);
    });

    it('registers nothing when the account, the device or the pair objected (the attempt id is still spent)', async () => {
      for (const objecting of ['account', 'device', 'pair'] as const) {
        const [ann, dev] = [unique('ann'), unique('dev')];
        await store.objectSubject(objecting === 'account' ? { userId: ann } : objecting === 'device' ? { deviceId: dev } : { userId: ann, deviceId: dev }, NOW);
        const once = spend();
        const [objected, replayed, unspent] = [issue(), issue(), issue()];
        expect(await record(login(ann, dev), { userId: ann, deviceId: dev }, once, objected), objecting).toBe('objected');
        expect(await record(login(ann, dev), { userId: ann, deviceId: dev }, once, replayed)).toBe('spent');
        expect(await record(login(ann, dev), { userId: ann, deviceId: dev }, undefined, unspent)).toBe('objected');
        expect([await live(objected), await live(replayed), await live(unspent)], objecting).toEqual([false, false, false]);
        expect(await logins(ann)).toBe(0);
      }
    });
  });
}
