// Issue 13, "Someone else's data": rights tokens were issued at assess, for whatever device id the
// client asserted, so sealing Alice's device id under another user name gave a token that read,
// marked and erased Alice's rows. Against `twofold serve` (child process, SQLite and PostgreSQL):
// tokens come only from a successful record, bound to (user, device); Mallory's token for Alice's
// device reaches Mallory's rows and nothing of Alice's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACK_ORIGIN, ATTACK_SITE, attackBackends, freshUser, removeAttackBundle, startAttackTarget, type AttackTarget } from '../helpers/attack-target';
import { createTestDeviceKey, type TestDeviceKey } from '../helpers/device-key';
import { sampleReport } from '../helpers/report';

afterAll(() => removeAttackBundle());

const ALICE_DEVICE = 'aliceDevice-0123456789';

describe.each(attackBackends('twofold_attack_rights'))('rights tokens against twofold serve on %s', (_name, prepare) => {
  let target: AttackTarget;
  let cleanup = async () => {};
  const alice = freshUser('alice');
  const mallory = freshUser('mallory');
  let aliceToken: string;
  let aliceLogins: string[];
  let aliceKey: TestDeviceKey;
  const access = (token: string) => target.call('GET', '/twofold/rights/access', undefined, { authorization: `Bearer ${token}` });

  beforeAll(async () => {
    const backend = await prepare();
    cleanup = backend.cleanup;
    target = await startAttackTarget(backend.store);
    aliceKey = await createTestDeviceKey();
    await target.signIn(alice, ALICE_DEVICE, '84.208.20.10', aliceKey);
    aliceToken = (await target.signIn(alice, ALICE_DEVICE, '84.208.20.10', aliceKey)).rightsToken;
    aliceLogins = ((await access(aliceToken)).json.logins as { id: string }[]).map((l) => l.id);
  }, 90_000);

  afterAll(async () => {
    await target?.stop();
    await cleanup();
  });

  it('assess hands out no token; a failed login none either; a successful one a token and the receipt covering it', async () => {
    const sealed = await target.seal(sampleReport({ site: ATTACK_SITE, origin: ATTACK_ORIGIN, deviceId: ALICE_DEVICE }));
    const assessed = await target.assess(mallory, sealed, '6.6.6.6');
    expect(assessed.status).toBe(200);
    expect(assessed.json.rightsToken).toBeUndefined();
    expect(assessed.json.receipt).toBeUndefined();
    const failed = await target.record(assessed.json.attemptToken, 'failure');
    expect(failed.json).toEqual({ recorded: true, loginId: expect.any(String) });
    expect(aliceLogins).toHaveLength(2);
    expect(aliceToken).toMatch(/^rt1\./);
  });

  it("a token obtained under another user name for Alice's device reads, rectifies and erases nothing of Alice's", async () => {
    // Mallory knows Alice's device id and signs in to Mallory's own account with it, successfully.
    const { rightsToken: malloryToken } = await target.signIn(mallory, ALICE_DEVICE, '6.6.6.6');
    expect(malloryToken).toMatch(/^rt1\./);

    const read = await access(malloryToken);
    expect(read.status).toBe(200);
    expect(read.json.subject).toEqual({ userId: mallory, deviceId: ALICE_DEVICE });
    for (const row of [...read.json.logins, ...read.json.collections]) expect(row.userId).toBe(mallory);
    expect(read.json.logins.map((l: { id: string }) => l.id)).not.toEqual(expect.arrayContaining([aliceLogins[0]]));
    expect(JSON.stringify(read.json)).not.toContain('84.208.20.10');

    for (const loginId of aliceLogins) {
      const rectify = await target.call('POST', '/twofold/rights/rectify', { token: malloryToken, loginId });
      expect(rectify.status).toBe(404);
      expect(rectify.json.error.code).toBe('login_not_found');
    }

    const erase = await target.call('POST', '/twofold/rights/erase', { token: malloryToken });
    expect(erase.status).toBe(200);
    expect(erase.json.remainingRows).toBe(0);

    // Alice's own token still shows everything of hers, her logins still vouching.
    const aliceAfter = await access(aliceToken);
    expect(aliceAfter.status).toBe(200);
    expect((aliceAfter.json.logins as { id: string }[]).map((l) => l.id)).toEqual(aliceLogins);
    expect(aliceAfter.json.collections.length).toBeGreaterThanOrEqual(2);
    const sealed = await target.seal(sampleReport({ site: ATTACK_SITE, origin: ATTACK_ORIGIN, deviceId: ALICE_DEVICE }), aliceKey);
    const again = await target.assess(alice, sealed, '84.208.20.10');
    expect(again.json.reasons.find((r: { feature: string }) => r.feature === 'device').detail).toMatch(/^Known device \(key\)/);
    expect(again.json.decision).toBe('allow');
  });

  it('a token altered to name Alice is refused', async () => {
    const { rightsToken } = await target.signIn(mallory, ALICE_DEVICE, '6.6.6.6');
    const [prefix, claims, signature] = rightsToken.split('.');
    const parsed = JSON.parse(Buffer.from(claims!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = `${prefix}.${Buffer.from(JSON.stringify({ ...parsed, sub: alice })).toString('base64url')}.${signature}`;
    const answer = await access(forged);
    expect(answer.status).toBe(401);
    expect(answer.json.error.code).toBe('rights_token_invalid');
  });
});
