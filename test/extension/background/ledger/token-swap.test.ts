// Ledger integrity: any script on a verified site can re-announce with another rights
// token. The token is taken only inside a receipt the site's key signed whose `rth` names it; a
// swap is refused with a typed error, the entry stays byte-identical (token, verdict, receipt) and
// the refusal is logged once in the site's request log; Access then still uses the user's token.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVERIFY_AFTER_MS } from '../../../../extension/background/ledger/entry';
import type { Announcement } from '../../../../sdk/protocol/announce';
import { contentScript } from '../background-twin';
import { ledgerBackground as sharedLedgerBackground } from './ledger-background';
import { nodeFetch } from './site-twin';
import { startSignedSite, type SignedSite } from './signed-site';

let bank: SignedSite;
const MINE = 'rt1.the-users-own-token';
const THEIRS = 'rt1.token-for-the-attackers-device';

beforeAll(async () => {
  bank = await startSignedSite('bank.example');
});
afterAll(async () => {
  await bank.close();
});

function ledgerBackground(clock = { now: Date.now() }) {
  const fetches: string[] = [];
  const bg = sharedLedgerBackground({
    prefix: 'swap',
    now: () => clock.now,
    fetch: (url, init) => {
      fetches.push(url);
      return nodeFetch(url, init);
    },
  });
  const { send } = bg;
  const page = () => contentScript(`${bank.base}/account`);
  const announce = (announcement: Announcement) => send({ type: 'ledger.announce', announcement }, page());
  return { ...bg, fetches, clock, announce };
}

async function verifiedWithMyToken() {
  const bg = ledgerBackground();
  expect(await bg.announce(await bank.announcement('rcpt-login-0001', MINE))).toEqual({ recorded: true, withdraw: false });
  const entry = await bg.io.store.getSite(bank.base);
  expect(entry).toMatchObject({ rightsToken: MINE, verification: { verified: true } });
  return { bg, entry: JSON.stringify(entry) };
}

describe('a rights token only inside a receipt the site signed', () => {
  it('refuses every way of swapping the token on a verified entry; the entry is unchanged and the refusal logged once', async () => {
    const { bg, entry } = await verifiedWithMyToken();
    const genuine = await bank.announcement('rcpt-login-0001', MINE);
    const swaps: [string, Announcement][] = [
      ['the same verified receipt, another token', { ...genuine, rightsToken: THEIRS }],
      ['no signature', await bank.announcement('rcpt-login-0001', THEIRS, null)],
      ['a new receipt signed without rth', await bank.announcement('rcpt-login-0002', THEIRS, await bank.receipt('rcpt-login-0002'))],
      [
        'a new receipt signed for another token',
        await bank.announcement('rcpt-login-0003', THEIRS, await bank.receipt('rcpt-login-0003', { rightsToken: MINE })),
      ],
      ['a forged signature', await bank.announcement('rcpt-login-0004', THEIRS, `rc1.eyJ2IjoxfQ.${'A'.repeat(86)}`)],
    ];
    for (const [label, swap] of swaps) {
      await expect(bg.announce(swap), label).rejects.toMatchObject({ code: 'rights_token_refused' });
      expect(JSON.stringify(await bg.io.store.getSite(bank.base)), label).toBe(entry);
    }
    const log = await bg.io.store.listRequests(bank.base);
    expect(log).toHaveLength(1); // one entry per pause, however often the page tries
    expect(log[0]).toMatchObject({ action: 'token-refused', ok: false, summary: expect.stringMatching(/refused/) });
    const listed = (await bg.send({ type: 'ledger.list' })).sites[0]!;
    expect(listed.requests.map((r) => r.action)).toEqual(['token-refused']);
    expect(JSON.stringify(listed)).not.toContain(THEIRS);

    // Access still acts on the user's own device.
    await bg.send({ type: 'ledger.access', origin: bank.base });
    expect(bank.rightsCalls.at(-1)).toBe(`access ${MINE}`);
  });

  it('logs a later attempt again after the pause', async () => {
    const clock = { now: Date.now() };
    const bg = ledgerBackground(clock);
    await bg.announce(await bank.announcement('rcpt-login-0001', MINE));
    const swap = await bank.announcement('rcpt-login-0001', THEIRS, null);
    await expect(bg.announce(swap)).rejects.toMatchObject({ code: 'rights_token_refused' });
    clock.now += REVERIFY_AFTER_MS;
    await expect(bg.announce(swap)).rejects.toMatchObject({ code: 'rights_token_refused' });
    expect((await bg.io.store.listRequests(bank.base)).map((r) => r.action)).toEqual(['token-refused', 'token-refused']);
  });

  it('re-verifies against a freshly fetched well-known when the token changes, and takes a token its site signed', async () => {
    const { bg } = await verifiedWithMyToken();
    const before = bg.fetches.length;
    const next = await bank.announcement('rcpt-login-0009', 'rt1.after-a-new-sign-in');
    expect(await bg.announce(next)).toEqual({ recorded: true, withdraw: false });
    expect(bg.fetches.length).toBe(before + 1);
    expect(await bg.io.store.getSite(bank.base)).toMatchObject({
      rightsToken: 'rt1.after-a-new-sign-in',
      signedReceipt: next.receiptSignature,
      verification: { verified: true },
    });
    expect(await bg.io.store.listRequests(bank.base)).toEqual([]);
  });

  it('records a first announcement whose token is not covered without the token, and logs it', async () => {
    const bg = ledgerBackground();
    await bg.announce(await bank.announcement('rcpt-first-0001', THEIRS, await bank.receipt('rcpt-first-0001')));
    const entry = await bg.io.store.getSite(bank.base);
    expect(entry).toMatchObject({ verification: { verified: true } });
    expect(entry?.rightsToken).toBeUndefined();
    expect((await bg.io.store.listRequests(bank.base)).map((r) => r.action)).toEqual(['token-refused']);
    await expect(bg.send({ type: 'ledger.erase', origin: bank.base })).rejects.toMatchObject({ code: 'no_rights_token' });
  });
});
