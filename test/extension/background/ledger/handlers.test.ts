// The ledger's handlers through the real router, on the real idb code (fake-indexeddb) and real
// Twofold sites on 127.0.0.1: announcements keyed by the sender's origin, a forged announcement
// recorded under its own origin, UI-only messages refused to content scripts, the merged listing
// (2FA accounts from the vault, fingerprinting observations), rights requests with a dated log,
// withdraw → `twofold:withdraw` on the next announcement, forget, and whole-ledger export.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentScript } from '../background-twin';
import { ledgerBackground as sharedLedgerBackground } from './ledger-background';
import { startTwofoldSite, startWellKnownServer, type TwofoldSite } from './site-twin';

let shop: TwofoldSite;

beforeAll(async () => {
  shop = await startTwofoldSite('shop.example');
});
afterAll(async () => {
  await shop.close();
});

const ledgerBackground = () => sharedLedgerBackground({ prefix: 'ledger' });

describe('ledger.announce (content tier)', () => {
  it('records a verified site under the sender origin with exactly the signed signal ids; the token stays in the background', async () => {
    const bg = ledgerBackground();
    const { announcement, rightsToken } = await shop.login('ann', 'device-ann');
    const reply = await bg.send({ type: 'ledger.announce', announcement }, contentScript(`${shop.base}/account`));
    expect(reply).toEqual({ recorded: true, withdraw: false });
    const stored = await bg.io.store.getSite(shop.base);
    expect(stored?.rightsToken).toBe(rightsToken);
    const { sites } = await bg.send({ type: 'ledger.list' });
    expect(sites).toHaveLength(1);
    const t = sites[0]!.twofold!;
    expect(t).toMatchObject({
      origin: shop.base,
      site: 'shop.example',
      hasRightsToken: true,
      consent: { state: 'granted', receiptId: announcement.receiptId },
    });
    expect(t.verification).toMatchObject({ verified: true, processors: [{ name: 'Hosted2FA Ltd', purpose: 'two-factor authentication' }] });
    expect(t.signals.map((s) => s.id).sort()).toEqual(['automation', 'device-id', 'languages', 'time-zone', 'user-agent', 'visitor-id']);
    expect(JSON.stringify(sites)).not.toContain(rightsToken);
  });

  it('keys a forged announcement for another site by the forging origin, unverified', async () => {
    const bg = ledgerBackground();
    const { announcement } = await shop.login('bo', 'device-bo');
    const real = await (await fetch(`${shop.base}/.well-known/twofold.json`)).json();
    const forger = await startWellKnownServer(real); // even proxying the real site's well-known
    try {
      const forgerHost = forger.base.replace('127.0.0.1', 'localhost');
      await bg.send({ type: 'ledger.announce', announcement }, contentScript(`${forgerHost}/promo`));
      await bg.send({ type: 'ledger.announce', announcement: { ...announcement, origin: forger.base } }, contentScript(`${forger.base}/x`));
      expect(await bg.io.store.getSite(shop.base)).toBeUndefined();
      const forged = await bg.io.store.getSite(forgerHost);
      expect(forged).toMatchObject({ origin: forgerHost, site: 'shop.example', verification: { verified: false } });
      expect((await bg.io.store.getSite(forger.base))?.verification).toMatchObject({ verified: false, reason: 'origin-mismatch' });
      // An unverified page never gets a rights token stored, so nothing can be sent...
      expect(forged?.rightsToken).toBeUndefined();
      await expect(bg.send({ type: 'ledger.erase', origin: forger.base })).rejects.toMatchObject({ code: 'no_rights_token' });
      // ...and even with one planted, its well-known names the real site's rights endpoint: refused.
      await bg.io.store.putSite({ ...(await bg.io.store.getSite(forger.base))!, rightsToken: 'rt1.planted' });
      await expect(bg.send({ type: 'ledger.erase', origin: forger.base })).rejects.toMatchObject({ code: 'unverified_endpoint' });
      expect(await shop.store.countRows({ deviceId: 'device-bo' })).toBeGreaterThan(0);
    } finally {
      await forger.close();
    }
  });

  it('refuses announcements from extension pages and invalid payloads; content scripts cannot read the ledger', async () => {
    const bg = ledgerBackground();
    const { announcement } = await shop.login('cy', 'device-cy');
    await expect(bg.send({ type: 'ledger.announce', announcement })).rejects.toMatchObject({ code: 'not_a_page' });
    const bad = await bg.raw({ type: 'ledger.announce', announcement: { ...announcement, v: 2 } }, contentScript(`${shop.base}/`));
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    for (const type of ['ledger.list', 'ledger.exportAll', 'ledger.access', 'ledger.erase', 'ledger.forget'] as const) {
      expect(await bg.raw({ type, origin: shop.base, format: 'json' }, contentScript(`${shop.base}/`))).toBeUndefined();
    }
    expect(await bg.io.store.listSites()).toEqual([]);
  });
});

describe('ledger rights actions (UI tier)', () => {
  it('exports the site\'s JSON, marks a login "not me", erases (0 rows left) and logs every request', async () => {
    const bg = ledgerBackground();
    const { announcement } = await shop.login('dora', 'device-dora');
    await bg.send({ type: 'ledger.announce', announcement }, contentScript(`${shop.base}/account`));
    const access = await bg.send({ type: 'ledger.access', origin: shop.base });
    expect(access.log).toMatchObject({ action: 'access', ok: true, status: 200 });
    expect(access.data).toMatchObject({ subject: { deviceId: 'device-dora' }, collections: [{ receiptId: announcement.receiptId }] });
    expect(access.logins).toHaveLength(1);
    const notMe = await bg.send({ type: 'ledger.notMe', origin: shop.base, loginId: access.logins[0]!.id });
    expect(notMe.log).toMatchObject({ action: 'rectify', ok: true });
    expect(await shop.store.lastSuccess('dora')).toBeUndefined();
    expect(await shop.store.countRows({ deviceId: 'device-dora' })).toBeGreaterThan(0);
    const erase = await bg.send({ type: 'ledger.erase', origin: shop.base });
    expect(erase.log).toMatchObject({ action: 'erase', ok: true });
    expect(erase.log.confirmationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await shop.store.countRows({ deviceId: 'device-dora' })).toBe(0);
    // The spent token is dropped; a second erase says why it cannot be sent.
    await expect(bg.send({ type: 'ledger.erase', origin: shop.base })).rejects.toMatchObject({ code: 'no_rights_token' });
    const { sites } = await bg.send({ type: 'ledger.list' });
    expect(sites[0]!.requests.map((r) => r.action)).toEqual(['access', 'rectify', 'erase']);
    expect(sites[0]!.twofold!.hasRightsToken).toBe(false);
  });

  it("logs a refused request with the site's message", async () => {
    const bg = ledgerBackground();
    const { announcement, rightsToken } = await shop.login('eli', 'device-eli');
    await bg.send({ type: 'ledger.announce', announcement }, contentScript(`${shop.base}/account`));
    await fetch(`${shop.base}/twofold/rights/erase`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: rightsToken }),
    });
    const access = await bg.send({ type: 'ledger.access', origin: shop.base });
    expect(access.log).toMatchObject({ ok: false, status: 409 });
    expect(access.log.summary).toMatch(/already used/);
    expect(access.data).toBeUndefined();
  });

  it('withdraw: erases, then asks the content script to tell the SDK until it reports the withdrawal', async () => {
    const bg = ledgerBackground();
    const { announcement } = await shop.login('fay', 'device-fay');
    const page = contentScript(`${shop.base}/account`);
    await bg.send({ type: 'ledger.announce', announcement }, page);
    const withdraw = await bg.send({ type: 'ledger.withdraw', origin: shop.base });
    expect(withdraw.log).toMatchObject({ action: 'withdraw', ok: true });
    expect(await shop.store.countRows({ deviceId: 'device-fay' })).toBe(0);
    expect(await bg.send({ type: 'ledger.announce', announcement }, page)).toEqual({ recorded: true, withdraw: true });
    expect((await bg.io.store.getSite(shop.base))?.consent.state).toBe('withdraw-pending');
    const withdrawn = { ...announcement, consent: 'withdrawn' as const, withdrawnAt: new Date().toISOString(), collectedAt: null };
    expect(await bg.send({ type: 'ledger.announce', announcement: withdrawn }, page)).toEqual({ recorded: true, withdraw: false });
    expect((await bg.io.store.getSite(shop.base))?.consent.state).toBe('withdrawn');
  });

  it('forget removes the local record, its log and its fingerprinting observations only', async () => {
    const bg = ledgerBackground();
    const { announcement } = await shop.login('gus', 'device-gus');
    const page = contentScript(`${shop.base}/account`);
    await bg.send({ type: 'ledger.announce', announcement }, page);
    await bg.send(
      {
        type: 'ledger.fingerprintObserved',
        batch: { v: 1, observations: [{ kind: 'canvas-readback', scriptOrigin: 'https://cdn.fp.test', count: 2, apis: ['toDataURL'] }] },
      },
      page,
    );
    await bg.send({ type: 'ledger.access', origin: shop.base });
    const { removed } = await bg.send({ type: 'ledger.forget', origin: shop.base });
    expect(removed).toBe(3);
    expect((await bg.send({ type: 'ledger.list' })).sites).toEqual([]);
    expect(await shop.store.countRows({ deviceId: 'device-gus' })).toBeGreaterThan(0);
  });
});

describe('ledger.list and export', () => {
  it('merges 2FA accounts (names only, vault unlocked) and fingerprinting; exports JSON and CSV without the token', async () => {
    const bg = ledgerBackground();
    const { announcement, rightsToken } = await shop.login('hal', 'device-hal');
    const page = contentScript(`${shop.base}/account`);
    await bg.send({ type: 'ledger.announce', announcement }, page);
    expect((await bg.send({ type: 'ledger.list' })).vault).toBe('none');
    await bg.send({ type: 'vault.create', passphrase: 'correct horse battery' });
    await bg.send({ type: 'accounts.addUri', uri: 'otpauth://totp/Shop:hal?secret=JBSWY3DPEHPK3PXP&issuer=Shop' });
    const added = await bg.send({ type: 'accounts.addUri', uri: 'otpauth://totp/Mail:hal?secret=KRSXG5CTMVRXEZLU&issuer=Mail' });
    const shopAccount = (await bg.send({ type: 'accounts.list' })).accounts.find((a) => a.issuer === 'Shop')!;
    await bg.send({ type: 'accounts.update', id: shopAccount.id, sites: ['127.0.0.1'] });
    await bg.send({ type: 'accounts.update', id: added.account.id, sites: ['mail.example'] });
    await bg.send(
      {
        type: 'ledger.fingerprintObserved',
        batch: { v: 1, observations: [{ kind: 'webgl-renderer', scriptOrigin: 'https://cdn.fp.test', count: 1, apis: ['getParameter'] }] },
      },
      contentScript('https://news.example/'),
    );

    const listing = await bg.send({ type: 'ledger.list' });
    expect(listing.vault).toBe('unlocked');
    const byKey = new Map(listing.sites.map((s) => [s.key, s]));
    expect(byKey.get(shop.base)!.accounts).toEqual([{ issuer: 'Shop', label: 'hal' }]);
    expect(byKey.get('site:mail.example')!.accounts).toEqual([{ issuer: 'Mail', label: 'hal' }]);
    expect(byKey.get('https://news.example')!.fingerprinting[0]).toMatchObject({ scriptOrigin: 'https://cdn.fp.test', party: 'third-party' });
    expect(JSON.stringify(listing)).not.toMatch(/JBSWY3DPEHPK3PXP|KRSXG5CTMVRXEZLU/);

    const json = await bg.send({ type: 'ledger.exportAll', format: 'json' });
    expect(json.fileName).toMatch(/^twofold-ledger-\d{4}-\d{2}-\d{2}\.json$/);
    const parsed = JSON.parse(json.text);
    expect(parsed).toMatchObject({ format: 'twofold-ledger', version: 1 });
    expect(parsed.sites).toHaveLength(3);
    expect(json.text).not.toContain(rightsToken);
    const csv = await bg.send({ type: 'ledger.exportAll', format: 'csv' });
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^site,origin,claimed_site,verified,/);
    expect(csv.text).not.toContain(rightsToken);
    expect(lines.find((l) => l.startsWith('127.0.0.1:'))).toMatch(/,true,verified,Shop AS,Hosted2FA Ltd,granted,/);
  });
});
