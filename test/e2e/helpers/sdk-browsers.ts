/**
 * e2e helper: the same small page interface over headless Chromium (playwright-core) and Firefox
 * ESR (puppeteer-core over WebDriver BiDi), so one SDK test body runs in both browsers. Each page
 * opens in a fresh browser context (empty storage); init scripts run before any page script.
 */
import type { Browser as PlaywrightBrowser, BrowserContext } from 'playwright-core';
import puppeteer, { type Browser as PuppeteerBrowser, type BrowserContext as PuppeteerContext } from 'puppeteer-core';
import { launchChromium } from './chromium';
import { FIREFOX_PATH } from './extension';

/** The browsers the SDK is proved in. */
export type SdkBrowserName = 'chromium' | 'firefox';

/** One page of the test site. */
export interface SdkTestPage {
  /** Runs `fn(arg)` in the page's main world (where the SDK lives) and returns its JSON result. */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Waits until `selector` (CSS; may pierce the banner's open shadow root) is in the page. */
  waitFor(selector: string): Promise<void>;
  /** Opens `url` in a new tab of the same browser profile (shared storage, same device). */
  openInSameProfile(url: string): Promise<SdkTestPage>;
}

/** A launched browser; `open` gives a fresh context per page. */
export interface SdkTestBrowser {
  name: SdkBrowserName;
  open(url: string, initScripts: readonly string[]): Promise<SdkTestPage>;
  close(): Promise<void>;
}

async function chromiumBrowser(): Promise<SdkTestBrowser> {
  const browser: PlaywrightBrowser = await launchChromium();
  const contexts: BrowserContext[] = [];
  return {
    name: 'chromium',
    async open(url, initScripts) {
      const context = await browser.newContext();
      contexts.push(context);
      for (const content of initScripts) await context.addInitScript({ content });
      const tab = async (target: string): Promise<SdkTestPage> => {
        const page = await context.newPage();
        await page.goto(target);
        return {
          // The driver's own generic signatures differ; the interface above is the checked one.
          evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
          waitFor: (selector) => page.locator(selector).first().waitFor({ state: 'attached' }),
          openInSameProfile: tab,
        };
      };
      return tab(url);
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
    },
  };
}

async function firefoxBrowser(): Promise<SdkTestBrowser> {
  const browser: PuppeteerBrowser = await puppeteer.launch({ browser: 'firefox', protocol: 'webDriverBiDi', headless: true, executablePath: FIREFOX_PATH });
  const contexts: PuppeteerContext[] = [];
  return {
    name: 'firefox',
    async open(url, initScripts) {
      const context = await browser.createBrowserContext();
      contexts.push(context);
      const tab = async (target: string): Promise<SdkTestPage> => {
        const page = await context.newPage();
        for (const source of initScripts) await page.evaluateOnNewDocument(source);
        await page.goto(target);
        return {
          evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
          // Puppeteer's `>>>` pierces shadow roots; Playwright's CSS engine does so by default.
          waitFor: async (selector) => void (await page.waitForSelector(selector.replace(/ /g, ' >>> '))),
          openInSameProfile: tab,
        };
      };
      return tab(url);
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
    },
  };
}

/** Launches the named browser headless (one launch per test file). */
export function launchSdkBrowser(name: SdkBrowserName): Promise<SdkTestBrowser> {
  return name === 'firefox' ? firefoxBrowser() : chromiumBrowser();
}
