/**
 * The OTP autofill e2e, written once and run per browser (otp-fill-chromium.test.ts,
 * otp-fill-firefox.test.ts) with the built extension loaded:
 *   - a 2FA page on 127.0.0.1 + an account bound to 127.0.0.1 → inline suggestion in a closed
 *     shadow root → real click (and, separately, keyboard) fills → the page's server verifies the
 *     code with otplib;
 *   - the same page on `localhost` → the account is not offered; "Use another account…" opens the
 *     extension's bind window (binding never happens in the page); after the choice there
 *     the page offers the account, and the code fills and verifies.
 * The in-page box fills only once it has been visible and unmoved for the gate's arm time
 * (fill-gate.ts ARM_MS), so each case waits READ_MS, as a person reading the box does.
 */
import * as esbuild from 'esbuild';
import { generateSecret, verify } from 'otplib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message, type ExtensionBrowser, type ExtensionPage } from './extension';
import { startTestServer, type TestServer } from './server';

const pagesDir = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/fill-pages');

/** The React fixture app, bundled for the browser. */
async function bundleReactApp(): Promise<string> {
  const out = await esbuild.build({
    entryPoints: [join(pagesDir, 'react-app.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return out.outputFiles[0]!.text;
}
const PASSPHRASE = 'autofill e2e passphrase';
const ISSUER = 'Loopback Bank';
/** Longer than the fill gate's arm time (400 ms). */
const READ_MS = 700;
const read = () => new Promise((r) => setTimeout(r, READ_MS));

/** Polls `read` in the page until `accept` holds (15 s), returning the last value. */
async function waitFor<R>(page: ExtensionPage, read: () => R, accept: (value: R) => boolean, what: string): Promise<R> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = (await page.evaluate(read as never, undefined)) as R;
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const fieldValue = () => (document.getElementById('code') as HTMLInputElement).value;

/** What the page itself can see of the suggestion: a host box, no shadow root, no names. */
function hostView(): { present: boolean; shadowReadable: boolean; x: number; y: number; width: number; height: number; leaks: boolean } {
  // The suggestion's host: the only element the page can see (its inline styles pin it on top).
  const host = document.querySelector<HTMLElement>('body > div[style*="2147483647"]');
  const r = host?.getBoundingClientRect();
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a page script reads off the screen; textContent is already in outerHTML.
  const html = document.documentElement.outerHTML + document.body.innerText;
  return {
    present: !!host,
    shadowReadable: !!host?.shadowRoot,
    x: r?.x ?? 0,
    y: r?.y ?? 0,
    width: r?.width ?? 0,
    height: r?.height ?? 0,
    leaks: html.includes('Loopback Bank') || html.includes('Fill code'),
  };
}

/** Registers the autofill journey for one browser. */
export function otpFillJourney(launch: () => Promise<ExtensionBrowser>): void {
  let server: TestServer;
  let browser: ExtensionBrowser;
  let setup: ExtensionPage;
  let site: ExtensionPage;
  let accountId: string;
  const secret = generateSecret();
  const verified: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      static: { '/': pagesDir },
      pages: { '/react-app.js': await bundleReactApp() },
      handlers: [
        async (req, res, url) => {
          if (url.pathname !== '/verify' || req.method !== 'POST') return false;
          let body = '';
          for await (const chunk of req) body += chunk;
          const code = String((JSON.parse(body) as { code?: unknown }).code ?? '');
          const ok = /^\d{6}$/.test(code) && (await verify({ secret, token: code, epochTolerance: 30 })).valid;
          if (ok) verified.push(code);
          res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ verified: ok }));
          return true;
        },
      ],
    });
    browser = await launch();
    setup = await browser.newPage();
    await setup.open('popup.html');
    await message(setup, { type: 'vault.create', passphrase: PASSPHRASE });
    const uri = `otpauth://totp/${encodeURIComponent(ISSUER)}:dana?secret=${secret}&issuer=${encodeURIComponent(ISSUER)}`;
    accountId = (await message<{ account: { id: string } }>(setup, { type: 'accounts.addUri', uri })).account.id;
    await message(setup, { type: 'accounts.update', id: accountId, sites: ['127.0.0.1'] });
    site = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function focusCodeField(url: string) {
    await site.bringToFront();
    await site.goto(url);
    await site.click('#code');
    const view = await waitFor(site, hostView, (v) => v.present && v.height > 0, 'the inline suggestion');
    await read();
    return view;
  }

  async function submitAndExpectVerified(code: string) {
    await site.click('#verify');
    expect(
      await waitFor(
        site,
        () => document.getElementById('result')!.textContent,
        (t) => t !== '',
        'the server verdict',
      ),
    ).toBe('verified');
    expect(verified).toContain(code);
  }

  it('127.0.0.1: offers the bound account in a closed shadow root; a real click fills; the server verifies', async () => {
    const view = await focusCodeField(`${server.origin}/site-2fa.html`);
    expect(view.shadowReadable).toBe(false);
    expect(view.leaks).toBe(false);
    expect(await site.evaluate(fieldValue, undefined)).toBe('');
    // The account entry is the suggestion's first row (under the brand line).
    await site.clickAt(view.x + view.width / 2, view.y + 40);
    const code = await waitFor(site, fieldValue, (v) => /^\d{6}$/.test(v), 'the filled code');
    await waitFor(site, hostView, (v) => !v.present, 'the suggestion to close after the fill');
    await submitAndExpectVerified(code);
  });

  it('127.0.0.1: keyboard only — ArrowDown enters the suggestion, Enter fills', async () => {
    await focusCodeField(`${server.origin}/site-2fa.html`);
    await site.press('ArrowDown');
    await site.press('Enter');
    const code = await waitFor(site, fieldValue, (v) => /^\d{6}$/.test(v), 'the filled code');
    await submitAndExpectVerified(code);
  });

  it('127.0.0.1: fills a React-controlled field from the content script world; React state holds the code', async () => {
    await site.goto(`${server.origin}/react.html`);
    await site.click('#otp');
    await waitFor(site, hostView, (v) => v.present && v.height > 0, 'the inline suggestion');
    await read();
    await site.press('ArrowDown');
    await site.press('Enter');
    const readOtp = () => (document.getElementById('otp') as HTMLInputElement).value;
    const code = await waitFor(site, readOtp, (v) => /^\d{6}$/.test(v), 'the filled code');
    await site.click('#single button');
    expect(
      await waitFor(
        site,
        () => document.getElementById('single-state')!.textContent,
        (t) => t !== '',
        'React state',
      ),
    ).toBe(`state:${code}`);
    expect((await verify({ secret, token: code, epochTolerance: 30 })).valid).toBe(true);
  });

  it('127.0.0.1: split boxes (React, auto-advance) get one digit each from the content script', async () => {
    await site.goto(`${server.origin}/react.html`);
    await site.click('#split .box');
    await waitFor(site, hostView, (v) => v.present && v.height > 0, 'the inline suggestion');
    await read();
    await site.press('ArrowDown');
    await site.press('Enter');
    const readBoxes = () => [...document.querySelectorAll<HTMLInputElement>('#split .box')].map((b) => b.value).join('');
    const code = await waitFor(site, readBoxes, (v) => /^\d{6}$/.test(v), 'six filled boxes');
    await site.click('#split button');
    expect(
      await waitFor(
        site,
        () => document.getElementById('split-state')!.textContent,
        (t) => t !== '',
        'React state',
      ),
    ).toBe(`state:${code}`);
    expect((await verify({ secret, token: code, epochTolerance: 30 })).valid).toBe(true);
  });

  it('a hostile page can neither hide nor read the suggestion (closed shadow, pinned styles, isolated world)', async () => {
    await site.goto(`${server.origin}/hostile.html`);
    await site.click('#code');
    const view = await waitFor(site, hostView, (v) => v.present && v.height > 0, 'the inline suggestion');
    await read();
    const probe = await site.evaluate(() => {
      const host = document.querySelector<HTMLElement>('body > div[style*="2147483647"]')!;
      const w = window as unknown as { __stolen: ShadowRoot[]; __added: Element[] };
      const style = getComputedStyle(host);
      return {
        stolen: w.__stolen.length,
        addedHost: w.__added.includes(host),
        display: style.display,
        visibility: style.visibility,
        opacity: style.opacity,
        childNodes: host.childNodes.length,
        text: host.textContent,
      };
    }, undefined);
    // The page sees that an element was added (it is in its DOM) but gets no root, no text, no children.
    expect(probe).toMatchObject({ stolen: 0, addedHost: true, display: 'block', visibility: 'visible', opacity: '1', childNodes: 0, text: '' });
    expect(view.leaks).toBe(false);
    await site.clickAt(view.x + view.width / 2, view.y + 40);
    const code = await waitFor(site, fieldValue, (v) => /^\d{6}$/.test(v), 'the filled code');
    // The page's capture listeners see the click retargeted to the host, never the button or text inside.
    const events = await site.evaluate(() => (window as unknown as { __events: string[] }).__events, undefined);
    expect(events).toContain('click:div');
    expect(events.filter((e) => /:(button|span)$/.test(e))).toEqual([]);
    await submitAndExpectVerified(code);
  });

  it('Escape closes the suggestion without filling', async () => {
    await focusCodeField(`${server.origin}/site-2fa.html`);
    await site.press('Escape');
    await waitFor(site, hostView, (v) => !v.present, 'the suggestion to close');
    expect(await site.evaluate(fieldValue, undefined)).toBe('');
  });

  it('the fill shortcut (relayed by the background) fills the focused field', async () => {
    await focusCodeField(`${server.origin}/site-2fa.html`);
    // What the background's commands.onCommand listener sends (relayFillShortcut), sent from our own page.
    await setup.evaluate(async (pageUrl) => {
      type Tabs = { tabs: { query(q: object): Promise<{ id?: number; url?: string }[]>; sendMessage(id: number, m: unknown): Promise<unknown> } };
      const g = globalThis as unknown as { browser?: Tabs; chrome: Tabs };
      const api = g.browser ?? g.chrome;
      const tab = (await api.tabs.query({})).find((t) => t.url === pageUrl);
      if (tab?.id === undefined) throw new Error(`no tab for ${pageUrl}`);
      await api.tabs.sendMessage(tab.id, { type: 'otp.fillShortcut' }).catch(() => undefined);
    }, `${server.origin}/site-2fa.html`);
    const code = await waitFor(site, fieldValue, (v) => /^\d{6}$/.test(v), 'the filled code');
    await submitAndExpectVerified(code);
  });

  it('localhost: the account is not offered; "Use another account…" binds only in the extension window, then the page fills', async () => {
    const url = `http://localhost:${server.port}/site-2fa.html`;
    const first = await focusCodeField(url);
    expect(first.leaks).toBe(false);
    // On a bound site ArrowDown + Enter fills at once (test above); here the only entry opens the bind window.
    await site.press('ArrowDown');
    await site.press('Enter');
    const tabFor = await waitForBindWindow();
    expect(await site.evaluate(fieldValue, undefined)).toBe('');
    const sitesOf = async () =>
      (await message<{ accounts: { id: string; sites: string[] }[] }>(setup, { type: 'accounts.list' })).accounts.find((a) => a.id === accountId)!.sites;
    expect(await sitesOf()).toEqual(['127.0.0.1']);

    // The window's UI, for the tab the background named: the site large, an explicit choice and click.
    const bind = await browser.newPage();
    await bind.open(`bind.html?tab=${tabFor}`);
    await bind.waitFor('[data-testid=bind-account]');
    expect(await bind.text('[data-testid=bind-site]')).toBe('localhost');
    await bind.click('[data-testid=bind-account]');
    await bind.click('[data-testid=bind-confirm]');
    await bind.waitFor('[data-testid=bind-status]');
    expect(await sitesOf()).toEqual(['127.0.0.1', 'localhost']);

    // Back in the page: the field now offers the account; the code fills and the server verifies it.
    const view = await focusCodeField(url);
    await site.clickAt(view.x + view.width / 2, view.y + 40);
    const code = await waitFor(site, fieldValue, (v) => /^\d{6}$/.test(v), 'the filled code');
    await submitAndExpectVerified(code);
  });

  /** Waits for the bind window the background opens; returns the tab id it is for. */
  async function waitForBindWindow(): Promise<string> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const tab = await setup.evaluate(async () => {
        type Tabs = { tabs: { query(q: object): Promise<{ url?: string }[]> } };
        const g = globalThis as unknown as { browser?: Tabs; chrome: Tabs };
        const urls = (await (g.browser ?? g.chrome).tabs.query({})).map((t) => t.url ?? '');
        return urls.map((u) => u.match(/\/bind\.html\?tab=(\d+)$/)?.[1]).find(Boolean) ?? null;
      }, undefined);
      if (tab) return tab;
      if (Date.now() > deadline) throw new Error('the bind window did not open');
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Describes the journey for `name`, skipped when that browser is not installed. */
export function describeOtpFill(name: 'chromium' | 'firefox', available: boolean, launch: () => Promise<ExtensionBrowser>): void {
  describe.skipIf(!available)(`OTP autofill with the extension loaded (${name})`, () => otpFillJourney(launch));
}
