/**
 * Issue 17 in a real browser with the BUILT extension, written once and run per browser
 * (authenticator-chromium / -firefox). One launch per file; every case reuses it.
 *   - Steam Guard: the Steam Desktop Authenticator maFile of the public fixtures imports, and an
 *     account on KeePassXC's published Steam test secret shows in the popup the 5-character code an
 *     independent implementation (node:crypto, below) computes for that moment;
 *   - phishing warning: on lookalikes of the bound bank.test (bank.test.evil.test, the IDN
 *     xn--bnk-6cd.test) the in-page box shows the red warning and fills nothing; on bank.test
 *     itself there is no warning;
 *   - icons: the Steam accounts get simple-icons' Steam logo as inline SVG, the bank a coloured
 *     initial, and the popup document loads nothing but its own script and styles;
 *   - order: pin and move from the popup's row menu, filter by tag; the
 *     order, pin and tags come back after lock/unlock (browser restart: authenticator-restart-chromium, -firefox);
 *   - the popup's backup reminder until an encrypted backup is exported;
 *   - one account as QR in options, only after the passphrase is typed again;
 *   - an e-mailed verification code on bank.test: the box says it is not an authenticator code
 *     (the same warning stripe) and fills nothing.
 * The box lives in a closed shadow root (by design nothing, not even this test, can read it), so
 * the warning is found where a person sees it: in a screenshot, by its warning-red stripe.
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { makeAccount } from '../../../extension/account';
import { formatOtpauthUri } from '../../../extension/otpauth';
import { QUIET_PAGE } from './attack-pages';
import { EMAIL_CODE_PAGE, countRuns, referenceSteamCode } from './authenticator-pages';
import { hostBox, message, type ExtensionBrowser, type ExtensionPage } from './extension';
import { startTestServer, type TestServer } from './server';
import { FIXTURES } from '../../extension/import/fixture-files';

const PASSPHRASE = 'authenticator e2e passphrase';
/** KeePassXC tests/TestTotp.cpp (testSteamTotp): published Steam Guard test secret. */
const STEAM_SECRET = '63BEDWCQZKTQWPESARIERL5DTTQFCJTK';
/** The suggestion's warning stripe colour (suggestion-style.ts `.warning` border-left). */
const WARNING_RED = [0xb3, 0x26, 0x1e] as const;
/** Longer than the fill gate's ARM_MS (400 ms): a person reads the box before clicking. */
const READ_MS = 700;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<R>(page: ExtensionPage, read: () => R, accept: (value: R) => boolean, what: string): Promise<R> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    // A page between documents (Firefox BiDi: "cross-origin object … XrayWrapper") is retried, not fatal.
    const value = (await page.evaluate(read as never, undefined).catch((error: unknown) => ({ unreadable: String(error) }))) as R;
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
    await sleep(100);
  }
}

/** The popup's rows, top to bottom, by account label. */
export const rowLabels = () => [...document.querySelectorAll('.account')].map((row) => row.querySelector('.label')?.textContent ?? '');
const fieldValue = () => (document.getElementById('code') as HTMLInputElement).value;

/** Registers the authenticator journey's cases for one browser. */
export function authenticatorJourney(launch: () => Promise<ExtensionBrowser>, name: 'chromium' | 'firefox'): void {
  let server: TestServer;
  let browser: ExtensionBrowser;
  let setup: ExtensionPage;
  let site: ExtensionPage;
  const shotPath = join(tmpdir(), `twofold-authenticator-${name}-${process.pid}.png`);
  const at = (host: string, path: string) => `http://${host}:${server.port}${path}`;

  /**
   * Pixels of the warning red inside `box` in a screenshot of `page`, decoded by the browser itself
   * on the extension page (no PNG library needed). The screenshot is in device pixels.
   */
  async function warningPixels(page: ExtensionPage, box: { x: number; y: number; width: number; height: number }): Promise<number> {
    await page.screenshot(shotPath);
    const png = readFileSync(shotPath).toString('base64');
    const scale = await page.evaluate(() => window.devicePixelRatio, undefined);
    return setup.evaluate(
      async ({ png, box, scale, red }) => {
        const image = new Image();
        image.src = `data:image/png;base64,${png}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        const data = context.getImageData(
          Math.round(box.x * scale),
          Math.round(box.y * scale),
          Math.round(box.width * scale),
          Math.round(box.height * scale),
        ).data;
        let count = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (Math.abs(data[i]! - red[0]) < 12 && Math.abs(data[i + 1]! - red[1]) < 12 && Math.abs(data[i + 2]! - red[2]) < 12) count++;
        }
        return count;
      },
      { png, box, scale, red: WARNING_RED },
    );
  }

  beforeAll(async () => {
    server = await startTestServer({ pages: { '/2fa.html': QUIET_PAGE, '/email-code.html': EMAIL_CODE_PAGE } });
    browser = await launch();
    setup = await browser.newPage();
    await setup.open('popup.html');
    await message(setup, { type: 'vault.create', passphrase: PASSPHRASE });
    const uri = `otpauth://totp/${encodeURIComponent('Loopback Bank')}:dana?secret=JBSWY3DPEHPK3PXP&issuer=${encodeURIComponent('Loopback Bank')}`;
    const bank = (await message<{ account: { id: string } }>(setup, { type: 'accounts.addUri', uri })).account;
    await message(setup, { type: 'accounts.update', id: bank.id, sites: ['bank.test'] });
    site = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(shotPath, { force: true });
  });

  it('Steam Guard: the maFile imports and the popup shows the reference code for the published secret', async () => {
    const maFile = readFileSync(join(FIXTURES, 'aegis/steam.json'), 'utf8');
    const imported = await message<{ imported: number; skipped: unknown[] }>(setup, {
      type: 'accounts.import',
      fileName: 'Sophia.maFile',
      data: { kind: 'text', text: maFile },
    });
    expect(imported).toEqual({ imported: 1, skipped: [] });
    await message(setup, { type: 'accounts.addUri', uri: `otpauth://totp/Steam:keepassxc?secret=${STEAM_SECRET}&issuer=Steam&encoder=steam` });

    // Before opening: the popup asks for its codes as its script starts, while open() is still waiting.
    const before = Math.floor(Date.now() / 1000);
    await setup.open('popup.html');
    await setup.waitFor('.account .code[data-code]');
    const rows = await waitFor(
      setup,
      () =>
        [...document.querySelectorAll('.account')].map((row) => ({
          label: row.querySelector('.label')?.textContent ?? '',
          code: row.querySelector('.code')?.getAttribute('data-code') ?? '',
          shown: row.querySelector('.code')?.textContent ?? '',
        })),
      (list) => list.filter((r) => r.code !== '').length === 3,
      'three codes in the popup',
    );
    const after = Math.floor(Date.now() / 1000);
    const keepass = rows.find((r) => r.label === 'keepassxc')!;
    const sophia = rows.find((r) => r.label === 'Sophia')!;
    // The popup rendered somewhere between before and after (a 30 s step may end in between).
    expect([referenceSteamCode(STEAM_SECRET, before), referenceSteamCode(STEAM_SECRET, after)]).toContain(keepass.code);
    expect([referenceSteamCode('JRZCL47CMXVOQMNPZR2F7J4RGI', before), referenceSteamCode('JRZCL47CMXVOQMNPZR2F7J4RGI', after)]).toContain(sophia.code);
    // Shown as Steam shows it: five characters from its alphabet, not split like digits.
    for (const row of [keepass, sophia]) expect(row.shown).toMatch(/^[23456789BCDFGHJKMNPQRTVWXY]{5}$/);
  });

  it('icons: the popup draws the Steam logo for the Steam accounts and a coloured initial for the bank, with no request for either', async () => {
    await setup.open('popup.html');
    await setup.waitFor('.account [data-icon]');
    const icons = await setup.evaluate(
      () =>
        [...document.querySelectorAll('.account')].map((row) => ({
          label: row.querySelector('.label')?.textContent ?? '',
          icon: row.querySelector('[data-icon]')?.getAttribute('data-icon') ?? '',
          paths: row.querySelectorAll('[data-icon] svg path').length,
        })),
      undefined,
    );
    expect(icons.find((r) => r.label === 'keepassxc')).toMatchObject({ icon: 'steam', paths: 1 });
    expect(icons.find((r) => r.label === 'Sophia')).toMatchObject({ icon: 'steam', paths: 1 });
    expect(icons.find((r) => r.label === 'dana')).toMatchObject({ icon: 'initial', paths: 0 });
    // Everything the popup document loaded: only its own packaged script and style sheet.
    const loaded = await setup.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name), undefined);
    expect(loaded.filter((url) => !/^(?:chrome|moz)-extension:\/\/[^/]+\/(?:popup\.js|styles\.css|[\w-]+\.css)$/.test(url))).toEqual([]);
    expect(await setup.evaluate(() => document.querySelectorAll('img, image, use, link[rel~=icon]').length, undefined)).toBe(0);
  });

  it('backup reminder: shown until an encrypted backup is exported, then gone', async () => {
    await setup.open('popup.html');
    await setup.waitFor('[data-testid=backup-reminder]');
    expect(await setup.attribute('[data-testid=backup-reminder]', 'data-kind')).toBe('never');
    await message(setup, { type: 'accounts.exportBackup', password: 'a long backup password 17', passphrase: PASSPHRASE });
    await setup.open('popup.html');
    await setup.waitFor('.account .code[data-code]');
    await sleep(300); // the status request follows the first render
    expect(await setup.evaluate(() => document.querySelector('[data-testid=backup-reminder]') === null, undefined)).toBe(true);
  });

  it('order: pin and move up from the row menu, tag filter; all survive lock and unlock', async () => {
    const { accounts } = await message<{ accounts: { id: string; label: string }[] }>(setup, { type: 'accounts.list' });
    const id = (label: string) => accounts.find((a) => a.label === label)!.id;
    await setup.open('popup.html');
    await setup.waitFor('.account .row-menu');
    await setup.click(`.account[data-account-id="${id('keepassxc')}"] .row-menu`);
    await setup.click(`.account[data-account-id="${id('keepassxc')}"] [data-action=pin]`);
    await setup.waitFor(`.account[data-pinned="true"][data-account-id="${id('keepassxc')}"]`);
    // Vault order is dana, Sophia, keepassxc; pinned first: keepassxc, dana, Sophia. Sophia moves up one.
    await setup.click(`.account[data-account-id="${id('Sophia')}"] .row-menu`);
    await setup.click(`.account[data-account-id="${id('Sophia')}"] [data-action=up]`);
    await waitFor(setup, rowLabels, (labels) => labels.join() === 'keepassxc,Sophia,dana', 'Sophia above dana');
    await message(setup, { type: 'accounts.update', id: id('Sophia'), tags: ['games'] });
    await message(setup, { type: 'accounts.update', id: id('keepassxc'), tags: ['games', 'test vectors'] });

    await setup.open('popup.html');
    await setup.waitFor('[data-testid=lock]');
    await setup.click('[data-testid=lock]');
    expect(await message<{ state: string }>(setup, { type: 'vault.status' })).toMatchObject({ state: 'locked' });
    await message(setup, { type: 'vault.unlock', passphrase: PASSPHRASE });

    await setup.open('popup.html');
    await setup.waitFor('.tag[data-tag="games"]');
    await waitFor(setup, rowLabels, (labels) => Array.isArray(labels) && labels.join() === 'keepassxc,Sophia,dana', 'the same order after unlock');
    expect(await setup.attribute(`.account[data-account-id="${id('keepassxc')}"]`, 'data-pinned')).toBe('true');
    await setup.click('.tag[data-tag="games"]');
    await waitFor(setup, rowLabels, (labels) => labels.join() === 'keepassxc,Sophia', 'the games filter');
    await setup.click('.tag[data-tag=""]');
    await waitFor(setup, rowLabels, (labels) => labels.length === 3, 'all accounts again');
  });

  it('one account as QR in options: only after the passphrase, and the QR drawn is the account', async () => {
    const { accounts } = await message<{ accounts: { id: string; label: string }[] }>(setup, { type: 'accounts.list' });
    const sophia = accounts.find((a) => a.label === 'Sophia')!.id;
    const entry = `.account-entry[data-account-id="${sophia}"]`;
    await setup.open('options.html');
    await setup.waitFor(`${entry} > summary`);
    await setup.click(`${entry} > summary`);
    await setup.click(`${entry} [data-testid=account-qr] > summary`);
    // Nothing is drawn until the passphrase is typed (a wrong one is refused: qr-export-handlers.test.ts;
    // the e2e types only the right one).
    await setup.waitFor(`${entry} .qr-ask input[type=password]`);
    expect(await setup.evaluate((sel) => document.querySelector(`${sel} svg.qr`) === null, entry)).toBe(true);
    await setup.fill(`${entry} .qr-ask input[type=password]`, PASSPHRASE);
    await setup.click(`${entry} .qr-ask button[type=submit]`);
    await setup.waitFor(`${entry} svg.qr path`);
    const drawn = await setup.evaluate(
      (sel) => ({
        modules: Number(document.querySelector(`${sel} svg.qr`)!.getAttribute('data-modules')),
        runs: (document.querySelector(`${sel} svg.qr path`)!.getAttribute('d') ?? '').split('M').length - 1,
      }),
      entry,
    );
    // The same QR, made here from the account the maFile holds (qrcode is deterministic).
    const uri = formatOtpauthUri(makeAccount({ type: 'totp', encoder: 'steam', secret: 'JRZCL47CMXVOQMNPZR2F7J4RGI', issuer: 'Steam', label: 'Sophia' }));
    const expected = QRCode.create(uri, { errorCorrectionLevel: 'M' }).modules;
    expect(drawn.modules).toBe(expected.size);
    expect(drawn.runs).toBe(countRuns(expected.size, Array.from(expected.data, (bit) => (bit ? '1' : '0')).join('')));
    await setup.click(`${entry} [data-testid=qr-hide]`);
    await setup.waitFor(`${entry} .qr-ask`);
  });

  // Each page warns in the box and fills nothing, from where "Fill code" sits on the bound site.
  const warned = [
    ...['bank.test.evil.test', 'xn--bnk-6cd.test'].map((host) => ({
      title: `phishing warning on ${host} (resembles the bound bank.test): the box warns and fills no code`,
      url: () => at(host, '/2fa.html'),
    })),
    {
      title: 'an e-mail verification code page on the bound bank.test: the box says it is not an authenticator code and fills nothing',
      url: () => at('bank.test', '/email-code.html'),
    },
  ];
  for (const { title, url } of warned) {
    it(title, async () => {
      await site.bringToFront();
      await site.goto(url());
      await site.click('#code');
      const box = await waitFor(site, hostBox, (v) => v.present && v.height > 0, 'the inline box');
      await sleep(READ_MS);
      expect(await warningPixels(site, box)).toBeGreaterThan(100);
      await site.clickAt(box.x + box.width / 2, box.y + 40);
      await sleep(READ_MS);
      expect(await site.evaluate(fieldValue, undefined)).toBe('');
    });
  }

  it('control: on bank.test itself the box shows no warning and fills the code', async () => {
    await site.bringToFront();
    await site.goto(at('bank.test', '/2fa.html'));
    await site.click('#code');
    const box = await waitFor(site, hostBox, (v) => v.present && v.height > 0, 'the inline box');
    await sleep(READ_MS);
    expect(await warningPixels(site, box)).toBe(0);
    await site.clickAt(box.x + box.width / 2, box.y + 40);
    expect(await waitFor(site, fieldValue, (v) => /^\d{6}$/.test(v), 'the filled code')).toMatch(/^\d{6}$/);
  });
}

/** One browser's describe block (skipped when that browser is not installed). */
export function describeAuthenticator(name: 'chromium' | 'firefox', available: boolean, launch: () => Promise<ExtensionBrowser>): void {
  describe.skipIf(!available)(`the authenticator people ask for (${name})`, () => authenticatorJourney(launch, name));
}
