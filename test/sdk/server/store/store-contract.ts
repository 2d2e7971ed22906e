/**
 * The Store contract, written once and run against every backend (memory twin, SQLite,
 * PostgreSQL): aggregates, nonces, rights, retention, and a seeded differential test that checks
 * the maintained aggregates against a naive recount after random operations.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { featureKey, type CollectionRecord, type FeatureValue, type LoginRecord, type Store } from '../../../../sdk/server/store/types';

let seq = 0;
function login(partial: Partial<LoginRecord> & { userId: string }): LoginRecord {
  seq += 1;
  const deviceId = partial.deviceId;
  return {
    id: `login-${seq}-${Math.random().toString(36).slice(2)}`,
    time: 1_700_000_000_000 + seq * 1000,
    ip: '192.0.2.1',
    outcome: 'success',
    features: [
      { feature: 'ip', value: partial.ip ?? '192.0.2.1' },
      { feature: 'country', value: 'NO' },
      ...(deviceId ? [{ feature: 'device-id', value: deviceId }] : []),
    ],
    ...partial,
  };
}

const fv = (feature: string, value: string): FeatureValue => ({ feature, value });

/** Runs the contract against stores made by `create` (each test gets a fresh, empty store). */
export function storeContract(name: string, create: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await create();
    });
    afterEach(async () => {
      await store.close();
    });

    it('reads zeros from an empty store', async () => {
      const p = await store.readProfile('alice', [fv('ip', '192.0.2.1')]);
      expect(p.userLogins).toBe(0);
      expect(p.totalLogins).toBe(0);
      expect(p.userCount).toBe(0);
      expect(p.user.get(featureKey('ip', '192.0.2.1'))).toBe(0);
      expect(p.global.get(featureKey('ip', '192.0.2.1'))).toBe(0);
      expect(p.distinct.get('ip')).toBe(0);
      expect(await store.lastSuccess('alice')).toBeUndefined();
      expect(await store.countRows()).toBe(0);
    });

    it('maintains per-user and global counts on successful logins only', async () => {
      await store.recordLogin(login({ userId: 'alice', ip: '192.0.2.1' }));
      await store.recordLogin(login({ userId: 'alice', ip: '192.0.2.2' }));
      await store.recordLogin(login({ userId: 'bob', ip: '192.0.2.1' }));
      await store.recordLogin(login({ userId: 'bob', ip: '198.51.100.9', outcome: 'failure' }));
      const p = await store.readProfile('alice', [fv('ip', '192.0.2.1'), fv('ip', '198.51.100.9'), fv('country', 'NO'), fv('asn', '1')]);
      expect(p.userLogins).toBe(2);
      expect(p.totalLogins).toBe(3);
      expect(p.userCount).toBe(2);
      expect(p.user.get(featureKey('ip', '192.0.2.1'))).toBe(1);
      expect(p.global.get(featureKey('ip', '192.0.2.1'))).toBe(2);
      expect(p.global.get(featureKey('ip', '198.51.100.9'))).toBe(0);
      expect(p.user.get(featureKey('country', 'NO'))).toBe(2);
      expect(p.global.get(featureKey('country', 'NO'))).toBe(3);
      expect(p.distinct.get('ip')).toBe(2);
      expect(p.distinct.get('country')).toBe(1);
      expect(p.distinct.get('asn')).toBe(0);
    });

    it('counts a value repeated within one login once', async () => {
      const l = login({ userId: 'alice' });
      l.features.push(fv('ip', '192.0.2.1'));
      await store.recordLogin(l);
      const p = await store.readProfile('alice', [fv('ip', '192.0.2.1')]);
      expect(p.user.get(featureKey('ip', '192.0.2.1'))).toBe(1);
      expect(p.global.get(featureKey('ip', '192.0.2.1'))).toBe(1);
    });

    it('keeps values with unusual characters apart', async () => {
      await store.recordLogin(login({ userId: 'ü', features: [fv('ua', 'Mozilla/5.0 "x"; ☃'), fv('ua', 'Mozilla/5.0 "x"; ☃ ')] }));
      const p = await store.readProfile('ü', [fv('ua', 'Mozilla/5.0 "x"; ☃'), fv('ua', 'Mozilla/5.0 "x"; ☃ ')]);
      expect(p.user.get(featureKey('ua', 'Mozilla/5.0 "x"; ☃'))).toBe(1);
      expect(p.distinct.get('ua')).toBe(2);
    });

    it('counts failures by user and by IP within the window', async () => {
      const t = 1_800_000_000_000;
      await store.recordLogin(login({ userId: 'alice', ip: '203.0.113.5', outcome: 'failure', time: t - 10_000 }));
      await store.recordLogin(login({ userId: 'alice', ip: '203.0.113.5', outcome: 'failure', time: t }));
      await store.recordLogin(login({ userId: 'bob', ip: '203.0.113.5', outcome: 'failure', time: t }));
      await store.recordLogin(login({ userId: 'alice', ip: '203.0.113.5', outcome: 'success', time: t }));
      expect(await store.countFailures({ userId: 'alice' }, t - 60_000)).toBe(2);
      expect(await store.countFailures({ userId: 'alice' }, t - 5_000)).toBe(1);
      expect(await store.countFailures({ ip: '203.0.113.5' }, t - 60_000)).toBe(3);
      expect(await store.countFailures({ ip: '198.51.100.1' }, 0)).toBe(0);
    });

    it('returns the latest vouching login with its location', async () => {
      await store.recordLogin(login({ userId: 'alice', time: 1000, ip: '192.0.2.1', lat: 59.9, lon: 10.75 }));
      await store.recordLogin(login({ userId: 'alice', time: 3000, ip: '192.0.2.3', outcome: 'failure' }));
      await store.recordLogin(login({ userId: 'alice', time: 2000, ip: '192.0.2.2' }));
      expect(await store.lastSuccess('alice')).toEqual({ time: 2000, ip: '192.0.2.2' });
    });

    it('accepts an issued nonce exactly once and never an expired or unknown one', async () => {
      await store.issueNonce('nonce-aaaaaaaaaaaaaaaa', 2000);
      await store.issueNonce('nonce-bbbbbbbbbbbbbbbb', 2000);
      expect(await store.consumeNonce('nonce-aaaaaaaaaaaaaaaa', 1000)).toBe(true);
      expect(await store.consumeNonce('nonce-aaaaaaaaaaaaaaaa', 1000)).toBe(false);
      expect(await store.consumeNonce('nonce-bbbbbbbbbbbbbbbb', 2001)).toBe(false);
      expect(await store.consumeNonce('nonce-bbbbbbbbbbbbbbbb', 1000)).toBe(false);
      expect(await store.consumeNonce('never-issued-xxxxxxxx', 0)).toBe(false);
    });

    it('tells whether a nonce is live without using it', async () => {
      await store.issueNonce('nonce-peek-xxxxxxxxxxx', 2000);
      expect(await store.isNonceLive('nonce-peek-xxxxxxxxxxx', 1000)).toBe(true);
      expect(await store.isNonceLive('nonce-peek-xxxxxxxxxxx', 1000)).toBe(true);
      expect(await store.isNonceLive('nonce-peek-xxxxxxxxxxx', 2000)).toBe(false);
      expect(await store.isNonceLive('never-issued-xxxxxxxx', 0)).toBe(false);
      expect(await store.consumeNonce('nonce-peek-xxxxxxxxxxx', 1000)).toBe(true);
      expect(await store.isNonceLive('nonce-peek-xxxxxxxxxxx', 1000)).toBe(false);
    });

    it('purges expired nonces, used or not, and keeps live ones', async () => {
      await store.issueNonce('nonce-old-xxxxxxxxxxxx', 1000);
      await store.issueNonce('nonce-live-xxxxxxxxxxx', 3000);
      expect(await store.purgeExpiredNonces(2000)).toBe(1);
      expect(await store.consumeNonce('nonce-live-xxxxxxxxxxx', 2000)).toBe(true);
      expect(await store.purgeExpiredNonces(2000)).toBe(0);
    });

    it('records a login together with marking its single-use id spent, and nothing with a spent or expired id', async () => {
      const spend = { nonce: 'at:spend-xxxxxxxxxxxxxx', now: 1000, expiresAt: 5000 };
      expect(await store.recordLogin(login({ userId: 'sam' }), spend)).toBe(true);
      // The id is spent wherever single-use ids are kept: the guard's spent set refuses it too.
      expect(await store.markNonceSpent(spend.nonce, 5000)).toBe(false);
      expect(await store.recordLogin(login({ userId: 'sam' }), spend)).toBe(false);
      expect(await store.recordLogin(login({ userId: 'sam', outcome: 'failure' }), { ...spend, now: 6000 })).toBe(false);
      // An id that expired is refused without being marked (and a failed attempt is no exception).
      const expired = { nonce: 'at:expired-xxxxxxxxxxxx', now: 1000, expiresAt: 1000 };
      expect(await store.recordLogin(login({ userId: 'sam', outcome: 'failure' }), expired)).toBe(false);
      expect(await store.markNonceSpent(expired.nonce, 5000)).toBe(true);
      // An id already spent by the guard (e.g. a seal nonce) cannot be spent again by a login.
      expect(await store.recordLogin(login({ userId: 'sam', outcome: 'failure' }), { ...expired, expiresAt: 5000 })).toBe(false);
      expect(await store.countRows({ userId: 'sam' })).toBe(1);
      expect((await store.readProfile('sam', [fv('country', 'NO')])).userLogins).toBe(1);
      expect(await store.countFailures({ userId: 'sam' }, 0)).toBe(0);
    });

    it('records a login together with consuming a registered id, and nothing with an unknown or expired one', async () => {
      await store.issueNonce('at:issued-xxxxxxxxxxxxx', 5000);
      const spend = { nonce: 'at:issued-xxxxxxxxxxxxx', now: 1000, expiresAt: 5000, registered: true };
      expect(await store.recordLogin(login({ userId: 'rex' }), spend)).toBe(true);
      expect(await store.isNonceLive(spend.nonce, 1000)).toBe(false);
      expect(await store.recordLogin(login({ userId: 'rex' }), spend)).toBe(false);
      expect(await store.recordLogin(login({ userId: 'rex' }), { ...spend, nonce: 'at:never-issued-xxxxxxx' })).toBe(false);
      await store.issueNonce('at:expired-issued-xxxx', 500);
      expect(await store.recordLogin(login({ userId: 'rex', outcome: 'failure' }), { ...spend, nonce: 'at:expired-issued-xxxx' })).toBe(false);
      expect(await store.countRows({ userId: 'rex' })).toBe(1);
    });

    it('keeps a spent id until it expires: the purge forgets it only after expiresAt', async () => {
      expect(await store.recordLogin(login({ userId: 'ula' }), { nonce: 'at:kept-xxxxxxxxxxxxxxx', now: 1000, expiresAt: 5000 })).toBe(true);
      await store.purgeExpiredNonces(4999);
      expect(await store.recordLogin(login({ userId: 'ula' }), { nonce: 'at:kept-xxxxxxxxxxxxxxx', now: 4999, expiresAt: 5000 })).toBe(false);
      await store.purgeExpiredNonces(5001);
      expect(await store.markNonceSpent('at:kept-xxxxxxxxxxxxxxx', 9000)).toBe(true);
      expect(await store.countRows({ userId: 'ula' })).toBe(1);
    });

    it('lets only one of many concurrent writers spending the same id record', async () => {
      const spend = { nonce: 'at:race-xxxxxxxxxxxxxxx', now: 0, expiresAt: Number.MAX_SAFE_INTEGER };
      const results = await Promise.all(Array.from({ length: 6 }, () => store.recordLogin(login({ userId: 'tor' }), spend)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.countRows({ userId: 'tor' })).toBe(1);
    });

    it('spends a seal nonce and stores the collection in one step, and neither when the nonce was spent', async () => {
      const collection = (id: string): CollectionRecord => ({
        id,
        deviceId: 'dev-one',
        userId: 'vic',
        time: 1000,
        receiptId: `receipt-${id}`,
        signals: ['time-zone'],
        features: [{ feature: 'timezone', value: 'Europe/Oslo' }],
      });
      expect(await store.markNonceSpent('seal-nonce-one', 5000, collection('c-1'))).toBe(true);
      expect(await store.markNonceSpent('seal-nonce-one', 5000, collection('c-2'))).toBe(false);
      expect(await store.markNonceSpent('seal-nonce-one', 5000)).toBe(false);
      const results = await Promise.all(Array.from({ length: 5 }, (_, i) => store.markNonceSpent('seal-nonce-race', 5000, collection(`r-${i}`))));
      expect(results.filter(Boolean)).toHaveLength(1);
      const stored = (await store.exportSubject({ deviceId: 'dev-one' })).collections;
      expect(stored.map((c) => c.id).sort()).toEqual(['c-1', `r-${results.indexOf(true)}`].sort());
      expect(stored.find((c) => c.id === 'c-1')).toEqual(collection('c-1'));
    });

    it('lets only one of many concurrent consumers have a nonce', async () => {
      await store.issueNonce('nonce-race-xxxxxxxxxxx', Number.MAX_SAFE_INTEGER);
      const results = await Promise.all(Array.from({ length: 8 }, () => store.consumeNonce('nonce-race-xxxxxxxxxxx', 0)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('exports everything about a subject, by user and by device', async () => {
      const l1 = login({ userId: 'alice', deviceId: 'dev-1', visitorId: 'vis-1', lat: 1.5, lon: 2.5 });
      const l2 = login({ userId: 'alice', deviceId: 'dev-2' });
      await store.recordLogin(l1);
      await store.recordLogin(l2);
      await store.recordLogin(login({ userId: 'bob', deviceId: 'dev-3' }));
      const c = {
        id: 'col-1',
        deviceId: 'dev-1',
        userId: 'alice',
        time: 5,
        receiptId: 'rcpt-1',
        signals: ['user-agent'],
        features: [fv('device-id', 'dev-1'), fv('language', 'nb-NO')],
      };
      await store.recordCollection(c);
      await store.recordCollection({ id: 'col-2', deviceId: 'dev-9', time: 6, receiptId: 'rcpt-2', signals: [], features: [] });
      const byUser = await store.exportSubject({ userId: 'alice' });
      expect(byUser.logins).toEqual([l1, l2]);
      expect(byUser.collections).toEqual([c]);
      expect(byUser.objected).toBe(false);
      expect(JSON.parse(JSON.stringify(byUser))).toEqual(byUser);
      const byDevice = await store.exportSubject({ deviceId: 'dev-1' });
      expect(byDevice.logins).toEqual([l1]);
      expect(byDevice.collections).toEqual([c]);
      expect(byDevice.subject).toEqual({ deviceId: 'dev-1' });
    });

    it('erases a user: every row and every aggregate contribution, others untouched', async () => {
      await store.recordLogin(login({ userId: 'bob', ip: '192.0.2.1' }));
      const before = await store.readProfile('bob', [fv('ip', '192.0.2.1'), fv('ip', '192.0.2.7'), fv('country', 'NO')]);
      await store.recordLogin(login({ userId: 'alice', ip: '192.0.2.7', deviceId: 'dev-a' }));
      await store.recordLogin(login({ userId: 'alice', ip: '192.0.2.1' }));
      await store.recordLogin(login({ userId: 'alice', outcome: 'failure' }));
      await store.recordCollection({ id: 'col-a', deviceId: 'dev-a', userId: 'alice', time: 1, receiptId: 'r', signals: [], features: [] });
      expect(await store.countRows({ userId: 'alice' })).toBe(4);
      expect(await store.eraseSubject({ userId: 'alice' })).toBe(4);
      expect(await store.countRows({ userId: 'alice' })).toBe(0);
      expect(await store.countRows({ deviceId: 'dev-a' })).toBe(0);
      expect(await store.countRows()).toBe(1);
      expect(await store.readProfile('bob', [fv('ip', '192.0.2.1'), fv('ip', '192.0.2.7'), fv('country', 'NO')])).toEqual(before);
      const alice = await store.readProfile('alice', [fv('ip', '192.0.2.7')]);
      expect(alice.userLogins).toBe(0);
      expect(alice.user.get(featureKey('ip', '192.0.2.7'))).toBe(0);
      expect(await store.countFailures({ userId: 'alice' }, 0)).toBe(0);
      expect(await store.eraseSubject({ userId: 'alice' })).toBe(0);
    });

    it('erases a device: its logins and collections only', async () => {
      await store.recordLogin(login({ userId: 'alice', deviceId: 'dev-1' }));
      await store.recordLogin(login({ userId: 'alice', deviceId: 'dev-2' }));
      await store.recordCollection({ id: 'c1', deviceId: 'dev-1', time: 1, receiptId: 'r', signals: [], features: [] });
      expect(await store.eraseSubject({ deviceId: 'dev-1' })).toBe(2);
      expect(await store.countRows({ deviceId: 'dev-1' })).toBe(0);
      const p = await store.readProfile('alice', [fv('device-id', 'dev-1'), fv('device-id', 'dev-2')]);
      expect(p.userLogins).toBe(1);
      expect(p.user.get(featureKey('device-id', 'dev-1'))).toBe(0);
      expect(p.user.get(featureKey('device-id', 'dev-2'))).toBe(1);
      expect(p.distinct.get('device-id')).toBe(1);
    });

    it('reaches one account on one device: export, count, erase and object touch rows matching both only', async () => {
      // A shared device: Alice and Bob both signed in on dev-1; a rights token names (user, device).
      const aliceHere = login({ userId: 'alice', deviceId: 'dev-1' });
      await store.recordLogin(aliceHere);
      await store.recordLogin(login({ userId: 'alice', deviceId: 'dev-2' }));
      await store.recordLogin(login({ userId: 'bob', deviceId: 'dev-1' }));
      await store.recordCollection({ id: 'ca', deviceId: 'dev-1', userId: 'alice', time: 1, receiptId: 'r', signals: [], features: [] });
      await store.recordCollection({ id: 'cb', deviceId: 'dev-1', userId: 'bob', time: 2, receiptId: 'r', signals: [], features: [] });
      const both = { userId: 'alice', deviceId: 'dev-1' };
      const exported = await store.exportSubject(both);
      expect(exported.subject).toEqual(both);
      expect(exported.logins).toEqual([aliceHere]);
      expect(exported.collections.map((c) => c.id)).toEqual(['ca']);
      expect(await store.countRows(both)).toBe(2);
      expect(await store.eraseSubject(both)).toBe(2);
      expect(await store.countRows({ userId: 'alice' })).toBe(1);
      expect(await store.countRows({ userId: 'bob' })).toBe(2);
      expect((await store.readProfile('bob', [fv('device-id', 'dev-1')])).user.get(featureKey('device-id', 'dev-1'))).toBe(1);
      expect(await store.objectSubject({ userId: 'bob', deviceId: 'dev-1' }, 5)).toBe(2);
      expect(await store.isObjected({ userId: 'bob', deviceId: 'dev-1' })).toBe(true);
      expect(await store.isObjected({ userId: 'bob' })).toBe(false);
      expect(await store.isObjected({ deviceId: 'dev-1' })).toBe(false);
      expect(await store.countRows({ userId: 'alice' })).toBe(1);
    });

    it('records an objection that outlives the erase it triggers', async () => {
      await store.recordLogin(login({ userId: 'alice', deviceId: 'dev-1' }));
      expect(await store.isObjected({ deviceId: 'dev-1' })).toBe(false);
      expect(await store.objectSubject({ deviceId: 'dev-1' }, 10)).toBe(1);
      expect(await store.isObjected({ deviceId: 'dev-1' })).toBe(true);
      expect(await store.isObjected({ userId: 'alice' })).toBe(false);
      expect(await store.countRows({ deviceId: 'dev-1' })).toBe(0);
      expect((await store.exportSubject({ deviceId: 'dev-1' })).objected).toBe(true);
      expect(await store.objectSubject({ deviceId: 'dev-1' }, 11)).toBe(0);
    });

    it('"not me": the login stops vouching but stays visible', async () => {
      const good = login({ userId: 'alice', ip: '192.0.2.1', time: 1000 });
      const bad = login({ userId: 'alice', ip: '203.0.113.66', time: 2000 });
      await store.recordLogin(good);
      await store.recordLogin(bad);
      expect(await store.markNotMe('bob', bad.id)).toBe(false);
      expect(await store.markNotMe('alice', 'no-such-login')).toBe(false);
      expect(await store.markNotMe('alice', bad.id)).toBe(true);
      const p = await store.readProfile('alice', [fv('ip', '203.0.113.66'), fv('country', 'NO')]);
      expect(p.userLogins).toBe(1);
      expect(p.totalLogins).toBe(1);
      expect(p.user.get(featureKey('ip', '203.0.113.66'))).toBe(0);
      expect(p.global.get(featureKey('ip', '203.0.113.66'))).toBe(0);
      expect(p.user.get(featureKey('country', 'NO'))).toBe(1);
      expect(p.distinct.get('ip')).toBe(1);
      expect((await store.lastSuccess('alice'))?.time).toBe(1000);
      expect((await store.exportSubject({ userId: 'alice' })).logins).toHaveLength(2);
      expect(await store.markNotMe('alice', bad.id)).toBe(true);
      expect((await store.readProfile('alice', [])).userLogins).toBe(1);
    });

    it('forgets a remembered device: device ids stop vouching, the rest stays', async () => {
      await store.recordLogin(
        login({ userId: 'alice', deviceId: 'dev-1', features: [fv('device-id', 'dev-1'), fv('visitor-id', 'v1'), fv('ip', '192.0.2.1')] }),
      );
      await store.recordLogin(login({ userId: 'alice', deviceId: 'dev-1', features: [fv('device-id', 'dev-1'), fv('ip', '192.0.2.1')] }));
      await store.recordLogin(login({ userId: 'alice', deviceId: 'dev-2', features: [fv('device-id', 'dev-2')] }));
      expect(await store.forgetDevice('alice', 'dev-1')).toBe(2);
      const p = await store.readProfile('alice', [fv('device-id', 'dev-1'), fv('visitor-id', 'v1'), fv('ip', '192.0.2.1'), fv('device-id', 'dev-2')]);
      expect(p.user.get(featureKey('device-id', 'dev-1'))).toBe(0);
      expect(p.user.get(featureKey('visitor-id', 'v1'))).toBe(0);
      expect(p.user.get(featureKey('ip', '192.0.2.1'))).toBe(2);
      expect(p.user.get(featureKey('device-id', 'dev-2'))).toBe(1);
      expect(p.userLogins).toBe(3);
      expect(await store.forgetDevice('alice', 'dev-1')).toBe(0);
      expect(await store.forgetDevice('bob', 'dev-2')).toBe(0);
    });

    it('purges rows older than the cutoff with their aggregate contributions', async () => {
      await store.recordLogin(login({ userId: 'alice', ip: '192.0.2.1', time: 1000 }));
      await store.recordLogin(login({ userId: 'alice', ip: '192.0.2.1', time: 1000, outcome: 'failure' }));
      await store.recordLogin(login({ userId: 'alice', ip: '192.0.2.2', time: 5000 }));
      await store.recordCollection({ id: 'old', deviceId: 'd', time: 1000, receiptId: 'r', signals: [], features: [] });
      await store.recordCollection({ id: 'new', deviceId: 'd', time: 5000, receiptId: 'r', signals: [], features: [] });
      await store.issueNonce('expired-nonce-xxxxxxxx', 1500);
      await store.issueNonce('live-nonce-xxxxxxxxxxx', 9000);
      expect(await store.purge(3000)).toBe(4);
      expect(await store.countRows()).toBe(3);
      const p = await store.readProfile('alice', [fv('ip', '192.0.2.1'), fv('ip', '192.0.2.2')]);
      expect(p.userLogins).toBe(1);
      expect(p.user.get(featureKey('ip', '192.0.2.1'))).toBe(0);
      expect(p.global.get(featureKey('ip', '192.0.2.2'))).toBe(1);
      expect(p.distinct.get('ip')).toBe(1);
      expect(await store.countFailures({ userId: 'alice' }, 0)).toBe(0);
      expect(await store.consumeNonce('live-nonce-xxxxxxxxxxx', 2000)).toBe(true);
    });

    it('keeps aggregates equal to a recount after a seeded mix of operations', async () => {
      let state = 12345;
      const rand = (n: number) => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return state % n;
      };
      const users = ['u1', 'u2', 'u3', 'u4'];
      const devices = ['d1', 'd2', 'd3'];
      interface Model {
        login: LoginRecord;
        vouching: boolean;
        vouches: Set<string>;
      }
      const model: Model[] = [];
      for (let i = 0; i < 200; i++) {
        const op = rand(20);
        if (op < 14 || model.length === 0) {
          const deviceId = devices[rand(3)]!;
          const l = login({
            userId: users[rand(4)]!,
            deviceId,
            time: 1000 + i * 10 + rand(50),
            outcome: rand(5) === 0 ? 'failure' : 'success',
            features: [fv('ip', `10.0.0.${rand(6)}`), fv('country', ['NO', 'SE'][rand(2)]!), fv('device-id', deviceId), fv('visitor-id', `v${rand(3)}`)],
          });
          await store.recordLogin(l);
          const ok = l.outcome === 'success';
          model.push({ login: l, vouching: ok, vouches: new Set(ok ? l.features.map((f) => featureKey(f.feature, f.value)) : []) });
        } else if (op < 16) {
          const target = model[rand(model.length)]!;
          await store.markNotMe(target.login.userId, target.login.id);
          target.vouching = false;
          target.vouches.clear();
        } else if (op === 16) {
          const user = users[rand(4)]!;
          const device = devices[rand(3)]!;
          await store.forgetDevice(user, device);
          for (const m of model) {
            if (m.login.userId !== user || m.login.deviceId !== device) continue;
            for (const k of [...m.vouches]) if (k.startsWith('device-id\u0000') || k.startsWith('visitor-id\u0000')) m.vouches.delete(k);
          }
        } else if (op === 17) {
          const device = devices[rand(3)]!;
          await store.eraseSubject({ deviceId: device });
          for (let j = model.length - 1; j >= 0; j--) if (model[j]!.login.deviceId === device) model.splice(j, 1);
        } else {
          const cutoff = 1000 + i * 3;
          await store.purge(cutoff);
          for (let j = model.length - 1; j >= 0; j--) if (model[j]!.login.time < cutoff) model.splice(j, 1);
        }
      }
      const allValues = new Map<string, FeatureValue>();
      for (const m of model) for (const f of m.login.features) allValues.set(featureKey(f.feature, f.value), f);
      const values = [...allValues.values()];
      const vouching = model.filter((m) => m.vouching);
      for (const user of users) {
        const p = await store.readProfile(user, values);
        expect(p.userLogins).toBe(vouching.filter((m) => m.login.userId === user).length);
        expect(p.totalLogins).toBe(vouching.length);
        expect(p.userCount).toBe(new Set(vouching.map((m) => m.login.userId)).size);
        for (const v of values) {
          const key = featureKey(v.feature, v.value);
          expect(p.user.get(key), `user ${user} ${key}`).toBe(model.filter((m) => m.login.userId === user && m.vouches.has(key)).length);
          expect(p.global.get(key), key).toBe(model.filter((m) => m.vouches.has(key)).length);
        }
        for (const feature of ['ip', 'country', 'device-id', 'visitor-id']) {
          const distinct = new Set(model.flatMap((m) => [...m.vouches].filter((k) => k.startsWith(`${feature}\u0000`))));
          expect(p.distinct.get(feature), feature).toBe(distinct.size);
        }
      }
      expect(await store.countRows()).toBe(model.length);
      // The mix must have left a real history behind, or the recount above proves nothing.
      expect(vouching.length).toBeGreaterThan(10);
    });
  });
}
