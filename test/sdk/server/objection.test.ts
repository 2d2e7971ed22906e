// Every objection check in one place: the account, the device, or the account on that device, on every store, in one read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isObjecting, recordUnlessObjected, subjectsOf } from '../../../sdk/server/objection';
import { createMemoryStore } from '../../../sdk/server/store/memory';
import { createPostgresStore, createSqliteStore } from '../../../sdk/server/store/sql';
import type { LoginRecord, Store } from '../../../sdk/server/store/types';
import { postgresUrl, urlWithSchema } from './helpers/pg';
import { statementsOf } from './store/pg-statements';

const url = postgresUrl();
const backends: [string, () => Promise<Store>][] = [
  ['memory', async () => createMemoryStore()],
  ['sqlite', () => createSqliteStore(':memory:')],
  // recordUnlessObjected's own path for a store without recordLoginUnlessObjected: the check, then the write.
  [
    'memory without recordLoginUnlessObjected',
    async () => {
      const { recordLoginUnlessObjected: _, ...checkThenWrite } = createMemoryStore();
      return checkThenWrite;
    },
  ],
  // A third-party store written before `issue` (and `bind`): its recordLoginUnlessObjected ignores them, so recordUnlessObjected registers and binds after the write.
  [
    'memory whose recordLoginUnlessObjected predates issue',
    async () => {
      const { registersIssueWithLogin: _, bindsDeviceKeyWithLogin: __, ...older } = createMemoryStore();
      const recordLoginUnlessObjected = older.recordLoginUnlessObjected!;
      return { ...older, recordLoginUnlessObjected: (login, who, spend) => recordLoginUnlessObjected(login, who, spend) };
    },
  ],
  // One written before `bind`: it ignores the key, so recordUnlessObjected binds it after the write.
  [
    'memory whose recordLoginUnlessObjected predates bind',
    async () => {
      const { bindsDeviceKeyWithLogin: _, ...older } = createMemoryStore();
      const recordLoginUnlessObjected = older.recordLoginUnlessObjected!;
      return { ...older, recordLoginUnlessObjected: (login, who, spend, issue) => recordLoginUnlessObjected(login, who, spend, issue) };
    },
  ],
];
let schemaUrl: Promise<string> | undefined;
/** This file's own PostgreSQL schema, made once. */
const pgStore = (base: string, foldIntervalMs?: number) => {
  schemaUrl ??= urlWithSchema(base, 'twofold_objection');
  return schemaUrl.then((u) => createPostgresStore(u, foldIntervalMs ? { foldIntervalMs } : {}));
};
if (url) {
  backends.push(['postgres', () => pgStore(url)]);
  // As twofold serve runs it: deferred aggregates, where a record is one statement with its objection check.
  backends.push(['postgres, deferred aggregates', () => pgStore(url, 60_000)]);
}

describe('subjectsOf', () => {
  it('names the account alone without a device, and the account, the device and the pair with one', () => {
    expect(subjectsOf({ userId: 'ann' })).toEqual([{ userId: 'ann' }]);
    expect(subjectsOf({ userId: 'ann', deviceId: 'dev-1' })).toEqual([{ userId: 'ann' }, { deviceId: 'dev-1' }, { userId: 'ann', deviceId: 'dev-1' }]);
  });
});

for (const [name, create] of backends) {
  describe(`isObjecting on ${name}`, () => {
    let store: Store;
    // Ids unique per run: the PostgreSQL schema is shared by this file's tests.
    const id = (s: string) => `${s}-${Math.random().toString(36).slice(2, 10)}`;
    beforeAll(async () => {
      store = await create();
    });
    afterAll(async () => {
      await store.close();
    });

    it('applies an objection by account on device to that pair only', async () => {
      const [ann, ben, dev1, dev2] = [id('ann'), id('ben'), id('dev'), id('dev')];
      expect(await isObjecting(store, { userId: ann, deviceId: dev1 })).toBe(false);
      await store.objectSubject({ userId: ann, deviceId: dev1 }, 1);
      expect(await isObjecting(store, { userId: ann, deviceId: dev1 })).toBe(true);
      expect(await isObjecting(store, { userId: ann, deviceId: dev2 })).toBe(false);
      expect(await isObjecting(store, { userId: ben, deviceId: dev1 })).toBe(false);
      expect(await isObjecting(store, { userId: ann })).toBe(false);
    });

    it('applies an objection by device to every account on it, and not to the accounts elsewhere', async () => {
      const [cid, dev9, dev8] = [id('cid'), id('dev'), id('dev')];
      await store.objectSubject({ deviceId: dev9 }, 1);
      expect(await isObjecting(store, { userId: cid, deviceId: dev9 })).toBe(true);
      expect(await isObjecting(store, { userId: id('eve'), deviceId: dev9 })).toBe(true);
      expect(await isObjecting(store, { userId: cid, deviceId: dev8 })).toBe(false);
      expect(await isObjecting(store, { userId: cid })).toBe(false);
    });

    it('applies an objection by account on every device and without one', async () => {
      const dan = id('dan');
      await store.objectSubject({ userId: dan }, 1);
      expect(await isObjecting(store, { userId: dan })).toBe(true);
      expect(await isObjecting(store, { userId: dan, deviceId: id('dev') })).toBe(true);
      expect(await isObjecting(store, { userId: id('dana'), deviceId: id('dev') })).toBe(false);
    });

    it('equals isObjected over the three subjects, whatever the ids hold (separators, NUL, near-misses)', async () => {
      const user = `${id('fay')}\nx`;
      const device = `${id('dev')}\u0000y`;
      await store.objectSubject({ userId: user, deviceId: device }, 1);
      const cases = [
        { userId: user, deviceId: device },
        { userId: `${user}\n${device}` },
        { userId: user.slice(0, -2), deviceId: `x\n${device}` },
        { userId: user, deviceId: `${device} ` },
      ];
      for (const who of cases) {
        const one = await Promise.all(subjectsOf(who).map((subject) => store.isObjected(subject)));
        expect(await isObjecting(store, who)).toBe(one.some(Boolean));
      }
      expect(await isObjecting(store, cases[0]!)).toBe(true);
    });

    it('records unless objected, in one store call: an objecting subject still uses the id up, each kind of objection counts', async () => {
      const [ann, dev, other] = [id('ann'), id('dev'), id('dev')];
      const login = (userId: string, deviceId: string, outcome: 'success' | 'failure' = 'success'): LoginRecord => ({
        id: id('login'),
        userId,
        deviceId,
        time: 1_700_000_000_000,
        ip: '192.0.2.9',
        outcome,
        features: [
          { feature: 'device-id', value: deviceId },
          { feature: 'ip', value: '192.0.2.9' },
        ],
      });
      const spend = () => ({ nonce: id('at:'), now: 1_000, expiresAt: 2_000 });
      const logins = async (subject: { userId: string }) => (await store.exportSubject(subject)).logins.length;
      // Not objected: recorded once; the same id again is spent.
      const once = spend();
      expect(await recordUnlessObjected(store, login(ann, dev), { userId: ann, deviceId: dev }, once)).toBe('recorded');
      expect(await recordUnlessObjected(store, login(ann, dev), { userId: ann, deviceId: dev }, once)).toBe('spent');
      expect(await recordUnlessObjected(store, login(ann, dev), { userId: ann, deviceId: dev }, { ...spend(), expiresAt: 1_000 })).toBe('spent');
      expect(await logins({ userId: ann })).toBe(1);
      // Each objection kind stops the write, spends the id (a replay is 'spent', not a second 'objected'), stores nothing.
      const kinds = [{ userId: ann, deviceId: dev }, { deviceId: other }, { userId: ann }];
      const attempts = [
        { userId: ann, deviceId: dev },
        { userId: id('ben'), deviceId: other },
        { userId: ann, deviceId: id('dev') },
      ];
      for (const [i, subject] of kinds.entries()) {
        await store.objectSubject(subject, 1);
        const who = attempts[i]!;
        for (const outcome of ['success', 'failure'] as const) {
          const used = spend();
          expect(await recordUnlessObjected(store, login(who.userId, who.deviceId, outcome), who, used), JSON.stringify(subject)).toBe('objected');
          expect(await recordUnlessObjected(store, login(who.userId, who.deviceId, outcome), who, used)).toBe('spent');
          expect(await recordUnlessObjected(store, login(who.userId, who.deviceId, outcome), who)).toBe('objected');
        }
        expect(await logins({ userId: who.userId })).toBe(0);
      }
      // Another account on a device objected only for ann stays recordable.
      const cid = id('cid');
      expect(await recordUnlessObjected(store, login(cid, dev), { userId: cid, deviceId: dev }, spend())).toBe('recorded');
      expect(await recordUnlessObjected(store, login(cid, dev, 'failure'), { userId: cid, deviceId: dev })).toBe('recorded');
      expect(await logins({ userId: cid })).toBe(2);
      const profile = await store.readProfile(cid, [{ feature: 'device-id', value: dev }]);
      expect([profile.userLogins, [...profile.user.values()]]).toEqual([1, [1]]);
    });

    it('registers the issued id (a rights token id) exactly when the login is recorded: not when spent, not when objected', async () => {
      const [gil, dev] = [id('gil'), id('dev')];
      const login = (): LoginRecord => ({ id: id('login'), userId: gil, deviceId: dev, time: 1_000, ip: '192.0.2.9', outcome: 'success', features: [] });
      const issue = () => ({ nonce: id('rt:'), expiresAt: 9_000 });
      const once = { nonce: id('at:'), now: 1_000, expiresAt: 2_000 };
      const [recorded, replayed, objected] = [issue(), issue(), issue()];
      expect(await recordUnlessObjected(store, login(), { userId: gil, deviceId: dev }, once, recorded)).toBe('recorded');
      expect(await recordUnlessObjected(store, login(), { userId: gil, deviceId: dev }, once, replayed)).toBe('spent');
      await store.objectSubject({ userId: gil, deviceId: dev }, 1);
      expect(await recordUnlessObjected(store, login(), { userId: gil, deviceId: dev }, undefined, objected)).toBe('objected');
      const live = await Promise.all([recorded, replayed, objected].map((i) => store.isNonceLive(i.nonce, 1_000)));
      expect(live).toEqual([true, false, false]);
    });

    it('binds the device key exactly when the login is recorded: not when spent, not when objected; never to another account', async () => {
      const [hal, dev] = [id('hal'), id('dev')];
      const login = (): LoginRecord => ({ id: id('login'), userId: hal, deviceId: dev, time: 1_000, ip: '192.0.2.9', outcome: 'success', features: [] });
      const bind = (keyId: string, userId = hal) => ({ userId, keyId, deviceId: dev, boundAt: 1_000, lastUsedAt: 1_000 });
      const once = { nonce: id('at:'), now: 1_000, expiresAt: 2_000 };
      const [recorded, replayed, objected, stranger] = [id('k1'), id('k2'), id('k3'), id('k4')];
      expect(await recordUnlessObjected(store, login(), { userId: hal, deviceId: dev }, once, undefined, bind(recorded))).toBe('recorded');
      expect(await recordUnlessObjected(store, login(), { userId: hal, deviceId: dev }, once, undefined, bind(replayed))).toBe('spent');
      // A key named for another account than the login's: refused before anything is written.
      await expect(recordUnlessObjected(store, login(), { userId: hal, deviceId: dev }, undefined, undefined, bind(stranger, id('eve')))).rejects.toThrow(
        /not the login's/,
      );
      expect((await store.exportSubject({ userId: hal })).logins).toHaveLength(1);
      await store.objectSubject({ userId: hal, deviceId: dev }, 1);
      expect(await recordUnlessObjected(store, login(), { userId: hal, deviceId: dev }, undefined, undefined, bind(objected))).toBe('objected');
      expect((await store.listDeviceKeys({ deviceId: dev })).map((k) => k.keyId)).toEqual([recorded]);
    });
  });
}

if (url) {
  describe('isObjecting on postgres: round trips', () => {
    it('is one statement with a device id and one without', async () => {
      const store = await pgStore(url);
      try {
        expect((await statementsOf(() => isObjecting(store, { userId: 'gus', deviceId: 'dev-g' }))).statements).toBe(1);
        expect((await statementsOf(() => isObjecting(store, { userId: 'gus' }))).statements).toBe(1);
      } finally {
        await store.close();
      }
    });
  });
}
