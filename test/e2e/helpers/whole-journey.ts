/**
 * The product's acceptance test, written once and run per browser
 * (journey-chromium.test.ts, journey-firefox.test.ts): the real demo server (demo/server.ts's
 * handlers + the login app on an embedded SQLite file in a temporary directory, ephemeral port) and
 * the built extension, driven like a person would:
 *   sign up → consent banner → Accept → sign-in from a new device is challenged with reasons →
 *   enrol TOTP by scanning the page's QR code with the extension → the extension fills the code
 *   (inline suggestion click) → signed in → the same device again is allowed without a challenge →
 *   the ledger lists the demo site verified with exactly the stored signal ids and the 2FA account →
 *   "Erase my data" in the ledger → zero rows for the device in the store →
 *   the next sign-in is a new device again, and the extension fills the 2FA page.
 * Refusal path: Decline → nothing collected (every surface instrumented) → the site's policy
 * applies: challenge by default, deny when the site is configured so. It runs before the journey's
 * last sign-in, which must wait for the next TOTP step (up to 30 s) anyway.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../demo/app/passwords';
import { startDemoUnderTest, type DemoUnderTest } from './demo-under-test';
import { INSTRUMENT_SCRIPT } from './instrument';
import type { LedgerListing } from '../../../extension/ledger-view';
import type { JourneyBrowser, JourneyPage } from './journey-browsers';
import { message } from './extension';
import { refreshDocsScreenshots } from './docs-screenshots';
import { REPO_ROOT as repoRoot } from './sdk-bundle';
import { clickBannerButton, fillCodeWithExtension, path, signIn, signOutAndIn, waitUntil } from './journey-steps';

/** Screenshots for the README (docs/screenshots, checked in) come from the Chromium run of `npm run screenshots`. */
const SHOTS = join(repoRoot, 'docs', 'screenshots');

const texts = (page: JourneyPage, selector: string) => page.evaluate((sel) => [...document.querySelectorAll(sel)].map((n) => n.textContent ?? ''), selector);

/** Registers the whole journey for one browser. */
export function wholeJourney(launch: () => Promise<JourneyBrowser>): void {
  let browser: JourneyBrowser;
  let demo: DemoUnderTest;
  let extension: JourneyPage;
  let shot: (page: JourneyPage, name: string) => Promise<void>;
  /**
   * The demo tab signed in as ada and the TOTP step its enrolment used. Her next sign-in needs the
   * next step's code, so that case runs after the refusal path, which spends part of the wait.
   */
  let adaTab: JourneyPage | undefined;
  let enrolStep = 0;

  beforeAll(async () => {
    demo = await startDemoUnderTest();
    browser = await launch();
    const dir = browser.name === 'chromium' && refreshDocsScreenshots ? SHOTS : join(repoRoot, 'dist', 'screenshots');
    mkdirSync(dir, { recursive: true });
    shot = (page, name) => page.screenshot(join(dir, browser.name === 'chromium' ? `${name}.png` : `${name}-${browser.name}.png`));
    extension = await browser.newPage();
    await extension.open('popup.html');
    await message(extension, { type: 'vault.create', passphrase: 'whole journey passphrase' });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('sign up → consent → challenged → QR enrolment by the extension → filled code → allowed → erase', async () => {
    const site = await browser.newPage();
    await site.goto(`${demo.origin}/signup`);
    await site.fill('input[name=username]', 'ada');
    await site.fill('input[name=password]', 'correct horse battery');
    await site.click('#signup-form button[type=submit]');
    await waitUntil(
      () => path(site),
      (p) => p === '/login?registered=1',
      'the sign-in page',
    );

    // Consent banner → Accept.
    await clickBannerButton(site, 'Accept');
    await waitUntil(
      () => site.text('#consent-state'),
      (t) => t === 'granted',
      'consent granted',
    );

    // A new device: challenged, with reasons, and offered TOTP enrolment.
    await signIn(site, 'ada', 'correct horse battery');
    await waitUntil(
      () => path(site),
      (p) => p === '/enroll',
      'the enrolment page',
    );
    expect(await site.text('#decision')).toBe('challenge');
    const reasons = await texts(site, '#reasons li');
    expect(reasons.join('\n')).toMatch(/New device/);
    await shot(site, 'demo-login-risk-reasons');

    // The extension scans the QR code visible in the tab; the account is bound to the tab's site.
    await site.evaluate(() => document.getElementById('qr')!.scrollIntoView({ block: 'center' }), undefined);
    await site.bringToFront();
    const windowId = await extension.evaluate(async (origin) => {
      type Tabs = { tabs: { query(q: object): Promise<{ url?: string; windowId: number }[]> } };
      const g = globalThis as unknown as { browser?: Tabs; chrome: Tabs };
      return (await (g.browser ?? g.chrome).tabs.query({})).find((t) => t.url?.startsWith(origin))?.windowId ?? -1;
    }, demo.origin);
    const { account } = await message<{ account: { issuer: string; label: string; sites: string[] } }>(extension, { type: 'accounts.scanQr', windowId });
    expect(account).toMatchObject({ issuer: 'Twofold demo', sites: ['127.0.0.1'] });

    // The enrolment form's code field: the extension offers the account inline; a click fills.
    await fillCodeWithExtension(site, 'input[name=code]');
    enrolStep = Math.floor(Date.now() / 30_000);
    await site.click('#totp-form button[type=submit]');
    await waitUntil(
      () => path(site),
      (p) => p === '/account',
      'the account page',
    );
    expect(await site.text('#via')).toMatch(/two-factor/);
    expect(await site.text('#totp-state')).toBe('on');

    await extension.resize(360, 240);
    await extension.open('popup.html');
    await extension.waitFor('li.account .code[data-code]');
    await shot(extension, 'popup');
    await extension.resize(1280, 800);

    // Same device again: allowed without a challenge.
    await signOutAndIn(site, 'ada', 'correct horse battery', '/account');
    expect(await site.text('#decision')).toBe('allow');
    expect(await site.text('#via')).toMatch(/without a challenge/);

    // The store knows this device and the exact signal ids it collected.
    const logins = (await demo.app.store.exportSubject({ userId: 'ada' })).logins;
    const deviceId = logins.find((l) => l.deviceId)?.deviceId;
    expect(deviceId).toBeTruthy();
    expect(await demo.app.store.countRows({ deviceId: deviceId! })).toBeGreaterThan(0);
    const storedIds = [...(await demo.app.store.exportSubject({ deviceId: deviceId! })).collections.at(-1)!.signals].sort();
    expect(storedIds.length).toBeGreaterThan(3);

    // The ledger lists the demo site (keyed by its real origin) verified, with exactly those
    // signals, and the 2FA account the extension holds for it.
    const card = `[data-testid=ledger-site][data-origin="${demo.origin}"]`;
    const listed = () => message<LedgerListing>(extension, { type: 'ledger.list' }).then((l) => l.sites.find((x) => x.key === demo.origin));
    const row = (await waitUntil(listed, (r) => r?.twofold?.verification.verified === true, 'the verified ledger entry'))!;
    expect(row.twofold!.signals.map((x) => x.id).sort()).toEqual(storedIds);
    expect(row.accounts).toEqual([{ issuer: 'Twofold demo', label: 'ada' }]);
    await extension.open('ledger.html');
    await waitUntil(
      () => extension.attribute(`${card} [data-testid=verified]`, 'data-verified'),
      (v) => v === 'true',
      'the verified badge',
    );
    const shownIds = await extension.evaluate(
      (sel) => [...document.querySelectorAll(`${sel} [data-testid=signals] code`)].map((c) => c.textContent ?? '').sort(),
      card,
    );
    expect(shownIds).toEqual(storedIds);
    expect(await extension.text(`${card} [data-testid=accounts]`)).toContain('Twofold demo (ada)');
    await shot(extension, 'ledger');

    // "Erase my data" in the ledger: the site's rights endpoint erases every row for this device.
    await extension.click(`${card} [data-testid=erase-data]`);
    await extension.click(`${card} [data-testid=confirm]`);
    await waitUntil(
      () => extension.text(`${card} [data-testid=site-status]`),
      (t) => /0 left/.test(t),
      'the erase confirmation',
    );
    expect(await demo.app.store.countRows({ deviceId: deviceId! })).toBe(0);
    adaTab = site;
  });

  describe('refusal path', () => {
    /** Declines the banner on an instrumented page and signs in; returns what the page touched. */
    async function declineAndSignIn(origin: string, username: string, server: DemoUnderTest) {
      const page = await browser.newPage();
      const before = server.requests.length;
      await page.addInitScript(INSTRUMENT_SCRIPT);
      await page.goto(`${origin}/login`);
      await clickBannerButton(page, 'Decline');
      await waitUntil(
        () => page.text('#consent-state'),
        (t) => t === 'denied',
        'consent denied',
      );
      await new Promise((r) => setTimeout(r, 300)); // let any (wrongly) scheduled collection start
      const touched = await page.evaluate(() => ({ ...(window as unknown as { __twofoldTouches: Record<string, number> }).__twofoldTouches }), undefined);
      await signIn(page, username, 'the right password');
      // The server saw the page, the SDK script and the form, and no nonce request (nothing was sealed).
      const sent = await waitUntil(
        async () => server.requests.slice(before),
        (r) => r.includes('POST /login'),
        'the sign-in request',
      );
      expect(sent.filter((r) => r.includes('/twofold/'))).toEqual([]);
      return { page, touched };
    }

    /** Banner mode may read and write its one remembered-choice entry; nothing else. */
    const BANNER_CHOICE_ONLY = ['localStorage:get', 'storage.getItem', 'storage.setItem'];

    it('decline → nothing collected → the default policy challenges', async () => {
      await demo.app.users.create('bea', await hashPassword('the right password'));
      // `localhost`, not 127.0.0.1: a fresh origin, so the Accept given above is not remembered here.
      const { page, touched } = await declineAndSignIn(`http://localhost:${demo.port}`, 'bea', demo);
      expect(Object.keys(touched).filter((k) => !BANNER_CHOICE_ONLY.includes(k))).toEqual([]);
      expect(touched['storage.setItem'] ?? 0).toBeLessThanOrEqual(1);
      await waitUntil(
        () => path(page),
        (p) => p === '/enroll',
        'the challenge',
      );
      expect(await page.text('#decision')).toBe('challenge');
      expect((await texts(page, '#reasons li')).join('\n')).toMatch(/consent/i);
      const bea = await demo.app.store.exportSubject({ userId: 'bea' });
      expect(bea.collections).toEqual([]);
      expect(bea.logins.every((l) => !l.deviceId && !l.visitorId)).toBe(true);
      await page.close();
    });

    it('decline → the site configured "no consent, no login" denies', async () => {
      const strict = await startDemoUnderTest({ policy: { onConsentRefused: 'deny' } });
      try {
        await strict.app.users.create('cy', await hashPassword('the right password'));
        const { page, touched } = await declineAndSignIn(strict.origin, 'cy', strict);
        expect(Object.keys(touched).filter((k) => !BANNER_CHOICE_ONLY.includes(k))).toEqual([]);
        await waitUntil(
          () => page.text('h1'),
          (t) => t === 'Sign-in refused',
          'the refusal',
        );
        expect(await page.text('#decision')).toBe('deny');
        expect((await strict.app.store.exportSubject({ userId: 'cy' })).collections).toEqual([]);
        await page.close();
      } finally {
        await strict.close();
      }
    });
  });

  it("after the erase: the next sign-in is a new device again, and the extension fills the 2FA page with the next step's code", async () => {
    if (!adaTab) throw new Error('the first case did not reach the erase');
    const site = adaTab;
    // Next sign-in: a new device again → the 2FA page, filled by the extension.
    await signOutAndIn(site, 'ada', 'correct horse battery', '/2fa');
    expect(await site.text('#decision')).toBe('challenge');
    expect((await texts(site, '#reasons li')).join('\n')).toMatch(/New device/);
    // RFC 6238 §5.2: the site refuses a code of a time step it already accepted, so wait for the next step.
    while (Math.floor(Date.now() / 30_000) <= enrolStep) await new Promise((r) => setTimeout(r, 250));
    await fillCodeWithExtension(site, 'input[name=code]');
    await site.click('#totp-form button[type=submit]');
    await waitUntil(
      () => path(site),
      (p) => p === '/account',
      'the account page',
    );
    expect(await site.text('#via')).toMatch(/two-factor/);
    await site.close();
  });
}

/** Describes the journey for `name`, skipped when that browser is not installed. */
export function describeWholeJourney(name: 'chromium' | 'firefox', available: boolean, launch: () => Promise<JourneyBrowser>): void {
  describe.skipIf(!available)(`the whole journey with the extension loaded (${name})`, () => wholeJourney(launch));
}
