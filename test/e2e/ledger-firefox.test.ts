// The privacy ledger's announcement path in headless Firefox ESR (puppeteer-core, WebDriver BiDi),
// extension installed from dist/firefox, demo login app on loopback: consent → sign in → the
// account page's SDK announces (JSON-string details cross into Firefox's isolated world) → the
// ledger lists the demo verified with the signal ids the server stored; Erase leaves 0 rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoginApp, type LoginApp } from '../../demo/app/index';
import { hashPassword } from '../../demo/app/passwords';
import type { LedgerListing } from '../../extension/ledger-view';
import { generateTotp } from '../../sdk/server/totp';
import { hasBrowser, launchFirefoxWithExtension, type ExtensionBrowser, type ExtensionPage } from './helpers/extension';
import { sdkPages } from './helpers/sdk-bundle';
import { startTestServer, type TestServer } from './helpers/server';

const dataDir = mkdtempSync(join(tmpdir(), 'twofold-ledger-ff-'));
let app: LoginApp;
let demo: TestServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  app = await createLoginApp({ dataDir, databaseUrl: join(dataDir, 'twofold.sqlite') });
  demo = await startTestServer({ handlers: [app.handler], pages: await sdkPages() });
  browser = await launchFirefoxWithExtension();
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

type Reply = { ok: boolean; result?: unknown; error?: { message: string } };
async function message<T>(page: ExtensionPage, request: unknown): Promise<T> {
  const reply = await page.evaluate(
    (r) => (globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<Reply> } } }).browser.runtime.sendMessage(r),
    request,
  );
  if (!reply.ok) throw new Error(reply.error?.message);
  return reply.result as T;
}

describe.skipIf(!hasBrowser('firefox'))('privacy ledger (Firefox)', () => {
  it('records the demo verified with the stored signal ids, and Erase leaves 0 rows', async () => {
    await app.users.create('ff-user', await hashPassword('correct horse battery'));
    const page = await browser.newPage();
    await page.goto(demo.url('/login'));
    // The site's own API, as the banner's Accept does (the banner itself is tested in the SDK's e2e).
    await page.evaluate(() => (window as unknown as { tf: { consent: { grant(): void } } }).tf.consent.grant(), null);
    await page.fill('input[name=username]', 'ff-user');
    await page.fill('input[name=password]', 'correct horse battery');
    await page.click('#login-form button[type=submit]');
    await page.waitFor('#twofold-rights, #otpauth-uri, #decision');
    if (await page.evaluate(() => document.getElementById('otpauth-uri') !== null, null)) {
      const uri = new URL(await page.text('#otpauth-uri'));
      await page.fill('input[name=code]', await generateTotp(uri.searchParams.get('secret')!));
      await page.click('#totp-form button[type=submit]');
      await page.waitFor('#twofold-rights');
    }
    const rights = JSON.parse(await page.text('#twofold-rights')) as { rightsToken: string | null };
    expect(rights.rightsToken).toMatch(/^rt1\./);
    const deviceId = (await app.store.exportSubject({ userId: 'ff-user' })).logins[0]!.deviceId!;
    const storedIds = [...(await app.store.exportSubject({ deviceId })).collections.at(-1)!.signals].sort();

    const ledger = await browser.newPage();
    await ledger.open('ledger.html');
    await expect
      .poll(
        async () => (await message<LedgerListing>(ledger, { type: 'ledger.list' })).sites.find((s) => s.key === demo.origin)?.twofold?.verification.verified,
        { timeout: 20_000 },
      )
      .toBe(true);
    const row = (await message<LedgerListing>(ledger, { type: 'ledger.list' })).sites.find((s) => s.key === demo.origin)!;
    expect(row.twofold!.signals.map((s) => s.id).sort()).toEqual(storedIds);

    expect(await app.store.countRows({ deviceId })).toBeGreaterThan(0);
    const erase = await message<{ log: { ok: boolean } }>(ledger, { type: 'ledger.erase', origin: demo.origin });
    expect(erase.log.ok).toBe(true);
    expect(await app.store.countRows({ deviceId })).toBe(0);
  });
});
