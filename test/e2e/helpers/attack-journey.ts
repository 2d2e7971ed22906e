/**
 * The in-page attacks on the fill suggestion (clickjack, hostile script on the bound site), written
 * once and run per browser (attacks-clickjack-chromium / -firefox) with the BUILT extension loaded and pages on loopback host names (extension.ts maps
 * *.test to 127.0.0.1). An account is bound to bank.test; the attacker owns evil.test.
 *   - clickjack: decoys over the box on evil.test, three real clicks → no code, no new site;
 *   - hostile script on the bound site: html opacity 0, body filter:opacity(0), a transparent or an
 *     opaque top-layer element kept over the box, restyling our host → the fill refuses;
 *   - lookalikes (bank.test.evil.test, IDN bаnk.test) are offered nothing; the bind window warns;
 *   - a page without the SDK sees no extension event and no DOM change before a code field is focused;
 *   - the control: the same click on the untouched bound page fills.
 * One browser per file; each case reuses it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACK_MODES, CLICKJACK_PAGE, HOSTILE_BOUND_PAGE, QUIET_PAGE, QUIET_RECORDER } from './attack-pages';
import { hostBox, message, type ExtensionBrowser, type ExtensionPage } from './extension';
import { startTestServer, type TestServer } from './server';

const PASSPHRASE = 'attack e2e passphrase';
const SECRET = 'JBSWY3DPEHPK3PXP';
/** Longer than the gate's ARM_MS (400 ms): a person reads the box before clicking. */
const READ_MS = 700;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<R>(page: ExtensionPage, read: () => R, accept: (value: R) => boolean, what: string): Promise<R> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = (await page.evaluate(read as never, undefined)) as R;
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
    await sleep(100);
  }
}

const fieldValue = () => (document.getElementById('code') as HTMLInputElement).value;

/** Registers the attack cases for one browser. */
export function attackJourney(launch: () => Promise<ExtensionBrowser>): void {
  let server: TestServer;
  let browser: ExtensionBrowser;
  let setup: ExtensionPage;
  let site: ExtensionPage;
  let accountId: string;
  const at = (host: string, path: string) => `http://${host}:${server.port}${path}`;

  const sitesOfAll = async () =>
    (await message<{ accounts: { id: string; sites: string[] }[] }>(setup, { type: 'accounts.list' })).accounts.map((a) => a.sites.join(','));

  /** Bind windows the background opened, seen from an extension page: the tab id each is for, its window type. */
  const bindWindows = () =>
    setup.evaluate(async () => {
      type Api = {
        tabs: { query(q: object): Promise<{ id?: number; url?: string; windowId: number }[]> };
        windows: { get(id: number): Promise<{ type?: string }> };
      };
      const g = globalThis as unknown as { browser?: Api; chrome: Api };
      const api = g.browser ?? g.chrome;
      const out: { tab: string; type: string | undefined; tabId: number | undefined }[] = [];
      for (const t of await api.tabs.query({})) {
        const m = t.url?.match(/\/bind\.html\?tab=(\d+)$/);
        if (m) out.push({ tab: m[1]!, type: (await api.windows.get(t.windowId)).type, tabId: t.id });
      }
      return out;
    }, undefined);
  /** Waits (10 s) for the background to open a bind window. */
  const bindWindowOpened = async () => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const w = await bindWindows();
      if (w.length > 0 || Date.now() > deadline) return w;
      await sleep(200);
    }
  };
  /** Closes the bind windows' tabs (only those: never the window the test pages live in). */
  const closeBindWindows = async () => {
    for (const w of await bindWindows()) {
      if (w.tabId === undefined) continue;
      await setup.evaluate(async (id) => {
        const g = globalThis as unknown as {
          browser?: { tabs: { remove(id: number): Promise<void> } };
          chrome: { tabs: { remove(id: number): Promise<void> } };
        };
        await (g.browser ?? g.chrome).tabs.remove(id).catch(() => undefined);
      }, w.tabId);
    }
  };

  beforeAll(async () => {
    server = await startTestServer({
      pages: { '/clickjack.html': CLICKJACK_PAGE, '/hostile.html': HOSTILE_BOUND_PAGE, '/quiet.html': QUIET_PAGE },
    });
    browser = await launch();
    setup = await browser.newPage();
    await setup.open('popup.html');
    await message(setup, { type: 'vault.create', passphrase: PASSPHRASE });
    const uri = `otpauth://totp/${encodeURIComponent('Loopback Bank')}:dana?secret=${SECRET}&issuer=${encodeURIComponent('Loopback Bank')}`;
    accountId = (await message<{ account: { id: string } }>(setup, { type: 'accounts.addUri', uri })).account.id;
    await message(setup, { type: 'accounts.update', id: accountId, sites: ['bank.test'] });
    site = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function focusField(url: string) {
    await site.bringToFront();
    await site.goto(url);
    await site.click('#code');
    return waitFor(site, hostBox, (v) => v.present && v.height > 0, 'the inline suggestion');
  }

  it('control: on the bound site, a real click on "Fill code" after reading the box fills', async () => {
    const box = await focusField(at('bank.test', '/hostile.html'));
    await sleep(READ_MS);
    await site.clickAt(box.x + box.width / 2, box.y + 40);
    expect(await waitFor(site, fieldValue, (v) => /^\d{6}$/.test(v), 'the filled code')).toMatch(/^\d{6}$/);
  });

  it('clickjack on evil.test: decoys over the box and three real clicks end with no code and no new site', async () => {
    const before = await sitesOfAll();
    const box = await focusField(at('evil.test', '/clickjack.html'));
    await waitFor(
      site,
      () => document.querySelectorAll('.decoy').length,
      (n) => n === 3,
      'the decoys',
    );
    const decoys = await site.evaluate(
      () =>
        [...document.querySelectorAll<HTMLElement>('.decoy')].map((d) => {
          const r = d.getBoundingClientRect();
          return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
        }),
      undefined,
    );
    for (const d of decoys) {
      await sleep(READ_MS);
      await site.clickAt(d.x, d.y);
    }
    await sleep(READ_MS);
    expect(await site.evaluate(fieldValue, undefined)).toBe('');
    expect(await sitesOfAll()).toEqual(before);
    // "Use another account…" only opened the extension's own window; the page cannot reach into it.
    const windows = await bindWindowOpened();
    expect(windows.map((w) => w.type)).toEqual(['popup']);
    expect(box.height).toBeGreaterThan(0);
    await closeBindWindows();
  });

  for (const mode of ATTACK_MODES) {
    it(`hostile script on the bound site (${mode}): the fill refuses`, async () => {
      await site.bringToFront();
      await site.goto(at('bank.test', `/hostile.html?mode=${mode}`));
      await site.click('#code');
      // Where the page saw the box appear (it may close at once: restyling the host blocks the page).
      const box = (await waitFor(
        site,
        () => (window as unknown as { __hostRect?: { x: number; y: number; width: number; height: number } }).__hostRect ?? null,
        Boolean,
        'the attack to start',
      ))!;
      await sleep(READ_MS + 300);
      // Where "Fill code" was; with the host restyled or covered the click may land on the page instead.
      await site.clickAt(box.x + box.width / 2, box.y + 40);
      await sleep(READ_MS);
      expect(await site.evaluate(fieldValue, undefined)).toBe('');
      // Also the keyboard shortcut path: the relayed command must refuse the same way.
      await site.press('ArrowDown');
      await site.press('Enter');
      await sleep(300);
      expect(await site.evaluate(fieldValue, undefined)).toBe('');
      await closeBindWindows();
    });
  }

  for (const [host, kind] of [
    ['bank.test.evil.test', 'brand-in-subdomain'],
    ['xn--bnk-6cd.test', 'homoglyph'],
  ] as const) {
    it(`lookalike ${host}: offered nothing; "Use another account…" opens the bind window, which warns (${kind})`, async () => {
      const before = await sitesOfAll();
      await focusField(at(host, '/quiet.html'));
      await sleep(READ_MS);
      // On the bound site ArrowDown + Enter fills at once; here the only entry opens the extension window.
      await site.press('ArrowDown');
      await site.press('Enter');
      const windows = await bindWindowOpened();
      expect(await site.evaluate(fieldValue, undefined)).toBe('');
      expect(windows).toHaveLength(1);
      expect(windows[0]!.type).toBe('popup');
      // Drive the same window UI for that tab in a page we control (the popup window itself is the
      // browser's; its tab id is what the background used).
      const bind = await browser.newPage();
      await bind.open(`bind.html?tab=${windows[0]!.tab}`);
      await bind.waitFor('[data-testid=bind-warning]');
      expect(await bind.attribute('[data-testid=bind-warning] li', 'data-kind')).toBe(kind);
      expect(await bind.text('[data-testid=bind-site]')).toBe(host === 'xn--bnk-6cd.test' ? 'xn--bnk-6cd.test' : 'evil.test');
      // The confirm button stays disabled until an account is chosen and the warning acknowledged.
      expect(await bind.evaluate(() => (document.querySelector('[data-testid=bind-confirm]') as HTMLButtonElement).disabled, undefined)).toBe(true);
      await bind.click('[data-testid=bind-account]');
      expect(await bind.evaluate(() => (document.querySelector('[data-testid=bind-confirm]') as HTMLButtonElement).disabled, undefined)).toBe(true);
      expect(await sitesOfAll()).toEqual(before);
      await closeBindWindows();
    });
  }

  it('the bind window binds only after an explicit choice there; then the page offers and fills', async () => {
    await focusField(at('evil.test', '/quiet.html'));
    await sleep(READ_MS);
    await site.press('ArrowDown');
    await site.press('Enter');
    const windows = await bindWindowOpened();
    const bind = await browser.newPage();
    await bind.open(`bind.html?tab=${windows[0]!.tab}`);
    await bind.waitFor('[data-testid=bind-account]');
    expect(await bind.text('[data-testid=bind-site]')).toBe('evil.test');
    await bind.click('[data-testid=bind-account]');
    await bind.click('[data-testid=bind-confirm]');
    await bind.waitFor('[data-testid=bind-status]');
    expect((await sitesOfAll()).find((s) => s.includes('bank.test'))).toBe('bank.test,evil.test');
    await closeBindWindows();
    // Back on the page: the stale box is gone (otp.bound); the field now offers the bound account.
    await site.bringToFront();
    await site.click('#code');
    const box = await waitFor(site, hostBox, (v) => v.present && v.height > 0, 'the suggestion with the bound account');
    await sleep(READ_MS);
    await site.clickAt(box.x + box.width / 2, box.y + 40);
    expect(await waitFor(site, fieldValue, (v) => /^\d{6}$/.test(v), 'the filled code')).toMatch(/^\d{6}$/);
    await message(setup, { type: 'accounts.update', id: accountId, sites: ['bank.test'] });
  });

  it('a page without the SDK sees no extension event and no DOM change before a code field is focused; the box has one size', async () => {
    const quiet = await browser.newPage();
    await quiet.bringToFront();
    await quiet.addInitScript(QUIET_RECORDER);
    await quiet.goto(at('bank.test', '/quiet.html'));
    await sleep(1500); // past document_idle and the content script's idle work
    // Nothing reaches the page: no DOM change, no extension event (the announce bridge only listens).
    expect(await quiet.evaluate(() => (window as unknown as { __seen: string[] }).__seen, undefined)).toEqual([]);
    // The recorder works: focusing the field brings the suggestion, a DOM change the page sees.
    await quiet.click('#code');
    await waitFor(
      quiet,
      () => (window as unknown as { __seen: string[] }).__seen.some((s) => s.startsWith('mutation:childList:BODY+DIV')),
      Boolean,
      'the recorded suggestion',
    );
    // Same size whatever it offers: bound site with one account here, none on evil.test.
    const bound = await waitFor(quiet, hostBox, (v) => v.present, 'the box');
    const unbound = await focusField(at('evil.test', '/quiet.html'));
    expect([unbound.width, unbound.height]).toEqual([bound.width, bound.height]);
    await message(setup, { type: 'vault.lock' });
    const locked = await focusField(at('bank.test', '/quiet.html'));
    expect([locked.width, locked.height]).toEqual([bound.width, bound.height]);
    await message(setup, { type: 'vault.unlock', passphrase: PASSPHRASE });
  });
}

/** Describes the attack cases for `name`, skipped when that browser is not installed. */
export function describeAttacks(name: 'chromium' | 'firefox', available: boolean, launch: () => Promise<ExtensionBrowser>): void {
  describe.skipIf(!available)(`the extension under attack (${name})`, () => attackJourney(launch));
}
