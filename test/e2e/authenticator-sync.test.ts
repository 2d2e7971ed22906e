// Encrypted sync and automatic backup in real browsers (Chromium and Firefox ESR), two profiles per
// browser. The extension under test is the real build; the test stands in for the browser account
// only, carrying storage.sync items between the two profiles (read in one, written in the other,
// which the extension sees as storage.onChanged). It checks: the automatic backup file lands in the
// profile's downloads folder and restores into an empty vault; a second browser with its own vault
// joins the synced one with the passphrase; offline edits on both converge; storage.sync never holds
// a secret, issuer or label in clear.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromiumPersistent } from './helpers/chromium';
import { DIST_CHROME, type ExtensionPage, hasBrowser, launchFirefoxWithExtension, message, playwrightPage } from './helpers/extension';

const PASSPHRASE = 'synced vault passphrase 17';
const BACKUP_PASSWORD = 'backup password for 17';
const ACCOUNTS = [
  { secret: 'JBSWY3DPEHPK3PXP', issuer: 'GitHub', label: 'alice@example.com' },
  { secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', issuer: 'Proton', label: 'alice.proton' },
  { secret: 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF', issuer: 'Dropbox', label: 'alice.dropbox' },
  { secret: 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U', issuer: 'Fastmail', label: 'alice.fastmail' },
];
const uri = (a: (typeof ACCOUNTS)[number]) => `otpauth://totp/${a.issuer}:${a.label}?secret=${a.secret}&issuer=${a.issuer}`;

/** One browser profile with the extension: its options page and its downloads folder. */
interface Profile {
  page: ExtensionPage;
  downloads: string;
  close(): Promise<void>;
}

async function chromiumProfile(): Promise<Profile> {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-sync-chromium-'));
  const downloads = join(dir, 'downloads');
  // The profile's own downloads folder, as a user would set it (no prompt).
  mkdirSync(join(dir, 'profile', 'Default'), { recursive: true });
  writeFileSync(join(dir, 'profile', 'Default', 'Preferences'), JSON.stringify({ download: { default_directory: downloads, prompt_for_download: false } }));
  const context = await launchChromiumPersistent(join(dir, 'profile'), { extensionDir: DIST_CHROME });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 60_000 });
  const url = new URL(worker.url());
  const page = await context.newPage();
  // Playwright renames downloads to GUIDs in its own folder; give the browser's own behaviour back.
  await (await context.newCDPSession(page)).send('Browser.setDownloadBehavior', { behavior: 'default' });
  return {
    page: playwrightPage(page, `${url.protocol}//${url.host}`),
    downloads,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function firefoxProfile(): Promise<Profile> {
  const downloads = mkdtempSync(join(tmpdir(), 'twofold-sync-firefox-dl-'));
  const browser = await launchFirefoxWithExtension({
    prefs: { 'browser.download.folderList': 2, 'browser.download.dir': downloads, 'browser.download.useDownloadDir': true },
  });
  return {
    page: await browser.newPage(),
    downloads,
    close: async () => {
      await browser.close();
      rmSync(downloads, { recursive: true, force: true });
    },
  };
}

type SyncStorage = { storage: { sync: { get(keys: null): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> } } };

/** Everything in the profile's storage.sync, read from an extension page (as JSON: Firefox's Xray wrappers refuse objects across). */
const readSync = async (page: ExtensionPage): Promise<Record<string, unknown>> =>
  JSON.parse(
    await page.evaluate(async () => {
      const g = globalThis as unknown as { browser?: SyncStorage; chrome: SyncStorage };
      return JSON.stringify(await (g.browser ?? g.chrome).storage.sync.get(null));
    }, undefined),
  );

// What the browser account last delivered from each profile: like real sync, it carries changes, and
// does not keep re-sending a value the other side has since replaced.
const delivered = new WeakMap<Profile, Map<string, string>>();

/** The browser account delivering the items that changed in `from`'s storage.sync to `to` (each overwrites, as sync does). */
async function relay(from: Profile, to: Profile): Promise<void> {
  const sent = delivered.get(from) ?? new Map<string, string>();
  delivered.set(from, sent);
  const changed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(await readSync(from.page))) {
    const json = JSON.stringify(value);
    if (sent.get(name) !== json) changed[name] = value;
    sent.set(name, json);
  }
  if (Object.keys(changed).length === 0) return;
  await to.page.evaluate(async (json: string) => {
    const g = globalThis as unknown as { browser?: SyncStorage; chrome: SyncStorage };
    await (g.browser ?? g.chrome).storage.sync.set(JSON.parse(json));
  }, JSON.stringify(changed));
}

type Listed = { accounts: { id: string; issuer: string; label: string; code?: string; tags: string[] }[] };
const names = async (p: Profile) =>
  (await message<Listed>(p.page, { type: 'accounts.list' })).accounts.map((a) => `${a.issuer}:${a.label}:${a.tags.join(',')}`).sort();

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

function syncAndBackupJourney(name: 'chromium' | 'firefox', launch: () => Promise<Profile>) {
  describe.skipIf(!hasBrowser(name))(`encrypted sync and automatic backup (${name})`, () => {
    const open: Profile[] = [];
    afterAll(async () => {
      for (const p of open) await p.close().catch(() => undefined);
    });

    it('backup file appears and restores into an empty vault; a second profile joins; offline edits converge; sync holds no clear text', async () => {
      const started = Date.now();
      const [a, b] = await Promise.all([launch(), launch()]);
      open.push(a, b);

      // Profile A: a vault with two accounts, automatic backup on (through the options page).
      await a.page.open('options.html');
      await message(a.page, { type: 'vault.create', passphrase: PASSPHRASE });
      for (const account of ACCOUNTS.slice(0, 2)) await message(a.page, { type: 'accounts.addUri', uri: uri(account) });
      await a.page.open('options.html');
      await a.page.waitFor('[data-testid="auto-backup"] select');
      await a.page.evaluate(() => {
        const select = document.querySelector<HTMLSelectElement>('[data-testid="auto-backup"] select')!;
        select.value = 'daily';
        select.dispatchEvent(new Event('change', { bubbles: true }));
      }, undefined);
      await a.page.fill('[data-testid="auto-backup"] input[name="backup-password"]', BACKUP_PASSWORD);
      await a.page.fill('[data-testid="auto-backup"] input[name="backup-password-repeat"]', BACKUP_PASSWORD);
      await a.page.fill('[data-testid="auto-backup"] input[name="passphrase"]', PASSPHRASE);
      await a.page.click('[data-testid="auto-backup"] button[type="submit"]');
      await a.page.waitFor('[data-testid="auto-backup-result"][data-kind="ok"]');
      const file = join(a.downloads, 'Twofold', 'twofold-backup.json');
      await until('backup file', async () => existsSync(file) && readFileSync(file, 'utf8').endsWith('}\n'), Boolean);
      const backup = readFileSync(file, 'utf8');
      expect(JSON.parse(backup)).toMatchObject({ format: 'twofold-backup', version: 1 });
      for (const account of ACCOUNTS) expect(backup).not.toContain(account.secret);
      expect(await message(a.page, { type: 'backup.status' })).toMatchObject({ lastBackupAt: expect.any(Number) });
      // The file stays, its entry leaves the browser's downloads list (a backup per change would bury the user's own).
      const listed = () =>
        a.page.evaluate(async () => {
          type Downloads = { downloads: { search(query: object): Promise<{ filename: string }[]> } };
          const scope = globalThis as unknown as { browser?: Downloads; chrome: Downloads };
          const items = await (scope.browser ?? scope.chrome).downloads.search({});
          return items.map((d) => d.filename).filter((f) => f.includes('twofold-backup'));
        }, undefined);
      await until('downloads list without the backup', listed, (entries) => entries.length === 0);
      expect(existsSync(file)).toBe(true);

      // Profile B: an empty vault, restored from that file through the options page's import form.
      await b.page.open('options.html');
      await message(b.page, { type: 'vault.create', passphrase: 'profile b own passphrase' });
      await b.page.open('options.html');
      await b.page.waitFor('[data-testid="import"] input[type="file"]');
      await b.page.uploadFile('[data-testid="import"] input[type="file"]', file);
      await b.page.fill('[data-testid="import"] input[name="password"]', 'wrong backup password');
      await b.page.click('[data-testid="import"] button[type="submit"]');
      await b.page.waitFor('[data-testid="import-result"] [data-kind="error"]');
      expect(await names(b)).toEqual([]);
      await b.page.fill('[data-testid="import"] input[name="password"]', BACKUP_PASSWORD);
      await b.page.click('[data-testid="import"] button[type="submit"]');
      await until(
        'restored',
        () => names(b),
        (n) => n.length === 2,
      );
      expect(await names(b)).toEqual(await names(a));

      // A turns sync on (the switch); the account carries it to B, whose switch asks for the synced vault's passphrase.
      await a.page.open('options.html');
      await a.page.waitFor('[data-testid="sync"] input[name="sync"]');
      await a.page.click('[data-testid="sync"] input[name="sync"]');
      await a.page.waitFor('[data-testid="sync-status"]');
      await until(
        'A pushed',
        () => readSync(a.page),
        (items) => Object.keys(items).length === 3,
      );
      await relay(a, b);
      await b.page.open('options.html');
      await b.page.waitFor('[data-testid="sync"] input[name="sync"]');
      await b.page.click('[data-testid="sync"] input[name="sync"]');
      await b.page.waitFor('[data-testid="sync-result"][data-kind="error"]'); // another vault is synced: its passphrase, please
      await b.page.fill('[data-testid="sync"] input[name="sync-passphrase"]', PASSPHRASE);
      await b.page.click('[data-testid="sync"] button[type="submit"]');
      await b.page.waitFor('[data-testid="sync-result"][data-kind="ok"]');
      // Joined: B's restored copies were the same accounts, so each is there once.
      expect(await names(b)).toEqual(await names(a));

      // Offline: each profile edits on its own (its extension syncs into its own storage.sync only).
      const listA = (await message<Listed>(a.page, { type: 'accounts.list' })).accounts;
      const github = listA.find((x) => x.issuer === 'GitHub')!;
      const proton = listA.find((x) => x.issuer === 'Proton')!;
      await message(a.page, { type: 'accounts.update', id: github.id, tags: ['work'] });
      await message(a.page, { type: 'accounts.addUri', uri: uri(ACCOUNTS[2]!) });
      await message(b.page, { type: 'accounts.delete', id: proton.id });
      await message(b.page, { type: 'accounts.addUri', uri: uri(ACCOUNTS[3]!) });
      const expected = ['Dropbox:alice.dropbox:', 'Fastmail:alice.fastmail:', 'GitHub:alice@example.com:work'];
      // Back online: relay both ways until both profiles hold the same accounts.
      await until(
        'converged',
        async () => {
          await relay(a, b);
          await relay(b, a);
          return [await names(a), await names(b)];
        },
        ([x, y]) => JSON.stringify(x) === JSON.stringify(expected) && JSON.stringify(y) === JSON.stringify(expected),
      );
      const codes = async (p: Profile) => (await message<Listed>(p.page, { type: 'accounts.list' })).accounts.map((x) => `${x.issuer}:${x.code}`).sort();
      expect(await codes(b)).toEqual(await codes(a));

      // storage.sync in both profiles: no secret, issuer or label anywhere, names included.
      for (const p of [a, b]) {
        const dump = JSON.stringify(await readSync(p.page)).toLowerCase();
        for (const account of ACCOUNTS) {
          for (const word of [account.secret, account.issuer, account.label, 'alice', 'work']) expect(dump.includes(word.toLowerCase()), word).toBe(false);
        }
      }
      console.log(`authenticator-sync (${name}): ${Date.now() - started} ms`);
    });
  });
}

syncAndBackupJourney('chromium', chromiumProfile);
syncAndBackupJourney('firefox', firefoxProfile);
