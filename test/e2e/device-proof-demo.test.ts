// Issue 14, "Was this you?" in the demo (Chromium, built SDK): Ada enrols TOTP on her laptop; someone
// with her password and a code signs in from another browser profile. Back on the laptop, the
// account page shows "New sign-in from <browser> on <OS>"; "This wasn't me" marks that login not-me,
// unbinds its device key and ends its session. Her own device key stays bound: signing in again
// from the laptop is allowed with "Known device (key)".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoginApp, type LoginApp } from '../../demo/app/index';
import { generateTotp } from '../../sdk/server/totp';
import { hasChromium, launchChromium, personLikeContext } from './helpers/chromium';
import { sdkPages } from './helpers/sdk-bundle';
import { startTestServer, type TestServer } from './helpers/server';

const dataDir = mkdtempSync(join(tmpdir(), 'twofold-demo-notice-'));
let app: LoginApp;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  app = await createLoginApp({ dataDir, databaseUrl: join(dataDir, 'twofold.sqlite') });
  server = await startTestServer({ handlers: [app.handler], pages: await sdkPages() });
  browser = await launchChromium({ args: ['--disable-blink-features=AutomationControlled'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function passwordStep(page: Page) {
  await page.goto(server.url('/login'));
  await page.getByRole('button', { name: 'Accept' }).click();
  await page.getByLabel('Username').fill('ada');
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe.skipIf(!hasChromium())('"was this you?" in the demo (Chromium)', () => {
  it('shows the new sign-in on the other device; "This wasn\'t me" revokes its key and ends its session', async () => {
    const laptop = await (await personLikeContext(browser)).newPage();
    await laptop.goto(server.url('/signup'));
    await laptop.getByLabel('Username').fill('ada');
    await laptop.getByLabel(/^Password/).fill('correct horse battery');
    await laptop.getByRole('button', { name: 'Create account' }).click();
    await laptop.waitForURL(/\/login\?registered=1$/);
    await passwordStep(laptop);
    await laptop.waitForURL(/\/enroll$/);
    const secret = new URL((await laptop.locator('#otpauth-uri').textContent())!).searchParams.get('secret')!;
    await laptop.getByLabel('Authentication code').fill(await generateTotp(secret));
    await laptop.getByRole('button', { name: /Verify/ }).click();
    await laptop.waitForURL(/\/account$/);
    // Her own sign-in is no notice to herself.
    expect(await laptop.locator('.new-sign-in').count()).toBe(0);
    const [ownKey] = await app.twofold.service.listDeviceKeys('ada');
    expect(ownKey).toBeDefined();

    // Another profile with the password and a code (the next time step: the laptop's code is spent).
    const intruder = await (await personLikeContext(browser)).newPage();
    await passwordStep(intruder);
    await intruder.waitForURL(/\/2fa$/);
    expect(await intruder.locator('#decision').textContent()).toBe('challenge');
    await intruder.getByLabel('Authentication code').fill(await generateTotp(secret, { now: Date.now() + 30_000 }));
    await intruder.getByRole('button', { name: /Verify/ }).click();
    await intruder.waitForURL(/\/account$/);
    expect(await app.twofold.service.listDeviceKeys('ada')).toHaveLength(2);

    await laptop.reload();
    const notice = laptop.locator('.new-sign-in');
    expect(await notice.count()).toBe(1);
    expect(await notice.textContent()).toMatch(/New sign-in from Chrome \d+ on Linux/);
    await notice.getByRole('button', { name: "This wasn't me" }).click();
    await laptop.waitForURL(/\/account$/);
    expect(await laptop.locator('.new-sign-in').count()).toBe(0);

    // The intruder's key is unbound, their login no longer vouches, their session is over.
    expect(await app.twofold.service.listDeviceKeys('ada')).toEqual([ownKey]);
    const logins = (await app.store.exportSubject({ userId: 'ada' })).logins;
    expect(logins.filter((l) => l.outcome === 'success')).toHaveLength(2);
    expect((await app.store.readProfile('ada', [])).userLogins).toBe(1);
    await intruder.goto(server.url('/account'));
    expect(intruder.url()).toMatch(/\/login$/);

    // The laptop, signing in again, is remembered by its key: no second factor.
    await laptop.getByRole('button', { name: 'Sign out' }).click();
    await laptop.waitForURL(/\/login$/);
    await laptop.getByLabel('Username').fill('ada');
    await laptop.getByLabel('Password').fill('correct horse battery');
    await laptop.getByRole('button', { name: 'Sign in' }).click();
    await laptop.waitForURL(/\/account$/);
    expect(await laptop.locator('#decision').textContent()).toBe('allow');
    const reasons = (await laptop.locator('#reasons li').allTextContents()).join('\n');
    expect(reasons).toMatch(/Known device \(key\)/);
    // The real SDK's report agrees with its browser (no consistency reason fires) and its screen and
    // hardware are read as traits of the account's device.
    expect(reasons).toMatch(/Device traits seen before for this account/);
    expect(reasons).not.toMatch(/device report was made in|device report says|reports no touch screen|clock runs on/);
  });
});
