// A rights token's id is registered in the write of the login it comes with (recordOutcome →
// RiskStore.recordLoginUnlessObjected's `issue`). What a lying client (the site's server relaying an
// attempt token it got from the browser) could try against that: replay one attempt token many
// times at once for several tokens, alter the attempt token to record someone else's login, or get a
// token for a login that is never stored. On the in-memory twin, SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealReport } from '../../../../sdk/protocol/seal';
import { createTwofoldService, type TwofoldService } from '../../../../sdk/server/http';
import { rightsTokenNonce } from '../../../../sdk/server/rights';
import type { SiteKeys } from '../../../../sdk/server/keys';
import { generateSiteKeys } from '../../../../sdk/server/seal';
import type { IssueNonce, Store } from '../../../../sdk/server/store/types';
import { storeBackends } from '../helpers/backends';
import { notingIssues } from '../helpers/noting-issues';
import { sampleReport } from '../helpers/report';

const SITE = 'example.com';
const unique = (s: string) => `${s}-${Math.random().toString(36).slice(2, 10)}`;
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string };

describe.each(storeBackends('twofold_attack_record_rights', { memory: true }))('attack: rights tokens made at record, on %s', (_name, open) => {
  // One store and service per backend (a PostgreSQL store takes seconds to open on a loaded machine); every test uses a fresh account and device.
  let store: Store;
  let service: TwofoldService;
  let keys: SiteKeys;
  const issued: IssueNonce[] = [];
  beforeAll(async () => {
    store = await open();
    keys = await generateSiteKeys();
    service = createTwofoldService({ site: SITE, store: notingIssues(store, issued), keys, attemptTokens: true });
  });
  afterAll(async () => {
    await store?.close();
  });
  /** Which of the ids the records asked to register are live now. */
  const live = () => Promise.all(issued.map((i) => store.isNonceLive(i.nonce, Date.now())));

  /** One assessed attempt of a fresh account on a fresh device; forgets the ids earlier tests asked for. */
  async function setUp() {
    issued.length = 0;
    const deviceId = unique('device');
    const userId = unique('user');
    const { nonce } = await service.issueNonce();
    const sealed = await sealReport(sampleReport({ deviceId }), { publicKey: keys.publicKey, nonce, site: SITE, origin: `https://${SITE}` });
    const { attemptToken } = await service.assess({ userId, sealed, ip: '192.0.2.40', userAgent: 'x' });
    if (!attemptToken) throw new Error('assess issued no attempt token');
    return { userId, deviceId, attemptToken };
  }

  it('racing replays of one successful attempt token make one rights token: only its id is registered, and it is the one that acts', async () => {
    const { deviceId, attemptToken } = await setUp();
    const answers = await Promise.allSettled(Array.from({ length: 5 }, () => service.recordByToken(attemptToken, 'success')));
    const won = answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    expect(won).toHaveLength(1);
    for (const a of answers) if (a.status === 'rejected') expect(a.reason).toMatchObject({ code: 'attempt_token_used', status: 409 });
    // Every copy asked for its own id; only the winner's write registered one, and it is the handed-out token's.
    expect(issued).toHaveLength(5);
    expect((await live()).filter(Boolean)).toHaveLength(1);
    const winner = won[0]!;
    expect(issued[(await live()).indexOf(true)]!.nonce).toBe(rightsTokenNonce(claimsOf(winner.rightsToken!)));
    expect((await service.access(winner.rightsToken)).logins.map((l) => l.id)).toEqual([winner.loginId]);
    expect((await store.exportSubject({ deviceId })).logins).toHaveLength(1);
  });

  it('an attempt token altered to name another account is refused before any write: no login, no id registered', async () => {
    const { deviceId, attemptToken } = await setUp();
    const [prefix, body, tag] = attemptToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    claims.attempt.userId = 'victim';
    const forged = `${prefix}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${tag}`;
    await expect(service.recordByToken(forged, 'success')).rejects.toMatchObject({ code: 'attempt_token_invalid' });
    expect(issued).toEqual([]);
    expect((await store.exportSubject({ deviceId })).logins).toHaveLength(0);
    expect((await store.exportSubject({ userId: 'victim' })).logins).toHaveLength(0);
  });

  it('a successful login of an objecting account stores nothing, hands out no token and registers no id', async () => {
    const { userId, attemptToken } = await setUp();
    await store.objectSubject({ userId }, Date.now());
    expect(await service.recordByToken(attemptToken, 'success')).toEqual({});
    expect(issued).toHaveLength(1);
    expect(await live()).toEqual([false]);
    await expect(service.recordByToken(attemptToken, 'success')).rejects.toMatchObject({ code: 'attempt_token_used' });
  });
});
