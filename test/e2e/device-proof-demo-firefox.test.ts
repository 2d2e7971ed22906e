// "Was this you?" in the demo, in Firefox ESR (puppeteer-core over WebDriver BiDi, built SDK): the
// Chromium test's story in one browser launch with two private contexts (two profiles). Ada enrols
// TOTP in the "laptop" context; someone with her password and a code signs in from the other. Back
// on the laptop the account page shows "New sign-in from Firefox <n> on <OS>"; "This wasn't me"
// marks that login not-me, unbinds its device key and ends its session; the laptop, signing in
// again, is remembered by its own key.
//
// A person's Firefox has navigator.webdriver false; under WebDriver BiDi it is true whatever the
// prefs, so an init script puts it back to false in each profile's pages, as the Chromium test's
// --disable-blink-features=AutomationControlled does: the automation rule then does not decide.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoginApp, type LoginApp } from '../../demo/app/index';
import { generateTotp } from '../../sdk/server/totp';
import { FIREFOX_PATH, hasBrowser } from './helpers/extension';
import { sdkPages } from './helpers/sdk-bundle';
import { startTestServer, type TestServer } from './helpers/server';

const dataDir = mkdtempSync(join(tmpdir(), 'twofold-demo-notice-ff-'));
let app: LoginApp;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  app = await createLoginApp({ dataDir, databaseUrl: join(dataDir, 'twofold.sqlite') });
  server = await startTestServer({ handlers: [app.handler], pages: await sdkPages() });
  browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    headless: true,
    executablePath: FIREFOX_PATH,
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A page in a fresh private context (its own storage: another profile), looking like a person's browser. */
async function personPage(): Promise<Page> {
  const page = await (await browser.createBrowserContext()).newPage();
  await page.evaluateOnNewDocument("Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false, configurable: true });");
  return page;
}
const text = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '');
/** Submits a form by its button and waits for the page it leads to. */
async function submit(page: Page, button: string) {
  await Promise.all([page.waitForNavigation(), page.click(button)]);
}
async function fillCredentials(page: Page) {
  await page.type('input[name=username]', 'ada');
  await page.type('input[name=password]', 'correct horse battery');
}
/** The password step from a fresh profile: the consent banner's Accept (in its shadow root), then the form. */
async function passwordStep(page: Page) {
  await page.goto(server.url('/login'));
  const accept = await page.waitForFunction(() => {
    for (const host of document.querySelectorAll('*'))
      for (const button of host.shadowRoot?.querySelectorAll('button') ?? []) if (button.textContent === 'Accept') return button;
    return undefined;
  });
  await (accept as ElementHandle<HTMLButtonElement>).click();
  await page.waitForFunction(() => document.getElementById('consent-state')?.textContent === 'granted');
  await fillCredentials(page);
  await submit(page, '#login-form button[type=submit]');
}

describe.skipIf(!hasBrowser('firefox'))('"was this you?" in the demo (Firefox)', () => {
  it('shows the new sign-in on the other device; "This wasn\'t me" revokes its key and ends its session', async () => {
    const laptop = await personPage();
    await laptop.goto(server.url('/signup'));
    await fillCredentials(laptop);
    await submit(laptop, '#signup-form button[type=submit]');
    expect(laptop.url()).toMatch(/\/login\?registered=1$/);
    await passwordStep(laptop);
    expect(laptop.url()).toMatch(/\/enroll$/);
    const secret = new URL(await text(laptop, '#otpauth-uri')).searchParams.get('secret')!;
    await laptop.type('input[name=code]', await generateTotp(secret));
    await submit(laptop, '#totp-form button[type=submit]');
    expect(laptop.url()).toMatch(/\/account$/);
    expect(await laptop.$$('.new-sign-in')).toHaveLength(0);
    const [ownKey] = await app.twofold.service.listDeviceKeys('ada');
    expect(ownKey).toBeDefined();

    // The other profile: password and the next time step's code (the laptop's code is spent).
    const intruder = await personPage();
    await passwordStep(intruder);
    expect(intruder.url()).toMatch(/\/2fa$/);
    expect(await text(intruder, '#decision')).toBe('challenge');
    await intruder.type('input[name=code]', await generateTotp(secret, { now: Date.now() + 30_000 }));
    await submit(intruder, '#totp-form button[type=submit]');
    expect(intruder.url()).toMatch(/\/account$/);
    expect(await app.twofold.service.listDeviceKeys('ada')).toHaveLength(2);

    await laptop.reload();
    expect(await laptop.$$('.new-sign-in')).toHaveLength(1);
    expect(await text(laptop, '.new-sign-in')).toMatch(/New sign-in from Firefox \d+ on \w+/);
    await submit(laptop, '.new-sign-in button.not-me');
    expect(laptop.url()).toMatch(/\/account$/);
    expect(await laptop.$$('.new-sign-in')).toHaveLength(0);

    // The intruder's key is unbound, their login no longer vouches, their session is over.
    expect(await app.twofold.service.listDeviceKeys('ada')).toEqual([ownKey]);
    expect((await app.store.readProfile('ada', [])).userLogins).toBe(1);
    await intruder.goto(server.url('/account'));
    expect(intruder.url()).toMatch(/\/login$/);

    // The laptop, signing in again, is remembered by its key: no second factor.
    await submit(laptop, '#logout');
    expect(laptop.url()).toMatch(/\/login$/);
    await fillCredentials(laptop);
    await submit(laptop, '#login-form button[type=submit]');
    expect(laptop.url()).toMatch(/\/account$/);
    expect(await text(laptop, '#decision')).toBe('allow');
    const reasons = await text(laptop, '#reasons');
    expect(reasons).toMatch(/Known device \(key\)/);
    // The real SDK's report agrees with its browser (no consistency reason fires) and its screen and
    // hardware are read as traits of the account's device.
    expect(reasons).toMatch(/Device traits seen before for this account/);
    expect(reasons).not.toMatch(/device report was made in|device report says|reports no touch screen|clock runs on/);
  });
});
