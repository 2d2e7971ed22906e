// The demo's signal inspector page in Chromium: /inspector on the real demo server
// collects nothing before consent; after Accept it shows every signal of tf.inspect() with its
// metadata and the sealed payload's size; "Collect again" adds a run, stability and the diff.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from './helpers/chromium';
import { startDemoUnderTest, type DemoUnderTest } from './helpers/demo-under-test';
import { docsScreenshotPath } from './helpers/docs-screenshots';

let demo: DemoUnderTest;
let browser: Browser;

beforeAll(async () => {
  demo = await startDemoUnderTest();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

describe.skipIf(!hasChromium())('demo inspector page (Chromium)', () => {
  it('nothing before consent; after Accept the table, sealed size, Collect again, stability and diff', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${demo.origin}/inspector`);
    await expect.poll(() => page.locator('#consent-state').textContent()).toBe('pending');
    expect(await page.locator('#site').textContent()).toBe('twofold-demo');
    expect(await page.locator('#signals tbody tr').count()).toBe(0);
    expect(await page.locator('#collect-again').isDisabled()).toBe(true);

    await page.locator('#twofold-consent').getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => page.locator('#runs').textContent(), { timeout: 20_000 }).toBe('1');
    const signalIds = await page.evaluate(() => (window as unknown as { tf: { signals: { id: string }[] } }).tf.signals.map((s) => s.id));
    const rows = await page.locator('#signals tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? '')));
    expect(rows.map((r) => r[0]).sort()).toEqual([...signalIds].sort());
    const visitor = rows.find((r) => r[0] === 'visitor-id')!;
    expect(visitor.slice(1, 4)).toEqual(['fingerprint', expect.stringMatching(/\w/), 'online-identifier']);
    expect(Number(await page.locator('#sealed-bytes').textContent())).toBeGreaterThan(500);
    expect(await page.locator('#diff-empty').textContent()).toMatch(/Collect at least twice/);

    await page.getByRole('button', { name: 'Collect again' }).click();
    await expect.poll(() => page.locator('#runs').textContent()).toBe('2');
    // The device id is created on the first run and read back on the second: same id, isNew flips.
    const deviceChange = await page.locator('#diff li[data-signal="device-id"]').textContent();
    expect(deviceChange).toBe('device-id: isNew true → false');
    expect(await page.locator('#signals tr[data-signal="visitor-id"] td').nth(5).textContent()).toBe('yes (2/2)');
    // isNew flips by design: named, not flagged as unstable.
    expect(await page.locator('#signals tr[data-signal="device-id"] td').nth(5).textContent()).toBe(
      'yes; changes by design (isNew is true only on the first collection)',
    );
    await page.screenshot({ path: docsScreenshotPath('screenshots/inspector.png'), fullPage: true });
    await page.close();
  });
});
