/**
 * e2e helper for the whole-journey tests: each browser launched with the built extension
 * AND made to look like a person's browser, because the demo's risk engine rightly challenges every
 * sign-in that carries automation markers (see test/e2e/demo-login.test.ts):
 *   - Chromium: `--disable-blink-features=AutomationControlled` (navigator.webdriver false) and a
 *     per-page CDP user-agent override without "HeadlessChrome" (UA string and client-hint brands);
 *   - Firefox: a preload script making `navigator.webdriver` false (WebDriver BiDi always sets it;
 *     the `dom.webdriver.enabled` pref no longer hides it in Firefox ESR 153).
 * Pages also accept init scripts, so the refusal path can instrument every surface before the SDK runs.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { launchChromiumPersistent, personLikeOverride } from './chromium';
import { DIST_CHROME, playwrightPage, puppeteerPage, startFirefoxWithExtension, type ExtensionPage } from './extension';

/** An extension-aware page that can also run scripts before any page script. */
export interface JourneyPage extends ExtensionPage {
  /** Runs `script` in every document this page loads from now on, before the page's own scripts. */
  addInitScript(script: string): Promise<void>;
  /** Sets the viewport (e.g. popup-sized before a screenshot). */
  resize(width: number, height: number): Promise<void>;
  close(): Promise<void>;
}

/** A browser with the extension loaded and automation markers hidden. */
export interface JourneyBrowser {
  name: 'chromium' | 'firefox';
  /** The extension's origin (`chrome-extension://…` / `moz-extension://…`). */
  origin: string;
  newPage(): Promise<JourneyPage>;
  close(): Promise<void>;
}

const HIDE_WEBDRIVER = `Object.defineProperty(Navigator.prototype, 'webdriver', { configurable: true, get: () => false });`;

/** Chromium with dist/chrome loaded; every page presents itself as Chrome, not HeadlessChrome. */
export async function launchChromiumJourney(): Promise<JourneyBrowser> {
  if (!existsSync(join(DIST_CHROME, 'manifest.json'))) throw new Error('dist/chrome is missing: run `node build.mjs` first');
  const profile = mkdtempSync(join(tmpdir(), 'twofold-journey-chromium-'));
  const context = await launchChromiumPersistent(profile, { extensionDir: DIST_CHROME, args: ['--disable-blink-features=AutomationControlled'] });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 30_000 });
  const workerUrl = new URL(worker.url());
  const origin = `${workerUrl.protocol}//${workerUrl.host}`;

  async function personLike(page: PlaywrightPage): Promise<void> {
    const cdp = await context.newCDPSession(page);
    const { userAgent: raw } = (await cdp.send('Browser.getVersion')) as { userAgent: string };
    await cdp.send('Emulation.setUserAgentOverride', personLikeOverride(raw));
  }

  return {
    name: 'chromium',
    origin,
    async newPage() {
      const page = await context.newPage();
      await personLike(page);
      return {
        ...playwrightPage(page, origin),
        addInitScript: async (script) => void (await page.addInitScript({ content: script })),
        resize: (width, height) => page.setViewportSize({ width, height }),
        close: () => page.close(),
      };
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Firefox ESR with dist/firefox installed as a temporary add-on; `navigator.webdriver` hidden per page. */
export async function launchFirefoxJourney(): Promise<JourneyBrowser> {
  const { browser, origin } = await startFirefoxWithExtension();
  const wrap = async (page: PuppeteerPage): Promise<JourneyPage> => {
    await page.evaluateOnNewDocument(HIDE_WEBDRIVER);
    await page.setViewport({ width: 1280, height: 800 });
    return {
      ...puppeteerPage(page, origin),
      addInitScript: async (script) => void (await page.evaluateOnNewDocument(script)),
      resize: (width, height) => page.setViewport({ width, height }),
      close: () => page.close(),
    };
  };
  // The event page may register its listeners after installExtension resolves: wait until it answers.
  const probe = await wrap(await browser.newPage());
  await probe.open('popup.html');
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ready = await probe.evaluate(async () => {
      try {
        const g = globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } };
        return Boolean(await g.browser.runtime.sendMessage({ type: 'vault.status' }));
      } catch {
        return false;
      }
    }, undefined);
    if (ready) break;
    if (Date.now() > deadline) throw new Error('the Firefox extension background never answered');
    await new Promise((r) => setTimeout(r, 200));
  }
  await probe.close();
  return {
    name: 'firefox',
    origin,
    newPage: async () => wrap(await browser.newPage()),
    close: () => browser.close(),
  };
}
