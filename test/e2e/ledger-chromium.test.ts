// The privacy ledger end to end in Chromium, extension loaded from dist/chrome, the demo
// login app (createLoginApp, embedded SQLite) on an ephemeral loopback port:
// consent → sign in → the account page hands the rights token and signed receipt to the SDK, which
// announces them → the ledger lists the demo site verified, with exactly the signal ids the server
// stored → Export returns the server's JSON → Erase leaves zero rows for the device (the test asks
// the store) → a fake site on another origin (localhost) forging an announcement for the demo's
// site name, with the demo's real signed receipt, is recorded under its own origin, unverified →
// Withdraw consent is passed to the demo's SDK on the next visit, which revokes.
// Also writes docs/ledger.png.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoginApp, type LoginApp } from '../../demo/app/index';
import { hashPassword } from '../../demo/app/passwords';
import type { LedgerListing } from '../../extension/ledger-view';
import { generateTotp } from '../../sdk/server/totp';
import { hasChromium, launchChromiumPersistent } from './helpers/chromium';
import { docsScreenshotPath } from './helpers/docs-screenshots';
import { DIST_CHROME } from './helpers/extension';
import { sdkPages } from './helpers/sdk-bundle';
import { startTestServer, type TestServer } from './helpers/server';

const SCREENSHOT = docsScreenshotPath('ledger.png');
const dataDir = mkdtempSync(join(tmpdir(), 'twofold-ledger-e2e-'));
const profile = mkdtempSync(join(tmpdir(), 'twofold-ledger-profile-'));
let app: LoginApp;
let demo: TestServer;
let fake: TestServer;
let context: BrowserContext;
let extensionOrigin: string;
/** The demo's rights data as its account page shows it (the fake site copies it). */
let stolen: { rightsToken: string; receipt: string } | null = null;

/** The fake site: announces at load, claiming to be the demo site. */
const fakePage = () => `<!doctype html><title>Totally the demo</title><h1>Promo</h1><script>
const stolen = ${JSON.stringify(stolen).replace(/</g, '\\u003c')};
document.dispatchEvent(new CustomEvent('twofold:announce', { detail: JSON.stringify({
  v: 1, site: 'twofold-demo', origin: ${JSON.stringify(demo.origin)}, signals: [{ id: 'device-id', category: 'device' }],
  receiptId: 'rcpt-forged-0001', receiptTime: new Date().toISOString(), consent: 'granted', collectedAt: new Date().toISOString(),
  rightsToken: stolen ? stolen.rightsToken : undefined, receiptSignature: stolen ? stolen.receipt : undefined, sdkVersion: '0.1.0',
}) }));
</script>`;

beforeAll(async () => {
  app = await createLoginApp({ dataDir, databaseUrl: join(dataDir, 'twofold.sqlite') });
  demo = await startTestServer({ handlers: [app.handler], pages: await sdkPages() });
  fake = await startTestServer({ pages: { '/promo.html': fakePage } });
  // Hide the webdriver automation marker, as the demo-login test does: the risk engine would deny it.
  context = await launchChromiumPersistent(profile, { extensionDir: DIST_CHROME, args: ['--disable-blink-features=AutomationControlled'] });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const url = new URL(worker.url());
  extensionOrigin = `${url.protocol}//${url.host}`;
});

afterAll(async () => {
  await context?.close();
  await demo?.close();
  await fake?.close();
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
});

async function message<T>(page: Page, request: unknown): Promise<T> {
  const reply = await page.evaluate(
    (r) =>
      (
        globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean; result?: unknown; error?: { message: string } }> } } }
      ).chrome.runtime.sendMessage(r),
    request,
  );
  if (!reply.ok) throw new Error(reply.error?.message);
  return reply.result as T;
}

describe.skipIf(!hasChromium())('privacy ledger (Chromium)', () => {
  it('lists the demo verified with the stored signal ids; Export returns the server JSON; Erase leaves 0 rows; a forgery stays unverified under its own origin', async () => {
    await app.users.create('ledger-user', await hashPassword('correct horse battery'));
    const page = await context.newPage();
    await page.goto(demo.url('/login'));
    await page.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => page.locator('#consent-state').textContent()).toBe('granted');
    await page.getByLabel('Username').fill('ledger-user');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/(account|enroll|2fa)$/);
    let otpauth: string | null = null;
    if (page.url().endsWith('/enroll')) {
      otpauth = await page.locator('#otpauth-uri').textContent();
      await page.getByLabel('Authentication code').fill(await generateTotp(new URL(otpauth!).searchParams.get('secret')!));
      await page.getByRole('button', { name: /Verify/ }).click();
      await page.waitForURL(/\/account$/);
    }
    stolen = JSON.parse((await page.locator('#twofold-rights').textContent())!);
    expect(stolen!.rightsToken).toMatch(/^rt1\./);

    // What the server stored: the device and the exact signal ids of its collection.
    const subject = await app.store.exportSubject({ userId: 'ledger-user' });
    const deviceId = subject.logins[0]!.deviceId!;
    const stored = await app.store.exportSubject({ deviceId });
    const storedIds = [...stored.collections.at(-1)!.signals].sort();
    expect(storedIds.length).toBeGreaterThan(3);

    // The fake site on another origin forges an announcement with the demo's name and real receipt.
    const promo = await context.newPage();
    await promo.goto(`http://localhost:${fake.port}/promo.html`);

    // A 2FA account bound to the demo's host, for the ledger's second source (names only).
    const ledger = await context.newPage();
    await ledger.goto(`${extensionOrigin}/popup.html`);
    await message(ledger, { type: 'vault.create', passphrase: 'ledger passphrase' });
    const added = await message<{ account: { id: string } }>(ledger, {
      type: 'accounts.addUri',
      uri: otpauth ?? 'otpauth://totp/Twofold%20demo:ledger-user?secret=JBSWY3DPEHPK3PXP&issuer=Twofold%20demo',
    });
    await message(ledger, { type: 'accounts.update', id: added.account.id, sites: ['127.0.0.1'] });

    await expect
      .poll(
        async () => {
          const listing = await message<LedgerListing>(ledger, { type: 'ledger.list' });
          return listing.sites
            .filter((s) => s.twofold)
            .map((s) => `${s.key}:${s.twofold!.verification.verified}`)
            .sort();
        },
        { timeout: 20_000 },
      )
      .toEqual([`${demo.origin}:true`, `http://localhost:${fake.port}:false`].sort());

    const listing = await message<LedgerListing>(ledger, { type: 'ledger.list' });
    const demoRow = listing.sites.find((s) => s.key === demo.origin)!;
    expect(demoRow.twofold!.site).toBe('twofold-demo');
    expect(demoRow.twofold!.signals.map((s) => s.id).sort()).toEqual(storedIds);
    expect(demoRow.accounts).toEqual([{ issuer: 'Twofold demo', label: 'ledger-user' }]);
    const forged = listing.sites.find((s) => s.key === `http://localhost:${fake.port}`)!;
    expect(forged.twofold).toMatchObject({ site: 'twofold-demo', verification: { verified: false } });
    expect(JSON.stringify(listing)).not.toContain(stolen!.rightsToken);

    // The ledger page: open it from the popup's button, as a user would.
    await ledger.goto(`${extensionOrigin}/popup.html`);
    const [ledgerPage] = await Promise.all([context.waitForEvent('page'), ledger.getByTestId('open-ledger').click()]);
    await ledgerPage.waitForLoadState('load');
    const card = ledgerPage.locator(`[data-testid=ledger-site][data-origin="${demo.origin}"]`);
    await expect.poll(() => card.getByTestId('verified').getAttribute('data-verified')).toBe('true');
    expect(
      await ledgerPage.locator(`[data-testid=ledger-site][data-origin="http://localhost:${fake.port}"] [data-testid=verified]`).getAttribute('data-verified'),
    ).toBe('false');
    expect((await card.getByTestId('signals').locator('code').allTextContents()).sort()).toEqual(storedIds);

    // Export my data: the server's own JSON for this device.
    await card.getByTestId('export-data').click();
    const exported = JSON.parse((await card.getByTestId('server-export').textContent())!);
    expect(exported.subject).toEqual({ userId: 'ledger-user', deviceId }); // the token reaches this account on this device
    expect(exported.collections.map((c: { id: string }) => c.id)).toEqual(stored.collections.map((c) => c.id));
    expect(exported.logins.map((l: { id: string }) => l.id)).toEqual(stored.logins.map((l) => l.id));
    await card
      .locator('details')
      .first()
      .evaluate((d) => ((d as HTMLDetailsElement).open = true));
    await ledgerPage.setViewportSize({ width: 900, height: 1100 });
    await ledgerPage.screenshot({ path: SCREENSHOT, fullPage: true });

    // Erase my data: zero rows for this device left in the store.
    expect(await app.store.countRows({ deviceId })).toBeGreaterThan(0);
    await card.getByTestId('erase-data').click();
    await card.getByTestId('confirm').click();
    await expect.poll(() => card.getByTestId('site-status').textContent()).toMatch(/rows erased, 0 left/);
    expect(await app.store.countRows({ deviceId })).toBe(0);
    await expect.poll(() => card.getByTestId('request-log').locator('li').count()).toBe(2);
    expect(await card.getByTestId('request-log').textContent()).toMatch(/access · Export received.*|erase · \d+ rows erased/);

    // Withdraw consent: remembered, then told to the demo's SDK on the next visit, which revokes.
    await card.getByTestId('withdraw').click();
    await card.getByTestId('confirm').click();
    await expect.poll(() => card.getByTestId('consent').textContent()).toMatch(/next visit/);
    await page.goto(demo.url('/account'));
    await expect
      .poll(async () => (await message<LedgerListing>(ledgerPage, { type: 'ledger.list' })).sites.find((s) => s.key === demo.origin)!.twofold!.consent.state, {
        timeout: 15_000,
      })
      .toBe('withdrawn');
    expect(await page.evaluate(() => (window as unknown as { tf: { consent: { state: string } } }).tf.consent.state)).not.toBe('granted');
  });
});
