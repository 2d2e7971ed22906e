/**
 * e2e helper for SDK tests: one loopback server hosting the built SDK and a blank test page, and
 * one headless Chromium. `openPage()` gives a fresh context (empty storage) per test.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { launchChromium } from './chromium';
import { FPJS_UMD, sdkPages } from './sdk-bundle';
import { startTestServer, type TestServer } from './server';

/** A blank page that loads the SDK; tests call `Twofold.init` through `page.evaluate`. */
export const TEST_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SDK test</title></head>
<body><h1>Test page</h1><button id="outside">Outside</button><script src="/sdk/twofold.js"></script></body></html>`;

/** Server + browser for one SDK test file. */
export interface SdkHarness {
  server: TestServer;
  browser: Browser;
  openPage(options?: { initScripts?: string[]; path?: string }): Promise<{ context: BrowserContext; page: Page; requests: string[] }>;
  close(): Promise<void>;
}

/** Starts the harness (call in beforeAll, close in afterAll). */
export async function startSdkHarness(extraPages: Record<string, string> = {}): Promise<SdkHarness> {
  const server = await startTestServer({
    pages: {
      ...(await sdkPages()),
      '/fp.umd.min.js': readFileSync(FPJS_UMD, 'utf8'),
      '/page.html': TEST_PAGE,
      '/nb.html': TEST_PAGE.replace('lang="en"', 'lang="nb"'),
      // Per-language loaders on a page declaring the other language: each shows its own.
      '/nb-page-en-loader.html': TEST_PAGE.replace('lang="en"', 'lang="nb"').replace('twofold.js', 'twofold.en.js'),
      '/en-page-nb-loader.html': TEST_PAGE.replace('twofold.js', 'twofold.nb.js'),
      ...extraPages,
    },
  });
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  return {
    server,
    browser,
    async openPage(options = {}) {
      const context = await browser.newContext();
      contexts.push(context);
      for (const content of options.initScripts ?? []) await context.addInitScript({ content });
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(server.url(options.path ?? '/page.html'));
      return { context, page, requests };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await server.close();
    },
  };
}

declare global {
  /** The SDK's classic-script global, as pages under test see it (for code inside page.evaluate). */
  const Twofold: typeof import('../../../sdk/browser/index');
  /** FingerprintJS' UMD global, on pages that load /fp.umd.min.js. */
  const FingerprintJS: typeof import('@fingerprintjs/fingerprintjs');
}
