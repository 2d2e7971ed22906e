// TCF mode against a stub IAB TCF v2.2 CMP in real Chromium: grant needs purpose 1 consent AND
// special feature 2 opt-in; the TC string goes into the receipt; a later refusal withdraws and
// wipes; without a CMP consent stays pending.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSdkHarness, type SdkHarness } from './helpers/sdk-page';
import { STUB_CMP_SCRIPT, tcData } from './helpers/tcf-stub';

/** The SDK starts before the CMP exists; the CMP arrives (and answers) before the load event. */
const LATE_CMP_PAGE = `<!doctype html><html><body><script src="/sdk/twofold.js"></script>
<script>window.tf = Twofold.init({ site: 'news.example', consent: 'tcf' });</script>
<script>${STUB_CMP_SCRIPT} window.__cmpAnswer(${JSON.stringify(tcData('tcloaded', true, true))});</script></body></html>`;

let h: SdkHarness;
beforeAll(async () => {
  h = await startSdkHarness({ '/late.html': LATE_CMP_PAGE });
});
afterAll(async () => {
  await h?.close();
});

type TfWindow = { tf: { consent: { state: string; receipt: { tcString?: string; collectionMethod: string; events: { state: string }[] } | null } } };
const init = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as { tf: unknown }).tf = Twofold.init({ site: 'news.example', consent: 'tcf' });
  });
const answer = (page: Page, data: unknown) => page.evaluate((d) => (window as unknown as { __cmpAnswer(d: unknown): void }).__cmpAnswer(d), data);
const consent = (page: Page) => page.evaluate(() => (window as unknown as TfWindow).tf.consent);

describe('TCF v2.2 consent', () => {
  it('waits while the CMP UI is shown, grants on purpose 1 + special feature 2 and records the TC string', async () => {
    const { page } = await h.openPage({ initScripts: [STUB_CMP_SCRIPT] });
    await init(page);
    expect((await consent(page)).state).toBe('pending');
    await answer(page, tcData('useractioncomplete', true, true, 'CQ-granted-tc-string'));
    const c = await consent(page);
    expect(c.state).toBe('granted');
    expect(c.receipt?.collectionMethod).toBe('tcf');
    expect(c.receipt?.tcString).toBe('CQ-granted-tc-string');
    const report = await page.evaluate(() => (window as unknown as { tf: { collect(): Promise<{ receipt: { tcString?: string } }> } }).tf.collect());
    expect(report.receipt.tcString).toBe('CQ-granted-tc-string');
  });

  it('a stored TC string that already grants (tcloaded) grants at init', async () => {
    const { page } = await h.openPage({ initScripts: [STUB_CMP_SCRIPT] });
    await answer(page, tcData('tcloaded', true, true));
    await init(page);
    expect((await consent(page)).state).toBe('granted');
  });

  it.each([
    ['purpose 1 without special feature 2', true, false],
    ['special feature 2 without purpose 1', false, true],
    ['neither', false, false],
  ])('refuses with %s', async (_label, purpose1, scan) => {
    const { page } = await h.openPage({ initScripts: [STUB_CMP_SCRIPT] });
    await init(page);
    await answer(page, tcData('useractioncomplete', purpose1, scan));
    expect((await consent(page)).state).toBe('denied');
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
  });

  it('a later refusal in the CMP withdraws consent and wipes what was stored', async () => {
    const { page } = await h.openPage({ initScripts: [STUB_CMP_SCRIPT] });
    await init(page);
    await answer(page, tcData('useractioncomplete', true, true));
    await page.evaluate(() => (window as unknown as { tf: { collect(): Promise<unknown> } }).tf.collect());
    expect(await page.evaluate(() => indexedDB.databases().then((d) => d.map((x) => x.name)))).toContain('twofold');
    await answer(page, tcData('useractioncomplete', false, false));
    const c = await consent(page);
    expect(c.state).toBe('denied');
    expect(c.receipt?.events.map((e) => e.state)).toEqual(['given', 'withdrawn']);
    await expect.poll(() => page.evaluate(() => indexedDB.databases().then((d) => d.length))).toBe(0);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
  });

  it('without a CMP on the page consent stays pending and collect() is refused', async () => {
    const { page } = await h.openPage();
    await init(page);
    await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
    expect((await consent(page)).state).toBe('pending');
    const code = await page.evaluate(() => (window as unknown as { tf: { collect(): Promise<unknown> } }).tf.collect().catch((e: { code: string }) => e.code));
    expect(code).toBe('consent_required');
  });

  it('picks up a CMP that loads after the SDK (looks again on the load event)', async () => {
    const { page } = await h.openPage({ path: '/late.html' });
    await page.waitForFunction(() => document.readyState === 'complete');
    expect((await consent(page)).state).toBe('granted');
  });
});
