// Exactly-once where it can break: a record that fails INSIDE its transaction (the login row and its
// aggregates written, COMMIT not reached) and one that fails right AFTER COMMIT (the caller never
// hears it succeeded). Either way the site's retry must leave exactly one login, aggregates counting
// it once, and a spent attempt token. The store's test-only fault hooks (SqlStoreFaults) throw at
// those two points; runs on a SQLite WAL file and, when DATABASE_URL names one, on PostgreSQL.
// The rights token's id is registered, and the device key the sign-in proved is bound, in the same
// write as the login: each exists iff the login does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sealReport } from '../../../../sdk/protocol/seal';
import { createTwofoldService } from '../../../../sdk/server/http';
import { generateSiteKeys } from '../../../../sdk/server/seal';
import { createPostgresStore, createSqliteStore, type SqlStoreFaults } from '../../../../sdk/server/store/sql';
import { featureKey, type IssueNonce, type Store } from '../../../../sdk/server/store/types';
import { createTestDeviceKey } from '../helpers/device-key';
import { postgresUrl, urlWithSchema } from '../helpers/pg';
import { notingIssues } from '../helpers/noting-issues';
import { sampleReport } from '../helpers/report';

const dir = mkdtempSync(join(tmpdir(), 'twofold-exactly-once-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

type Open = (faults: SqlStoreFaults) => Promise<Store>;
const backends: [string, Open][] = [['sqlite file (WAL)', (faults) => createSqliteStore(join(dir, `store-${++files}.sqlite`), { faults })]];
const url = postgresUrl();
if (url) {
  let schemaUrl: Promise<string> | undefined;
  let deferredUrl: Promise<string> | undefined;
  backends.push([
    'postgres',
    async (faults) => {
      schemaUrl ??= urlWithSchema(url, 'twofold_exactly_once');
      return createPostgresStore(await schemaUrl, { faults });
    },
  ]);
  // As twofold serve runs it: deferred aggregates, where record is one statement (pg-writes.ts).
  backends.push([
    'postgres, deferred aggregates',
    async (faults) => {
      deferredUrl ??= urlWithSchema(url, 'twofold_exactly_once_deferred');
      return createPostgresStore(await deferredUrl, { faults, foldIntervalMs: 60_000 });
    },
  ]);
} else {
  it.skip('postgres: set DATABASE_URL=postgres://… to run these tests on PostgreSQL too', () => {});
}

/** A fault that fires once, when armed, and remembers the login it interrupted. */
function oneShot(message: string) {
  const state = { armed: false, fired: [] as string[] };
  const fire = (loginId: string) => {
    if (!state.armed) return;
    state.armed = false;
    state.fired.push(loginId);
    throw new Error(message);
  };
  return { state, fire };
}

describe.each(backends)('exactly-once record on %s', (_name, open) => {
  // The PostgreSQL schema is shared by this file's tests, so each uses its own IP: global counts stay per test.
  async function setUp(point: keyof SqlStoreFaults, deviceId: string, ip: string) {
    const fault = oneShot(`connection lost at ${point}`);
    const store = await open({ [point]: fault.fire });
    const keys = await generateSiteKeys();
    const issued: IssueNonce[] = [];
    const service = createTwofoldService({ site: 'example.com', store: notingIssues(store, issued), keys, attemptTokens: true });
    const { nonce } = await service.issueNonce();
    // Signed by a device key (a device proof): a successful record binds it.
    const deviceKey = await createTestDeviceKey();
    const sealed = await sealReport(sampleReport({ deviceId }), {
      publicKey: keys.publicKey,
      nonce,
      site: 'example.com',
      origin: 'https://example.com',
      prove: deviceKey.prove,
    });
    const userId = `user-${deviceId}`;
    const outcome = await service.assess({ userId, sealed, ip, userAgent: 'x' });
    if (!outcome.attemptToken) throw new Error('assess issued no attempt token');
    const ipCounts = async () => {
      await store.foldAggregates?.(); // deferred aggregates: count what was appended
      const profile = await store.readProfile(userId, [{ feature: 'ip', value: ip }]);
      return { userLogins: profile.userLogins, ipGlobal: profile.global.get(featureKey('ip', ip)) };
    };
    /** Which of the rights token ids the records asked for are registered now. */
    const issuedLive = () => Promise.all(issued.map((i) => store.isNonceLive(i.nonce, Date.now())));
    /** The account's bound device keys, by key id. */
    const boundKeys = async () => (await store.listDeviceKeys({ userId })).map((k) => k.keyId);
    return { store, service, fault, userId, deviceId, token: outcome.attemptToken, ipCounts, issuedLive, boundKeys, keyId: deviceKey.keyId };
  }

  it('a fault after the login row is written, before COMMIT: nothing is kept, the retry records it once', async () => {
    const { store, service, fault, deviceId, token, ipCounts, issuedLive, boundKeys, keyId } = await setUp(
      'recordBeforeCommit',
      'device-before-commit',
      '192.0.2.1',
    );
    fault.state.armed = true;
    await expect(service.recordByToken(token, 'success')).rejects.toThrow(/connection lost at recordBeforeCommit/);
    expect(fault.state.fired).toHaveLength(1); // the fault really ran inside the write, after the login row
    expect((await store.exportSubject({ deviceId })).logins).toHaveLength(0);
    expect(await ipCounts()).toEqual({ userLogins: 0, ipGlobal: 0 });
    expect(await issuedLive()).toEqual([false]); // the rights token id rolled back with the login
    expect(await boundKeys()).toEqual([]); // and so did the device key's binding

    const retried = await service.recordByToken(token, 'success');
    expect(retried).toMatchObject({ loginId: expect.any(String), rightsToken: expect.any(String) });
    await expect(service.recordByToken(token, 'success')).rejects.toMatchObject({ code: 'attempt_token_used' });
    const logins = (await store.exportSubject({ deviceId })).logins;
    expect(logins.map((l) => l.id)).toEqual([retried.loginId]);
    expect(await ipCounts()).toEqual({ userLogins: 1, ipGlobal: 1 });
    // The retry's token id committed with its login (the refused third record's did not), and the token handed out is that one.
    expect(await issuedLive()).toEqual([false, true, false]);
    expect((await service.access(retried.rightsToken)).logins.map((l) => l.id)).toEqual([retried.loginId]);
    expect(await boundKeys()).toEqual([keyId]);
    await store.close();
  });

  it('a fault right after COMMIT: the login is kept once and the token is spent, so the retry is refused', async () => {
    const { store, service, fault, deviceId, token, ipCounts, issuedLive, boundKeys, keyId } = await setUp(
      'recordAfterCommit',
      'device-after-commit',
      '192.0.2.2',
    );
    fault.state.armed = true;
    await expect(service.recordByToken(token, 'success')).rejects.toThrow(/connection lost at recordAfterCommit/);
    expect(fault.state.fired).toHaveLength(1);
    const committed = (await store.exportSubject({ deviceId })).logins;
    expect(committed.map((l) => l.id)).toEqual(fault.state.fired);
    // The login committed, so did its rights token id (the token itself never reached the site: it acts nowhere).
    expect(await issuedLive()).toEqual([true]);
    expect(await boundKeys()).toEqual([keyId]); // the key's binding committed with it, exactly one
    const firstBinding = await store.readDeviceKey(`user-${deviceId}`, keyId);

    await expect(service.recordByToken(token, 'success')).rejects.toMatchObject({ code: 'attempt_token_used', status: 409 });
    await expect(service.recordByToken(token, 'failure')).rejects.toMatchObject({ code: 'attempt_token_used' });
    expect((await store.exportSubject({ deviceId })).logins.map((l) => l.id)).toEqual(fault.state.fired);
    expect(await ipCounts()).toEqual({ userLogins: 1, ipGlobal: 1 });
    // The refused retry registered no second token id (it asked for one, the spent attempt stopped the write).
    expect((await issuedLive()).slice(1)).toEqual([false]);
    // Nor a second binding, nor a refresh of the first.
    expect(await boundKeys()).toEqual([keyId]);
    expect(await store.readDeviceKey(`user-${deviceId}`, keyId)).toEqual(firstBinding);
    await store.close();
  });

  it('a failed attempt is exactly-once too: a fault before its COMMIT keeps nothing, after it spends the token', async () => {
    const before = await setUp('recordBeforeCommit', 'device-failure-before', '192.0.2.3');
    before.fault.state.armed = true;
    await expect(before.service.recordByToken(before.token, 'failure')).rejects.toThrow(/connection lost/);
    expect(await before.store.countFailures({ userId: before.userId }, 0)).toBe(0);
    await before.service.recordByToken(before.token, 'failure');
    await expect(before.service.recordByToken(before.token, 'failure')).rejects.toMatchObject({ code: 'attempt_token_used' });
    expect(await before.store.countFailures({ userId: before.userId }, 0)).toBe(1);
    expect(await before.boundKeys()).toEqual([]); // a failed sign-in binds no key, proven or not
    await before.store.close();

    const after = await setUp('recordAfterCommit', 'device-failure-after', '192.0.2.4');
    after.fault.state.armed = true;
    await expect(after.service.recordByToken(after.token, 'failure')).rejects.toThrow(/connection lost/);
    await expect(after.service.recordByToken(after.token, 'failure')).rejects.toMatchObject({ code: 'attempt_token_used' });
    expect(await after.store.countFailures({ userId: after.userId }, 0)).toBe(1);
    await after.store.close();
  });
});
