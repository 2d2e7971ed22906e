// The consent banner in real Chromium: accept, decline (remembered), keyboard operation and focus
// trap, Escape, Norwegian texts, the per-language loaders, the signal list from the registry, and
// GPC shown and recorded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSdkHarness, type SdkHarness } from './helpers/sdk-page';

let h: SdkHarness;
beforeAll(async () => {
  h = await startSdkHarness();
});
afterAll(async () => {
  await h?.close();
});

type TfWindow = { tf: { consent: { state: string; receipt: { gpc: boolean | null; collectionMethod: string; signals: { id: string }[] } | null } } };
const initBanner = (page: Page, extra: Record<string, unknown> = {}) =>
  page.evaluate((opts) => {
    (window as unknown as { tf: unknown }).tf = Twofold.init({ site: 'shop.example', consent: 'banner', ...opts } as never);
  }, extra);
const state = (page: Page) => page.evaluate(() => (window as unknown as TfWindow).tf.consent.state);
const receipt = (page: Page) => page.evaluate(() => (window as unknown as TfWindow).tf.consent.receipt);
/** The focused element inside the banner's shadow root, described by its text or role. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const root = document.getElementById('twofold-consent')?.shadowRoot;
    const el = root?.activeElement as HTMLElement | null | undefined;
    if (!el) return document.activeElement?.id || document.activeElement?.tagName || null;
    return el.getAttribute('role') === 'dialog' ? 'dialog' : (el.textContent ?? '').trim();
  });

describe('consent banner', () => {
  it('is an accessible modal dialog listing every registry signal, Accept and Decline alike', async () => {
    const { page } = await h.openPage();
    await initBanner(page, { controller: { name: 'Shop AS', contact: 'dpo@shop.example', policyUrl: 'https://shop.example/privacy' } });
    const dialog = page.getByRole('dialog', { name: 'Protect your sign-in with device checks?' });
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    expect(await dialog.getAttribute('aria-describedby')).toBeTruthy();
    await dialog.getByText('What is collected and why').click();
    const listed = await page.evaluate(() => Twofold.signals.length);
    const items = await dialog.locator('li li').count();
    expect(items).toBe(listed - 1); // location is listed only when the site opts in
    await expect.poll(() => dialog.getByText('FingerprintJS').count()).toBeGreaterThan(0);
    expect(await dialog.getByRole('link', { name: 'Privacy policy' }).getAttribute('href')).toBe('https://shop.example/privacy');
    const [accept, decline] = await Promise.all(
      ['Accept', 'Decline'].map((name) =>
        dialog.getByRole('button', { name }).evaluate((b) => {
          const s = getComputedStyle(b);
          const r = b.getBoundingClientRect();
          return { bg: s.backgroundColor, color: s.color, size: s.fontSize, weight: s.fontWeight, w: Math.round(r.width), h: Math.round(r.height) };
        }),
      ),
    );
    expect(accept).toEqual(decline);
  });

  it('Accept grants, records a banner receipt and is remembered on the next page', async () => {
    const { page } = await h.openPage();
    await initBanner(page);
    await page.getByRole('button', { name: 'Accept' }).click();
    expect(await state(page)).toBe('granted');
    expect(await page.getByRole('dialog').count()).toBe(0);
    const r = await receipt(page);
    expect(r?.collectionMethod).toBe('banner');
    expect(r?.gpc).toBeNull(); // Chromium sends no GPC signal
    await page.reload();
    await initBanner(page);
    expect(await state(page)).toBe('granted');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect((await receipt(page))?.signals.length).toBe(r?.signals.length);
  });

  it('Decline denies, stores only the choice, and is not asked again', async () => {
    const { page } = await h.openPage();
    await initBanner(page);
    await page.getByRole('button', { name: 'Decline' }).click();
    expect(await state(page)).toBe('denied');
    expect(await page.evaluate(() => ({ ...localStorage }))).toEqual({ 'twofold.choice': 'denied' });
    await page.reload();
    await initBanner(page);
    await page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
    expect(await state(page)).toBe('denied');
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('is keyboard operable: focus starts on the dialog, Tab and Shift+Tab cycle inside, Enter and Space activate', async () => {
    const { page } = await h.openPage();
    await page.focus('#outside');
    await initBanner(page);
    await page.getByRole('dialog').waitFor();
    expect(await focused(page)).toBe('dialog');
    const seen: (string | null)[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      seen.push(await focused(page));
    }
    expect(seen).toEqual(['What is collected and why', 'Decline', 'Accept', 'What is collected and why']);
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('Accept');
    // Space on the summary opens the details without leaving the dialog.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await page.evaluate(() => document.getElementById('twofold-consent')!.shadowRoot!.querySelector('details')!.open)).toBe(true);
    // A click on the page behind does not take focus out of the dialog.
    await page.evaluate(() => (document.getElementById('outside') as HTMLButtonElement).focus());
    expect(await focused(page)).toBe('dialog');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Decline');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await state(page)).toBe('granted');
    // Focus goes back where it was before the dialog opened.
    expect(await focused(page)).toBe('outside');
  });

  it('Space on Decline refuses', async () => {
    const { page } = await h.openPage();
    await initBanner(page);
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Decline');
    await page.keyboard.press('Space');
    expect(await state(page)).toBe('denied');
  });

  it('Escape closes without a choice: still pending, nothing stored, asked again next page', async () => {
    const { page } = await h.openPage();
    await initBanner(page);
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await state(page)).toBe('pending');
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    await page.reload();
    await initBanner(page);
    await page.getByRole('dialog').waitFor();
  });

  it('speaks Norwegian bokmål with locale nb or <html lang="nb">', async () => {
    const { page } = await h.openPage({ path: '/nb.html' });
    await initBanner(page);
    const dialog = page.getByRole('dialog', { name: 'Beskytte innloggingen med enhetskontroll?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Godta' }).waitFor();
    await dialog.getByRole('button', { name: 'Avslå' }).waitFor();
    await dialog.getByText('Hva som samles inn og hvorfor').click();
    expect(await dialog.getByText('Nettleserfingeravtrykk', { exact: false }).count()).toBe(1);
  });

  it('a per-language loader speaks its own language whatever <html lang> says, and collects with its pinned collector', async () => {
    const { page: english } = await h.openPage({ path: '/nb-page-en-loader.html' });
    await initBanner(english);
    await english.getByRole('dialog', { name: 'Protect your sign-in with device checks?' }).waitFor();
    const { page, requests } = await h.openPage({ path: '/en-page-nb-loader.html' });
    await initBanner(page);
    const dialog = page.getByRole('dialog', { name: 'Beskytte innloggingen med enhetskontroll?' });
    await dialog.getByRole('button', { name: 'Godta' }).click();
    const signals = await page.evaluate(async () =>
      Object.keys((await (window as unknown as { tf: { collect(): Promise<{ signals: object }> } }).tf.collect()).signals),
    );
    expect(signals).toContain('visitor-id');
    expect(requests.filter((url) => url.includes('/sdk/')).map((url) => new URL(url).pathname)).toEqual(['/sdk/twofold.nb.js', '/sdk/twofold-collector.js']);
  });

  it('shows Global Privacy Control and records it in the receipt', async () => {
    const { page } = await h.openPage({
      initScripts: ['Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true, configurable: true });'],
    });
    await initBanner(page);
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Global Privacy Control').waitFor();
    await dialog.getByRole('button', { name: 'Accept' }).click();
    expect((await receipt(page))?.gpc).toBe(true);
  });
});
