/**
 * The extension's e2e journey, written once and run per browser (extension-chromium.test.ts,
 * extension-firefox.test.ts): create a vault, add an account by URI and see otplib's code,
 * lock/unlock (wrong passphrase first), import an Aegis export, export an encrypted backup and
 * re-import it into the emptied vault.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'otplib';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message, type ExtensionBrowser, type ExtensionPage } from './extension';
import { startTestServer, type TestServer } from './server';
import { FIXTURES } from '../../extension/import/fixture-files';

const PASSPHRASE = 'e2e passphrase, long enough';
// 20 random-looking bytes in base32: a secret no fixture uses.
const SECRET = 'KRUGKIDROVUWG2ZAMJZG653OEBTG66BAJJ2W24DT';
const URI = `otpauth://totp/E2E%20Corp:alice%40example.test?secret=${SECRET}&issuer=E2E%20Corp`;
const AEGIS_ENCRYPTED = join(FIXTURES, 'aegis/aegis_encrypted.json');
const BACKUP_PASSWORD = 'backup password for e2e';
const QR_SECRET = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZ';
const QR_URI = `otpauth://totp/QR%20Shop:bob?secret=${QR_SECRET}&issuer=QR%20Shop`;

/** The code shown in the popup for the account whose issuer is `issuer`. */
function shownCode(page: ExtensionPage, issuer: string): Promise<string | null> {
  return page.evaluate((name) => {
    for (const row of document.querySelectorAll('li.account')) {
      if (row.querySelector('.issuer')?.textContent === name) return row.querySelector('.code')?.getAttribute('data-code') ?? null;
    }
    return null;
  }, issuer);
}

/** Reads the popup's code for `issuer` and checks it equals otplib's for the same moment. */
async function expectCodeMatchesOtplib(
  page: ExtensionPage,
  issuer: string,
  secret: string,
  options: { digits?: number; period?: number; algorithm?: 'sha1' | 'sha256' | 'sha512' } = {},
) {
  const before = Math.floor(Date.now() / 1000);
  const code = await shownCode(page, issuer);
  const after = Math.floor(Date.now() / 1000) + 1;
  // The page may have rendered in the previous period; accept otplib's code for any second in the window.
  const candidates = new Set<string>();
  for (let epoch = before - 2; epoch <= after; epoch++) {
    candidates.add(await generate({ secret, epoch, digits: options.digits ?? 6, period: options.period ?? 30, algorithm: options.algorithm ?? 'sha1' }));
  }
  expect(code).toMatch(/^\d{6,8}$/);
  expect([...candidates]).toContain(code);
}

/** Registers the journey for one browser. */
export function extensionJourney(launch: () => Promise<ExtensionBrowser>): void {
  let browser: ExtensionBrowser;
  let popup: ExtensionPage;
  let server: TestServer;
  const work = mkdtempSync(join(tmpdir(), 'twofold-e2e-'));

  beforeAll(async () => {
    const qr = await QRCode.toString(QR_URI, { type: 'svg', margin: 4, width: 300 });
    server = await startTestServer({
      pages: { '/enrol.html': `<!doctype html><title>Enrol</title><h1>Scan this code</h1><div style="width:300px">${qr}</div>` },
    });
    browser = await launch();
    popup = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe('extension journey', () => {
    it('creates the vault from the popup', async () => {
      await popup.open('popup.html');
      await popup.waitFor('[data-testid=create-form]');
      await popup.fill('[data-testid=create-form] input[name=passphrase]', PASSPHRASE);
      await popup.fill('[data-testid=create-form] input[name=repeat]', PASSPHRASE);
      await popup.click('[data-testid=create-form] button[type=submit]');
      await popup.waitFor('[data-testid=add-uri]');
      expect(await message<{ state: string; kdfIterations: number }>(popup, { type: 'vault.status' })).toMatchObject({
        state: 'unlocked',
        kdfIterations: 600_000,
      });
    });

    it('adds an account by otpauth URI and shows the code otplib computes', async () => {
      await popup.fill('[data-testid=add-uri] input[name=uri]', URI);
      await popup.click('[data-testid=add-uri] button[type=submit]');
      await popup.waitFor('li.account .code[data-code]');
      expect(await popup.text('li.account .label')).toBe('alice@example.test');
      await expectCodeMatchesOtplib(popup, 'E2E Corp', SECRET);
      mkdirSync('dist/screenshots', { recursive: true });
      await popup.screenshot(`dist/screenshots/popup-${browser.name}.png`);
    });

    it('refuses an invalid URI with a message saying what is wrong', async () => {
      await popup.fill('[data-testid=add-uri] input[name=uri]', 'otpauth://totp/X?secret=NOT-BASE32-1');
      await popup.click('[data-testid=add-uri] button[type=submit]');
      await popup.waitFor('.status');
      expect(await popup.text('.status')).toMatch(/secret/i);
    });

    it('adds an account by scanning the QR code visible in a tab, bound to that site', async () => {
      const site = await browser.newPage();
      await site.goto(server.url('/enrol.html'));
      await site.bringToFront();
      const windowId = await popup.evaluate(async (origin) => {
        type Tabs = { tabs: { query(q: object): Promise<{ url?: string; windowId: number }[]> } };
        const g = globalThis as unknown as { browser?: Tabs; chrome: Tabs };
        const tabs = await (g.browser ?? g.chrome).tabs.query({});
        return tabs.find((t) => t.url?.startsWith(origin))?.windowId ?? -1;
      }, server.origin);
      const { account } = await message<{ account: { issuer: string; sites: string[] } }>(popup, { type: 'accounts.scanQr', windowId });
      expect(account).toMatchObject({ issuer: 'QR Shop', sites: ['127.0.0.1'] });
      await popup.open('popup.html');
      await popup.waitFor('li.account .code[data-code]');
      await expectCodeMatchesOtplib(popup, 'QR Shop', QR_SECRET);
    });

    it('locks, refuses a wrong passphrase, and unlocks', async () => {
      await popup.click('[data-testid=lock]');
      await popup.waitFor('[data-testid=unlock-form]');
      expect(await message<{ state: string }>(popup, { type: 'vault.status' })).toMatchObject({ state: 'locked' });
      await popup.fill('[data-testid=unlock-form] input[name=passphrase]', 'not the passphrase');
      await popup.click('[data-testid=unlock-form] button[type=submit]');
      await popup.waitFor('[data-testid=unlock-form] .error');
      expect(await popup.text('[data-testid=unlock-form] .error')).toMatch(/does not unlock/);
      await popup.fill('[data-testid=unlock-form] input[name=passphrase]', PASSPHRASE);
      await popup.click('[data-testid=unlock-form] button[type=submit]');
      await popup.waitFor('li.account .code[data-code]');
      await expectCodeMatchesOtplib(popup, 'E2E Corp', SECRET);
    });

    it('imports an encrypted Aegis export from the options page', async () => {
      const options = await browser.newPage();
      await options.open('options.html');
      await options.waitFor('[data-testid=import]');
      await options.uploadFile('[data-testid=import] input[type=file]', AEGIS_ENCRYPTED);
      await options.fill('[data-testid=import] input[name=password]', 'test');
      await options.click('[data-testid=import] button[type=submit]');
      await options.waitFor('[data-testid=import-result]');
      const result = await options.text('[data-testid=import-result]');
      const imported = Number(/Imported (\d+)|Importerte (\d+)/.exec(result)?.slice(1).find(Boolean));
      expect(imported).toBeGreaterThanOrEqual(6);
      await options.screenshot(`dist/screenshots/options-${browser.name}.png`);
      await popup.open('popup.html');
      await popup.waitFor('li.account .code[data-code]');
      // Aegis' test vault: "Deno" / Mason, SHA1, 6 digits, 30 s.
      await expectCodeMatchesOtplib(popup, 'Deno', '4SJHB4GSD43FZBAI7C2HLRJGPQ');
      await expectCodeMatchesOtplib(popup, 'SPDX', '5OM4WOOGPLQEF6UGN3CPEOOLWU', { digits: 7, period: 20, algorithm: 'sha256' });
    });

    it('filters the popup list by search', async () => {
      const visible = () => popup.evaluate(() => [...document.querySelectorAll('li.account .issuer')].map((e) => e.textContent), null);
      expect((await visible()).length).toBeGreaterThan(3);
      await popup.fill('input[type=search]', 'deno');
      await popup.waitFor('li.account');
      expect(await visible()).toEqual(['Deno']);
      await popup.fill('input[type=search]', 'no such account');
      await popup.waitFor('p.empty');
      await popup.fill('input[type=search]', '');
    });

    it('edits the bound sites of an account in the options page', async () => {
      const options = await browser.newPage();
      await options.open('options.html');
      await options.waitFor('details.account-entry');
      const { accounts } = await message<{ accounts: { id: string; issuer: string }[] }>(options, { type: 'accounts.list' });
      const id = accounts.find((a) => a.issuer === 'E2E Corp')!.id;
      await options.click(`details[data-account-id="${id}"] summary`);
      await options.fill(`details[data-account-id="${id}"] textarea`, 'https://login.e2e.example.com/\nnot a domain');
      await options.click(`details[data-account-id="${id}"] button[type=submit]`);
      await options.waitFor(`details[data-account-id="${id}"] .status`);
      expect(await options.text(`details[data-account-id="${id}"] .status`)).toMatch(/not a domain/);
      await options.fill(`details[data-account-id="${id}"] textarea`, 'https://login.e2e.example.com/');
      await options.click(`details[data-account-id="${id}"] button[type=submit]`);
      await options.waitFor(`details[data-account-id="${id}"] summary .sites:not(:empty)`);
      const after = await message<{ accounts: { id: string; sites: string[] }[] }>(options, { type: 'accounts.list' });
      expect(after.accounts.find((a) => a.id === id)?.sites).toEqual(['example.com']);
    });

    it('exports an encrypted backup and re-imports it into the emptied vault', async () => {
      const options = await browser.newPage();
      await options.open('options.html');
      await options.waitFor('[data-testid=import]');
      const before = await message<{ accounts: { id: string; issuer: string; label: string }[] }>(options, { type: 'accounts.list' });
      const backup = await message<{ fileName: string; text: string }>(options, {
        type: 'accounts.exportBackup',
        password: BACKUP_PASSWORD,
        passphrase: PASSPHRASE,
      });
      expect(backup.text).not.toContain(SECRET);
      for (const account of before.accounts) await message(options, { type: 'accounts.delete', id: account.id });
      expect((await message<{ accounts: unknown[] }>(options, { type: 'accounts.list' })).accounts).toEqual([]);

      const file = join(work, backup.fileName);
      writeFileSync(file, backup.text);
      await options.open('options.html');
      await options.waitFor('[data-testid=import]');
      await options.uploadFile('[data-testid=import] input[type=file]', file);
      await options.fill('[data-testid=import] input[name=password]', BACKUP_PASSWORD);
      await options.click('[data-testid=import] button[type=submit]');
      await options.waitFor('[data-testid=import-result]');
      expect(await options.text('[data-testid=import-result]')).toMatch(new RegExp(`(Imported|Importerte) ${before.accounts.length} `));
      const after = await message<{ accounts: { issuer: string; label: string }[] }>(options, { type: 'accounts.list' });
      const names = (list: { issuer: string; label: string }[]) => list.map((a) => `${a.issuer}/${a.label}`).sort();
      expect(names(after.accounts)).toEqual(names(before.accounts));
      await popup.open('popup.html');
      await popup.waitFor('li.account .code[data-code]');
      await expectCodeMatchesOtplib(popup, 'E2E Corp', SECRET);
    });
  });
}
