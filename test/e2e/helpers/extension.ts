/**
 * Shared e2e helper: launches headless Chromium (playwright-core) or Firefox ESR (puppeteer-core,
 * WebDriver BiDi) with the built extension loaded, per ../shared/docs/browser-testing.md, and gives
 * both the same small page interface so one test body runs in each browser.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page as PlaywrightPage } from 'playwright-core';
import puppeteer, { type Browser, type Page as PuppeteerPage } from 'puppeteer-core';
import { browserInstalled, hasChromium, launchChromiumPersistent } from './chromium';

/** The built extension folders (run `node build.mjs` first; `npm test` does). */
export const DIST_CHROME = fileURLToPath(new URL('../../../dist/chrome', import.meta.url));
/** See DIST_CHROME. */
export const DIST_FIREFOX = fileURLToPath(new URL('../../../dist/firefox', import.meta.url));
/** The packed Firefox build (`node build.mjs` zips dist/firefox): what a profile installs permanently. */
export const FIREFOX_XPI = fileURLToPath(new URL('../../../dist/twofold-firefox.zip', import.meta.url));
/** The Firefox binary: TWOFOLD_FIREFOX overrides. */
export const FIREFOX_PATH = process.env.TWOFOLD_FIREFOX ?? '/usr/bin/firefox-esr';
/** The extension's Gecko id (manifest.json browser_specific_settings.gecko.id). */
export const GECKO_ID = 'twofold@twofold.dev';

/** The operations e2e tests need on an extension page, in either browser. */
export interface ExtensionPage {
  /** Navigates to an extension page, e.g. `popup.html`, and waits until it has loaded. */
  open(path: string): Promise<void>;
  /** Makes this tab the active one of its window. */
  bringToFront(): Promise<void>;
  fill(selector: string, value: string): Promise<void>;
  click(selector: string): Promise<void>;
  waitFor(selector: string): Promise<void>;
  text(selector: string): Promise<string>;
  attribute(selector: string, name: string): Promise<string | null>;
  uploadFile(selector: string, path: string): Promise<void>;
  /** Runs `fn(arg)` in the page (e.g. to message the background as the page does). */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** A PNG screenshot (for the README). */
  screenshot(path: string): Promise<void>;
  /** Navigates to any URL (e.g. a test site on 127.0.0.1) and waits for `load`. */
  goto(url: string): Promise<void>;
  /** Presses a key in the focused element: a trusted keyboard event (e.g. `ArrowDown`, `Enter`). */
  press(key: string): Promise<void>;
  /** A trusted mouse click at viewport coordinates (reaches into closed shadow roots). */
  clickAt(x: number, y: number): Promise<void>;
  /** Runs `source` in every document this page loads from now on, before the page's own scripts. */
  addInitScript(source: string): Promise<void>;
}

/**
 * Host names the attack tests serve on loopback (any port): Chromium maps every `*.test` name by
 * --host-resolver-rules; Firefox needs each exact name in `network.dns.localDomains`.
 */
export const LOOPBACK_TEST_HOSTS = ['bank.test', 'evil.test', 'bank.test.evil.test', 'xn--bnk-6cd.test'];

/** A browser with the extension loaded. */
export interface ExtensionBrowser {
  name: 'chromium' | 'firefox';
  /** The extension's origin, e.g. `chrome-extension://<id>`. */
  origin: string;
  /** Opens a new tab. */
  newPage(): Promise<ExtensionPage>;
  close(): Promise<void>;
}

/** Wraps a Playwright page (Chromium) in the shared interface; `origin` is the extension's. */
export function playwrightPage(page: PlaywrightPage, origin: string): ExtensionPage {
  return {
    open: async (path) => void (await page.goto(`${origin}/${path}`, { waitUntil: 'load' })),
    bringToFront: () => page.bringToFront(),
    fill: (selector, value) => page.fill(selector, value),
    async click(selector) {
      // A person clicks in the tab they look at. In a background tab Chromium paints no frames, and
      // Playwright's click waits for two animation frames (its "stable" check), so each click there
      // took ~2 s (authenticator-chromium's order and QR cases ~8 s each, ~1 s with this).
      await page.bringToFront();
      await page.click(selector);
    },
    waitFor: async (selector) => void (await page.waitForSelector(selector, { timeout: 20_000 })),
    text: async (selector) => (await page.textContent(selector)) ?? '',
    attribute: (selector, name) => page.getAttribute(selector, name),
    uploadFile: (selector, path) => page.setInputFiles(selector, path),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    screenshot: async (path) => void (await page.screenshot({ path })),
    goto: async (url) => void (await page.goto(url, { waitUntil: 'load' })),
    press: (key) => page.keyboard.press(key),
    clickAt: (x, y) => page.mouse.click(x, y),
    addInitScript: async (source) => void (await page.addInitScript(source)),
  };
}

/** Wraps a Puppeteer page (Firefox) in the shared interface; `origin` is the extension's. */
export function puppeteerPage(page: PuppeteerPage, origin: string): ExtensionPage {
  return {
    async open(path) {
      const url = `${origin}/${path}`;
      // Re-opening the page already shown must wait for the NEW document, not see the old one complete:
      // performance.timeOrigin is per document.
      const before = await page.evaluate(() => performance.timeOrigin).catch(() => undefined);
      // Per the recipe: a moz-extension navigation promise never resolves, so do not await it.
      page.goto(url).catch(() => undefined);
      // Poll rather than waitForFunction: while the old document goes away, Firefox's BiDi can fail
      // an evaluation outright ("right-hand side of 'in' should be an object") instead of retrying.
      const deadline = Date.now() + 20_000;
      for (;;) {
        const loaded = await page
          .evaluate(
            (expected: string, old: number | undefined) => location.href === expected && document.readyState === 'complete' && performance.timeOrigin !== old,
            url,
            before,
          )
          .catch(() => false);
        if (loaded) return;
        if (Date.now() > deadline) throw new Error(`${url} did not finish loading within 20 s`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    bringToFront: () => page.bringToFront(),
    async fill(selector, value) {
      await page.waitForSelector(selector);
      await page.$eval(selector, (el) => ((el as HTMLInputElement).value = ''));
      await page.type(selector, value);
    },
    click: (selector) => page.click(selector),
    waitFor: async (selector) => void (await page.waitForSelector(selector, { timeout: 20_000 })),
    text: (selector) => page.$eval(selector, (el) => el.textContent ?? ''),
    attribute: (selector, name) => page.$eval(selector, (el, n) => el.getAttribute(n), name),
    async uploadFile(selector, path) {
      const input = await page.$(selector);
      if (!input) throw new Error(`no ${selector}`);
      await (input as unknown as { uploadFile(...paths: string[]): Promise<void> }).uploadFile(path);
    },
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    screenshot: async (path) => void (await page.screenshot({ path: path as `${string}.png` })),
    goto: async (url) => void (await page.goto(url, { waitUntil: 'load' })),
    press: (key) => page.keyboard.press(key as Parameters<PuppeteerPage['keyboard']['press']>[0]),
    clickAt: (x, y) => page.mouse.click(x, y),
    addInitScript: async (source) => void (await page.evaluateOnNewDocument(source)),
  };
}

/**
 * Launches Chromium with dist/chrome loaded (one launch per test file). With `profile`, that profile
 * directory is used and kept on close (a browser restart); otherwise a fresh one is made and removed.
 */
export async function launchChromiumWithExtension(options: { profile?: string } = {}): Promise<ExtensionBrowser> {
  if (!existsSync(join(DIST_CHROME, 'manifest.json'))) throw new Error('dist/chrome is missing: run `node build.mjs` first');
  const profile = options.profile ?? mkdtempSync(join(tmpdir(), 'twofold-chromium-'));
  const context = await launchChromiumPersistent(profile, { extensionDir: DIST_CHROME, args: ['--host-resolver-rules=MAP *.test 127.0.0.1'] });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 30_000 });
  const workerUrl = new URL(worker.url());
  const origin = `${workerUrl.protocol}//${workerUrl.host}`; // URL.origin is "null" for chrome-extension: in Node
  return {
    name: 'chromium',
    origin,
    newPage: async () => playwrightPage(await context.newPage(), origin),
    async close() {
      await context.close();
      if (!options.profile) rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Firefox prefs that turn off background-tab throttling, as Playwright's Chromium launch does
 * (--disable-background-timer-throttling, --disable-renderer-backgrounding). A test with two tabs
 * drives one of them in the background: Firefox then clamps its timers to >= 1 s with a budget
 * (delays grew to 16 s per click) and paints it at 1 frame/s, so Puppeteer's click (it waits on an
 * IntersectionObserver) took ~1-16 s and the authenticator e2e spent 70 of its 100 s waiting.
 * No test relies on throttling; visibilityState is unchanged.
 */
export const FIREFOX_NO_BACKGROUND_THROTTLING: Readonly<Record<string, unknown>> = {
  'dom.min_background_timeout_value': 4,
  'dom.min_background_timeout_value_without_budget_throttling': 4,
  'dom.timeout.enable_budget_timer_throttling': false,
  'layout.throttled_frame_rate': 60,
};

/** Options of a Firefox launch. */
export interface FirefoxLaunchOptions {
  prefs?: Record<string, unknown>;
  /**
   * A profile directory kept across launches (a browser restart), as a user's profile is. The
   * extension is then installed permanently, not as a temporary add-on (Firefox uninstalls those at
   * shutdown): dist/twofold-firefox.zip is placed in the profile's extensions/ folder as
   * `<gecko id>.xpi` and Firefox loads it at each start (unsigned: ESR honours
   * xpinstall.signatures.required=false). Its UUID, hence its origin and storage, is the one pinned on
   * the first start, read back from the profile's prefs.js where Firefox saved it.
   */
  profile?: string;
}

/** The extension's UUID Firefox recorded in `profile`'s prefs.js (extensions.webextensions.uuids), if any. */
function recordedUuid(profile: string): string | undefined {
  const prefsFile = join(profile, 'prefs.js');
  if (!existsSync(prefsFile)) return undefined;
  const line = /user_pref\("extensions\.webextensions\.uuids", "(.*)"\);/.exec(readFileSync(prefsFile, 'utf8'));
  if (!line?.[1]) return undefined;
  const uuids = JSON.parse(JSON.parse(`"${line[1]}"`) as string) as Record<string, unknown>;
  const uuid = uuids[GECKO_ID];
  return typeof uuid === 'string' ? uuid : undefined;
}

/**
 * Starts Firefox ESR (WebDriver BiDi) with dist/firefox installed as a temporary add-on (or, with
 * `profile`, the packed build installed permanently in that profile), its internal UUID pinned by
 * pref so extension pages have a known `moz-extension://` origin.
 */
export async function startFirefoxWithExtension(options: FirefoxLaunchOptions = {}): Promise<{ browser: Browser; origin: string }> {
  if (!existsSync(join(DIST_FIREFOX, 'manifest.json'))) throw new Error('dist/firefox is missing: run `node build.mjs` first');
  const { profile } = options;
  if (profile) {
    if (!existsSync(FIREFOX_XPI)) throw new Error('dist/twofold-firefox.zip is missing: run `node build.mjs` first');
    const installed = join(profile, 'extensions', `${GECKO_ID}.xpi`);
    // Placed once: a later start must find the same add-on, as after a real restart.
    if (!existsSync(installed)) {
      mkdirSync(join(profile, 'extensions'), { recursive: true });
      copyFileSync(FIREFOX_XPI, installed);
    }
  }
  const uuid = (profile && recordedUuid(profile)) || crypto.randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    headless: true,
    executablePath: FIREFOX_PATH,
    ...(profile ? { userDataDir: profile } : {}),
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      // The attack tests' site names resolve to loopback; plain http stays plain http there.
      'network.dns.localDomains': LOOPBACK_TEST_HOSTS.join(','),
      'dom.security.https_first': false,
      ...FIREFOX_NO_BACKGROUND_THROTTLING,
      // A profile's add-on is the unsigned local build (puppeteer already enables the profile scope).
      ...(profile ? { 'xpinstall.signatures.required': false } : {}),
      ...options.prefs,
    },
    args: ['--remote-allow-system-access'],
  });
  if (!profile) await browser.installExtension(DIST_FIREFOX);
  const origin = `moz-extension://${uuid}`;
  return { browser, origin };
}

/**
 * Launches Firefox ESR with dist/firefox installed as a temporary add-on (one launch per test file);
 * with `profile`, that profile and its permanently installed build are kept on close (a restart).
 */
export async function launchFirefoxWithExtension(options: FirefoxLaunchOptions = {}): Promise<ExtensionBrowser> {
  const { browser, origin } = await startFirefoxWithExtension(options);
  // installExtension (or, for a profile's add-on, the launch) can resolve before the event page has registered its listeners;
  // wait until the background answers so the first test message is not lost ("Receiving end does not exist").
  const probe = await browser.newPage();
  await puppeteerPage(probe, origin).open('popup.html');
  await probe.waitForFunction(
    async () => {
      try {
        const g = globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } };
        return Boolean(await g.browser.runtime.sendMessage({ type: 'vault.status' }));
      } catch {
        return false;
      }
    },
    { timeout: 20_000, polling: 200 },
  );
  await probe.close();
  return {
    name: 'firefox',
    origin,
    newPage: async () => puppeteerPage(await browser.newPage(), origin),
    close: () => browser.close(),
  };
}

/** True when the browser binary for `name` is installed (see browserInstalled). */
export function hasBrowser(name: 'chromium' | 'firefox'): boolean {
  return name === 'firefox' ? browserInstalled(FIREFOX_PATH) : hasChromium();
}

/** Sends a request to the extension's background from an extension page, exactly as the UI does; rejects with the background's error message. */
export function message<T>(page: ExtensionPage, request: unknown): Promise<T> {
  return page.evaluate(async (req) => {
    type Runtime = { runtime: { sendMessage(message: unknown): Promise<unknown> } };
    const g = globalThis as unknown as { browser?: Runtime; chrome: Runtime };
    const reply = (await (g.browser ?? g.chrome).runtime.sendMessage(req)) as { ok: boolean; result?: unknown; error?: { message: string } };
    if (!reply.ok) throw new Error(reply.error?.message);
    return reply.result;
  }, request) as Promise<T>;
}

/** The inline suggestion's host as the page sees it (a plain popover div; its content is unreadable). Runs in the page. */
export function hostBox(): { present: boolean; x: number; y: number; width: number; height: number } {
  const host = [...document.body.children].find((e) => e.localName === 'div' && e.hasAttribute('popover')) as HTMLElement | undefined;
  const r = host?.getBoundingClientRect();
  return { present: !!host, x: r?.x ?? 0, y: r?.y ?? 0, width: r?.width ?? 0, height: r?.height ?? 0 };
}

/** One object store of one of the extension's IndexedDB databases, read from an extension page (without creating the database). */
export function readStore<T>(page: ExtensionPage, db: string, store: string): Promise<T[]> {
  return page.evaluate(
    async ({ db: name, store: storeName }: { db: string; store: string }) => {
      const names = (await indexedDB.databases()).map((d) => d.name);
      if (!names.includes(name)) return [];
      return new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction(storeName).objectStore(storeName).getAll();
          all.onsuccess = () => {
            resolve(all.result as T[]);
            open.result.close();
          };
          all.onerror = () => reject(all.error);
        };
      });
    },
    { db, store },
  );
}
