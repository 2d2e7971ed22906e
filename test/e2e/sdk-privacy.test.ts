// The hard privacy rule, proved in real Chromium: every fingerprinting surface, storage API, cookie
// and network API is wrapped before the SDK loads; while consent is pending and after a refusal the
// SDK makes zero calls (banner mode: only the one remembered-choice entry), and after a grant it does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { INSTRUMENT_SCRIPT } from './helpers/instrument';
import { startSdkHarness, type SdkHarness } from './helpers/sdk-page';
import { STUB_CMP_SCRIPT, tcData } from './helpers/tcf-stub';

let h: SdkHarness;
beforeAll(async () => {
  h = await startSdkHarness();
});
afterAll(async () => {
  await h?.close();
});

const touches = (page: Page) => page.evaluate(() => ({ ...(window as unknown as { __twofoldTouches: Record<string, number> }).__twofoldTouches }));
/** Lets timers, idle callbacks and promise chains the SDK might have started run. */
const settle = (page: Page) => page.evaluate(() => new Promise((r) => setTimeout(r, 400)));
const SURFACES = ['canvas.toDataURL', 'canvas.getContext', 'userAgentData.getHighEntropyValues', 'indexedDB.open', 'storage.setItem'];

async function grantAndCollect(page: Page) {
  await page.evaluate(async () => {
    const tf = (window as unknown as { tf: { consent: { grant(): void }; collect(): Promise<unknown> } }).tf;
    tf.consent.grant();
    await tf.collect();
  });
  const after = await touches(page);
  for (const name of SURFACES) expect(after[name] ?? 0, name).toBeGreaterThan(0);
  expect((after.OfflineAudioContext ?? 0) + (after.AudioContext ?? 0)).toBeGreaterThan(0);
  // Collection itself never uses the network (sealing and sending are the site's call).
  for (const name of ['fetch', 'xhr.open', 'navigator.sendBeacon', 'WebSocket']) expect(after[name] ?? 0, name).toBe(0);
}

const collectError = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { tf: { collect(): Promise<unknown> } }).tf.collect().then(
      () => 'resolved',
      (e: { code?: string }) => e.code,
    ),
  );

describe('zero touch before consent and after refusal', () => {
  it('the instrumentation sees the page itself (sanity: it can fail)', async () => {
    const { page } = await h.openPage({ initScripts: [INSTRUMENT_SCRIPT] });
    await page.evaluate(() => document.createElement('canvas').toDataURL());
    expect((await touches(page))['canvas.toDataURL']).toBe(1);
  });

  it('manual mode: creating, pending, collect() attempts and deny() touch nothing; grant() does', async () => {
    const { page, requests } = await h.openPage({ initScripts: [INSTRUMENT_SCRIPT] });
    await page.evaluate(() => {
      (window as unknown as { tf: unknown }).tf = Twofold.init({ site: 'example.test', consent: 'manual', location: true });
    });
    await settle(page);
    expect(await touches(page)).toEqual({});
    expect(await collectError(page)).toBe('consent_required');
    await page.evaluate(() => (window as unknown as { tf: { consent: { deny(): void } } }).tf.consent.deny());
    await settle(page);
    expect(await collectError(page)).toBe('consent_required');
    expect(await touches(page)).toEqual({});
    expect(requests.map((u) => new URL(u).pathname)).toEqual(['/page.html', '/sdk/twofold.js']);
  });

  it('manual mode: after grant the surfaces are read', async () => {
    const { page } = await h.openPage({ initScripts: [INSTRUMENT_SCRIPT] });
    await page.evaluate(() => {
      (window as unknown as { tf: unknown }).tf = Twofold.init({ site: 'example.test', consent: 'manual' });
    });
    await settle(page);
    expect(await touches(page)).toEqual({});
    await grantAndCollect(page);
  });

  it('tcf mode: pending while the CMP shows its UI and after a refusal, nothing is touched', async () => {
    const { page, requests } = await h.openPage({ initScripts: [INSTRUMENT_SCRIPT, STUB_CMP_SCRIPT] });
    await page.evaluate(() => {
      (window as unknown as { tf: unknown }).tf = Twofold.init({ site: 'example.test', consent: 'tcf' });
    });
    await settle(page);
    expect(await page.evaluate(() => (window as unknown as { tf: { consent: { state: string } } }).tf.consent.state)).toBe('pending');
    expect(await touches(page)).toEqual({});
    await page.evaluate((d) => (window as unknown as { __cmpAnswer(d: unknown): void }).__cmpAnswer(d), tcData('useractioncomplete', true, false));
    await settle(page);
    expect(await page.evaluate(() => (window as unknown as { tf: { consent: { state: string } } }).tf.consent.state)).toBe('denied');
    expect(await collectError(page)).toBe('consent_required');
    expect(await touches(page)).toEqual({});
    expect(requests.map((u) => new URL(u).pathname)).toEqual(['/page.html', '/sdk/twofold.js']);
  });

  it('tcf mode: a CMP grant (purpose 1 + special feature 2) unlocks collection', async () => {
    const { page } = await h.openPage({ initScripts: [INSTRUMENT_SCRIPT, STUB_CMP_SCRIPT] });
    await page.evaluate(() => {
      (window as unknown as { tf: unknown }).tf = Twofold.init({ site: 'example.test', consent: 'tcf' });
    });
    await page.evaluate((d) => (window as unknown as { __cmpAnswer(d: unknown): void }).__cmpAnswer(d), tcData('useractioncomplete', true, true));
    // Granted: the receipt is now stored (nothing else until collect()).
    expect(Object.keys(await touches(page)).sort()).toEqual(['localStorage:get', 'storage.getItem', 'storage.setItem']);
    await page.evaluate(() => (window as unknown as { tf: { collect(): Promise<unknown> } }).tf.collect());
    const after = await touches(page);
    for (const name of SURFACES) expect(after[name] ?? 0, name).toBeGreaterThan(0);
  });

  it('announcement listeners: twofold:request / twofold:withdraw while pending and after a refusal touch nothing and get no answer', async () => {
    const { page, requests } = await h.openPage({ initScripts: [INSTRUMENT_SCRIPT] });
    const ask = () =>
      page.evaluate(() => {
        document.dispatchEvent(new CustomEvent('twofold:request'));
        document.dispatchEvent(new CustomEvent('twofold:withdraw'));
      });
    await page.evaluate(() => {
      const w = window as unknown as { tf: unknown; heard: unknown[] };
      w.heard = [];
      document.addEventListener('twofold:announce', (e) => w.heard.push((e as CustomEvent).detail));
      w.tf = Twofold.init({ site: 'example.test', consent: 'manual', location: true });
    });
    await ask();
    await settle(page);
    expect(await touches(page)).toEqual({});
    await page.evaluate(() => (window as unknown as { tf: { consent: { deny(): void } } }).tf.consent.deny());
    await ask();
    await settle(page);
    expect(await touches(page)).toEqual({});
    expect(await page.evaluate(() => (window as unknown as { heard: unknown[] }).heard)).toEqual([]);
    expect(requests.map((u) => new URL(u).pathname)).toEqual(['/page.html', '/sdk/twofold.js']);
    // The same page after a grant and a collection does answer (the listener is live, not absent).
    await grantAndCollect(page);
    await ask();
    expect(await page.evaluate(() => (window as unknown as { heard: unknown[] }).heard.length)).toBeGreaterThan(0);
  });

  it('banner mode: only the one choice entry is read while pending and written on decline', async () => {
    const { page, requests } = await h.openPage({ initScripts: [INSTRUMENT_SCRIPT] });
    await page.evaluate(() => {
      (window as unknown as { tf: unknown }).tf = Twofold.init({ site: 'example.test', consent: 'banner' });
    });
    await page.getByRole('dialog').waitFor();
    await settle(page);
    const pending = await touches(page);
    expect(Object.keys(pending).sort()).toEqual(['localStorage:get', 'storage.getItem']);
    expect(pending['storage.getItem']).toBe(1);
    await page.getByRole('button', { name: 'Decline' }).click();
    await settle(page);
    const declined = await touches(page);
    expect(Object.keys(declined).sort()).toEqual(['localStorage:get', 'storage.getItem', 'storage.setItem']);
    expect(declined['storage.setItem']).toBe(1);
    expect(await collectError(page)).toBe('consent_required');
    const stored = await page.evaluate(() => Object.keys(localStorage));
    expect(stored).toEqual(['twofold.choice']);
    expect(requests.map((u) => new URL(u).pathname)).toEqual(['/page.html', '/sdk/twofold.js']);
  });
});
