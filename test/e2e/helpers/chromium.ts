/**
 * Shared e2e helper: launches the system Chromium headless through playwright-core with the flags
 * the project's browser-testing recipe prescribes (never downloads a browser).
 */
import { chromium, type Browser, type BrowserContext, type LaunchOptions } from 'playwright-core';
import { existsSync } from 'node:fs';

/** The Chromium binary: TWOFOLD_CHROMIUM overrides; /usr/bin/chromium is a wrapper script, so use the real one. */
export const CHROMIUM_PATH = process.env.TWOFOLD_CHROMIUM ?? '/usr/lib/chromium/chromium';

/** Flags every test launch uses: no sandbox (root in CI), no GPU, no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * True when the browser binary at `path` is installed, so a developer without it gets a clear skip.
 * In CI (`CI` set) a missing browser throws instead: a skipped browser test there would pass silently.
 */
export function browserInstalled(path: string): boolean {
  if (existsSync(path)) return true;
  if (process.env['CI']) throw new Error(`${path} is missing: CI must run the browser tests (bash .ci/run installs chromium and firefox-esr).`);
  return false;
}

/** True when the Chromium binary is installed (see browserInstalled). */
export function hasChromium(): boolean {
  return browserInstalled(CHROMIUM_PATH);
}

/** Launches a headless Chromium (one per test file is the cheap pattern); extra args are appended. */
export async function launchChromium(options: { args?: string[] } & Omit<LaunchOptions, 'args'> = {}): Promise<Browser> {
  const { args = [], ...rest } = options;
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, ...rest, args: [...CHROMIUM_ARGS, ...args] });
}

/**
 * Launches a persistent-profile Chromium, e.g. to load an unpacked extension:
 * `launchChromiumPersistent(dir, { extensionDir })` adds `--disable-extensions-except` (required:
 * Playwright always passes --disable-extensions) and `--load-extension`.
 */
export async function launchChromiumPersistent(userDataDir: string, options: { args?: string[]; extensionDir?: string } = {}): Promise<BrowserContext> {
  const ext = options.extensionDir ? [`--disable-extensions-except=${options.extensionDir}`, `--load-extension=${options.extensionDir}`] : [];
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...ext, ...(options.args ?? [])],
  });
}

/**
 * The CDP `Emulation.setUserAgentOverride` parameters that make a headless Chromium look like a
 * person's Chrome: `raw` with "HeadlessChrome" replaced, and client-hint brands without it.
 */
export function personLikeOverride(raw: string) {
  const userAgent = raw.replace('HeadlessChrome', 'Chrome');
  const version = /Chrome\/(\d+)/.exec(userAgent)?.[1] ?? '150';
  return {
    userAgent,
    userAgentMetadata: {
      brands: [
        { brand: 'Chromium', version },
        { brand: 'Not)A;Brand', version: '24' },
      ],
      platform: 'Linux',
      platformVersion: '',
      architecture: 'x86',
      model: '',
      mobile: false,
    },
  };
}

/**
 * A context of `browser` whose user agent and client hints say Chrome, not HeadlessChrome, as a
 * person's browser would (the risk engine's automation rule rightly challenges headless ones).
 */
export async function personLikeContext(browser: Browser): Promise<BrowserContext> {
  const probe = await browser.newPage();
  const override = personLikeOverride(await probe.evaluate(() => navigator.userAgent));
  await probe.close();
  const context = await browser.newContext({ userAgent: override.userAgent });
  // Client hints: brands without "HeadlessChrome" (set through CDP; Playwright's userAgent option leaves them).
  context.on('page', (page) => {
    void context.newCDPSession(page).then((cdp) => cdp.send('Emulation.setUserAgentOverride', override));
  });
  return context;
}
