// The extension's pages (popup, options, ledger, devtools panel) with axe-core in headless Chromium,
// light and dark: no serious or critical violation (contrast, names of controls, roles, labels),
// and the design tokens are in force (a focus ring on keyboard focus, dark colours under
// prefers-color-scheme: dark). One browser launch for the whole file.
// TWOFOLD_UI_SHOTS=<dir> also writes 1x and 2x screenshots of each page and scheme there (by hand).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromiumPersistent } from './helpers/chromium';
import { DIST_CHROME, hasBrowser } from './helpers/extension';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const shotsDir = process.env.TWOFOLD_UI_SHOTS;
const profile = mkdtempSync(join(tmpdir(), 'twofold-ui-a11y-'));
let context: BrowserContext;
let origin: string;
let page: Page;

type Violation = { id: string; impact: string | null; help: string; nodes: string[] };

/** Runs axe on the page and returns the serious and critical violations (with their first nodes, for the failure message). */
async function seriousViolations(target: Page): Promise<Violation[]> {
  if (!(await target.evaluate(() => 'axe' in globalThis))) await target.evaluate(axeSource);
  return target.evaluate(async () => {
    type Axe = {
      run(ctx: Document, opts: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }>;
    };
    const result = await (globalThis as unknown as { axe: Axe }).axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
}

/** Checks the page in light and dark (and writes screenshots when asked). */
async function checkBothSchemes(target: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await target.emulateMedia({ colorScheme });
    expect(await seriousViolations(target), `${name} (${colorScheme})`).toEqual([]);
    if (shotsDir) {
      mkdirSync(shotsDir, { recursive: true });
      for (const scale of [1, 2]) {
        // Straight through CDP: Playwright resets a device-metrics override around its own screenshots.
        const cdp = await context.newCDPSession(target);
        const size = target.viewportSize() ?? { width: 800, height: 600 };
        await cdp.send('Emulation.setDeviceMetricsOverride', { width: size.width, height: size.height, deviceScaleFactor: scale, mobile: false });
        const { data } = await cdp.send('Page.captureScreenshot', { format: 'png' });
        writeFileSync(join(shotsDir, `${name}-${colorScheme}-${scale}x.png`), Buffer.from(data, 'base64'));
        await cdp.send('Emulation.clearDeviceMetricsOverride');
        await cdp.detach();
      }
    }
  }
  await target.emulateMedia({ colorScheme: 'light' });
}

async function send<T>(request: unknown): Promise<T> {
  return page.evaluate(async (req) => {
    const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime;
    const reply = (await runtime.sendMessage(req)) as { ok: boolean; result?: unknown; error?: { message: string } };
    if (!reply.ok) throw new Error(reply.error?.message);
    return reply.result;
  }, request) as Promise<T>;
}

beforeAll(async () => {
  context = await launchChromiumPersistent(profile, { extensionDir: DIST_CHROME });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 30_000 });
  const url = new URL(worker.url());
  origin = `${url.protocol}//${url.host}`;
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
});

describe.skipIf(!hasBrowser('chromium'))('extension UI accessibility (axe-core, Chromium, light and dark)', () => {
  it('popup before a vault exists: create form with a restore entry point', async () => {
    await page.setViewportSize({ width: 360, height: 520 });
    await page.goto(`${origin}/popup.html`);
    await page.waitForSelector('[data-testid=create-form]');
    await checkBothSchemes(page, 'popup-create');
    // The design tokens apply: dark colours follow prefers-color-scheme; keyboard focus shows a ring.
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(dark).not.toBe(light);
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return { tag: document.activeElement!.localName, outline: style.outlineStyle, width: style.outlineWidth };
    });
    expect(ring.tag).toBe('input');
    expect(ring.outline).toBe('solid');
    expect(ring.width).toBe('2px');
    // Sanity: the checker does find a serious violation when one is there (an unnamed button).
    await page.evaluate(() => document.body.append(Object.assign(document.createElement('button'), { id: 'unnamed' })));
    expect((await seriousViolations(page)).map((v) => v.id)).toContain('button-name');
  });

  it('popup, options and ledger with a vault and accounts bound to a site', async () => {
    await send({ type: 'vault.create', passphrase: 'correct horse battery' });
    await send({ type: 'accounts.addUri', uri: 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub' });
    await send({ type: 'accounts.addUri', uri: 'otpauth://totp/Example%20Bank:bob?secret=KRSXG5CTMVRXEZLU&issuer=Example%20Bank' });
    const { accounts } = await send<{ accounts: { id: string }[] }>({ type: 'accounts.list' });
    await send({ type: 'accounts.update', id: accounts[0]!.id, sites: ['github.com'] });
    await page.goto(`${origin}/popup.html`);
    await page.waitForSelector('[data-testid=accounts] .account');
    await checkBothSchemes(page, 'popup-codes');

    await page.setViewportSize({ width: 900, height: 900 });
    await page.goto(`${origin}/options.html`);
    await page.waitForSelector('[data-testid=export-backup]');
    await checkBothSchemes(page, 'options');

    await page.goto(`${origin}/ledger.html`);
    await page.waitForSelector('[data-testid=ledger-sites]');
    await checkBothSchemes(page, 'ledger');
  });

  it('devtools panel (inspected page without the SDK)', async () => {
    const panel = await context.newPage();
    // Headless Chromium cannot open DevTools: stand in for inspectedWindow.eval with a page that has no SDK.
    await panel.addInitScript(() => {
      const w = window as unknown as { chrome: Record<string, unknown> };
      w.chrome.devtools = {
        inspectedWindow: { tabId: 1, eval: (_: string, callback: (r: unknown) => void) => callback({ sdk: false, instance: false, announcement: null }) },
      };
    });
    await panel.setViewportSize({ width: 900, height: 600 });
    await panel.goto(`${origin}/panel.html`);
    await panel.waitForSelector('[data-testid=sdk-state]');
    await checkBothSchemes(panel, 'panel');
    await panel.close();
  });
});
