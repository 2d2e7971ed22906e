// Issue 13, "Account oracle": an anonymous POST /twofold/assess {userId} answered for any account
// (earlier sign-ins, seen IPs and user agents, distance from the last sign-in). Against `twofold
// serve` (child process, SQLite and PostgreSQL): without the site's API key the answer is 401 with
// an error only, the same for an account with history as for one that does not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ATTACK_API_KEY,
  ATTACK_ORIGIN,
  ATTACK_SITE,
  attackBackends,
  freshUser,
  removeAttackBundle,
  startAttackTarget,
  type AttackTarget,
} from '../helpers/attack-target';
import { sampleReport } from '../helpers/report';

afterAll(() => removeAttackBundle());

/** Anything that would tell the caller about an account's history. */
const HISTORY = /decision|score|reasons|attemptToken|rightsToken|sign-in|seen|km|never|known|\d+ of \d+/i;

describe.each(attackBackends('twofold_attack_oracle'))('anonymous assess against twofold serve on %s', (_name, prepare) => {
  let target: AttackTarget;
  let cleanup = async () => {};
  const victim = freshUser('oracle-victim');

  beforeAll(async () => {
    const backend = await prepare();
    cleanup = backend.cleanup;
    target = await startAttackTarget(backend.store);
    for (let i = 0; i < 3; i++) await target.signIn(victim, 'oracleVictimDevice-0001', '84.208.20.10');
  }, 90_000);

  afterAll(async () => {
    await target?.stop();
    await cleanup();
  });

  it("the site's server (API key) gets the reasons: the control that shows what an oracle would leak", async () => {
    const answer = await target.assess(victim, undefined, '198.51.100.9');
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.json.reasons)).toMatch(/3 earlier successful sign-ins/);
  });

  it('no key, a wrong or truncated key, another scheme, a rights token: 401 with an error and nothing about the account', async () => {
    const { rightsToken } = await target.signIn(victim, 'oracleVictimDevice-0001', '84.208.20.10');
    const sealed = await target.seal(sampleReport({ site: ATTACK_SITE, origin: ATTACK_ORIGIN }));
    const attempts: Record<string, string>[] = [
      {},
      { authorization: '' },
      { authorization: 'Bearer' },
      { authorization: `Bearer ${ATTACK_API_KEY}x` },
      { authorization: `Bearer ${ATTACK_API_KEY.slice(0, -1)}` },
      { authorization: `Basic ${ATTACK_API_KEY}` },
      { authorization: ATTACK_API_KEY },
      { authorization: `Bearer ${rightsToken}` },
    ];
    for (const headers of attempts) {
      for (const body of [{ userId: victim }, { userId: victim, sealed }, { userId: 'no-such-account' }]) {
        const answer = await target.call('POST', '/twofold/assess', body, { ...headers, 'x-forwarded-for': '84.208.20.10' });
        expect(answer.status, JSON.stringify(headers)).toBe(401);
        expect(Object.keys(answer.json)).toEqual(['error']);
        expect(answer.json.error.code).toBe('unauthorized');
        expect(answer.text).not.toMatch(HISTORY);
        expect(answer.text).not.toContain(victim);
      }
    }
  });

  it('answers an account with history exactly as one that does not exist', async () => {
    const known = await target.call('POST', '/twofold/assess', { userId: victim });
    const unknown = await target.call('POST', '/twofold/assess', { userId: freshUser('nobody') });
    expect(known.status).toBe(401);
    expect(known.text).toBe(unknown.text);
  });

  it('record needs the key too, and the sealed report of a refused call is not spent', async () => {
    const sealed = await target.seal(sampleReport({ site: ATTACK_SITE, origin: ATTACK_ORIGIN }));
    expect((await target.call('POST', '/twofold/assess', { userId: victim, sealed })).status).toBe(401);
    expect((await target.call('POST', '/twofold/record', { attemptToken: 'at1.x.y', outcome: 'success' })).status).toBe(401);
    // Refused before the body was read: the site's own call with that report still goes through.
    expect((await target.assess(victim, sealed, '84.208.20.10')).status).toBe(200);
  });
});
