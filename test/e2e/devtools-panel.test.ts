// The extension's "Twofold" devtools panel in Chromium, as an extension page of the
// loaded dist/chrome. Headless Chromium cannot open DevTools, so the test stands in for
// `chrome.devtools.inspectedWindow.eval` only: each expression the panel sends is evaluated in a
// real demo page (the sign-in page, SDK in banner mode) and the result handed back, as devtools does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromiumPersistent } from './helpers/chromium';
import { startDemoUnderTest, type DemoUnderTest } from './helpers/demo-under-test';
import { DIST_CHROME, hasBrowser } from './helpers/extension';
import { docsScreenshotPath } from './helpers/docs-screenshots';

let demo: DemoUnderTest;
let context: BrowserContext;
let origin: string;
const profile = mkdtempSync(join(tmpdir(), 'twofold-devtools-'));

beforeAll(async () => {
  demo = await startDemoUnderTest();
  context = await launchChromiumPersistent(profile, { extensionDir: DIST_CHROME });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 30_000 });
  const url = new URL(worker.url());
  origin = `${url.protocol}//${url.host}`;
});

afterAll(async () => {
  await context?.close();
  await demo?.close();
  rmSync(profile, { recursive: true, force: true });
});

/** Opens panel.html with `chrome.devtools.inspectedWindow.eval` answered by `site`. */
async function openPanelFor(site: Page): Promise<Page> {
  const panel = await context.newPage();
  await panel.exposeFunction('__evalInInspectedPage', async (expression: string) => {
    try {
      return { result: await site.evaluate(expression) };
    } catch (error) {
      return { exception: { isException: true, value: error instanceof Error ? error.message : String(error) } };
    }
  });
  await panel.addInitScript(() => {
    type Answer = { result?: unknown; exception?: unknown };
    const w = window as unknown as { chrome: Record<string, unknown>; __evalInInspectedPage(e: string): Promise<Answer> };
    w.chrome.devtools = {
      inspectedWindow: {
        tabId: 1,
        eval(expression: string, callback: (result: unknown, exception: unknown) => void) {
          void w.__evalInInspectedPage(expression).then((a) => callback(a.result, a.exception));
        },
      },
    };
  });
  await panel.setViewportSize({ width: 1100, height: 900 });
  await panel.goto(`${origin}/panel.html`);
  return panel;
}

describe.skipIf(!hasBrowser('chromium'))('devtools panel (Chromium, extension page)', () => {
  it('registered in the manifest; outside devtools the panel says how to open it', async () => {
    const page = await context.newPage();
    await page.goto(`${origin}/devtools.html`);
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { chrome: { runtime: { getManifest(): { devtools_page?: string } } } }).chrome.runtime.getManifest().devtools_page,
      ),
    ).toBe('devtools.html');
    await page.goto(`${origin}/panel.html`);
    await expect.poll(() => page.locator('[data-testid=sdk-state]').textContent()).toMatch(/developer tools/);
    await page.close();
  });

  it('inspects a real page: SDK present, consent and receipt, two collections, stability and diff', async () => {
    const site = await context.newPage();
    await site.goto(`${demo.origin}/login`);
    const panel = await openPanelFor(site);
    await expect.poll(() => panel.locator('[data-testid=consent-state]').textContent()).toBe('pending');
    expect(await panel.locator('[data-testid=sdk-state]').textContent()).toMatch(/SDK present · site twofold-demo · consent mode banner/);
    // Pending consent: the SDK refuses to collect, and the panel says so.
    await panel.getByTestId('collect').click();
    await expect.poll(() => panel.getByTestId('message').textContent()).toMatch(/Consent is not granted/);
    expect(await panel.locator('[data-testid=signals] tbody tr').count()).toBe(0);

    await site.locator('#twofold-consent').getByRole('button', { name: 'Accept' }).click();
    await panel.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => panel.locator('[data-testid=consent-state]').textContent()).toBe('granted');
    await panel.getByTestId('collect').click();
    await expect.poll(() => panel.getByTestId('runs').textContent(), { timeout: 20_000 }).toBe('(1 collection)');
    await expect.poll(() => panel.getByTestId('receipt').textContent()).toMatch(/Receipt.*given/);
    const receiptId = await site.evaluate(
      () => (window as unknown as { tf: { consent: { receipt: { receiptId: string } | null } } }).tf.consent.receipt?.receiptId,
    );
    expect(receiptId).toMatch(/\w{8}/);
    expect(await panel.getByTestId('receipt').textContent()).toContain(receiptId);
    await panel.getByTestId('collect').click();
    await expect.poll(() => panel.getByTestId('runs').textContent(), { timeout: 20_000 }).toBe('(2 collections)');
    expect(await panel.locator('[data-testid=diff] li[data-signal="device-id"]').textContent()).toBe('device-id: isNew true → false');
    expect(await panel.locator('tr[data-signal="visitor-id"] td').nth(4).textContent()).toBe('yes (2/2)');
    await panel.screenshot({ path: docsScreenshotPath('screenshots/devtools-panel.png'), fullPage: true });
    await panel.close();
    await site.close();
  });
});
