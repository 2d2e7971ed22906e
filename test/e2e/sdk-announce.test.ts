// The announcement protocol (docs/announce-protocol.md) in real Chromium. The "extension" is played
// by an isolated world created over CDP, exactly where a content script runs: it shares the DOM but
// not the page's JS objects, so only string event details cross — which is what the SDK sends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { INSTRUMENT_SCRIPT } from './helpers/instrument';
import { startSdkHarness, type SdkHarness } from './helpers/sdk-page';

let h: SdkHarness;
beforeAll(async () => {
  h = await startSdkHarness();
});
afterAll(async () => {
  await h?.close();
});

type Tf = {
  consent: { state: string; grant(): void; deny(): void; revoke(): Promise<void> };
  collect(): Promise<{ signals: Record<string, unknown>; receipt: { receiptId: string } }>;
  setRightsToken(t: string, s?: string): void;
};
declare global {
  interface Window {
    tf: Tf;
  }
}

/** A content-script stand-in: evaluates code in a fresh isolated world of the page's main frame. */
async function contentScript(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const { executionContextId } = await cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'twofold-content-script' });
  const run = async <T>(expression: string): Promise<T> => {
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      expression,
      contextId: executionContextId,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(exceptionDetails.text);
    return result.value as T;
  };
  // Record every announcement the isolated world receives, with the type of its detail.
  await run(`window.heard = []; document.addEventListener('twofold:announce', (e) => window.heard.push({ type: typeof e.detail, detail: e.detail })); true`);
  return {
    run,
    /** Dispatches twofold:request and returns every announcement heard so far (parsed). */
    request: () => run<unknown>(`document.dispatchEvent(new CustomEvent('twofold:request')); true`),
    withdraw: () => run<unknown>(`document.dispatchEvent(new CustomEvent('twofold:withdraw')); true`),
    heard: async () => {
      const raw = await run<{ type: string; detail: string }[]>('window.heard');
      for (const r of raw) expect(r.type).toBe('string');
      return raw.map((r) => JSON.parse(r.detail) as Record<string, unknown>);
    },
  };
}

const touches = (page: Page) => page.evaluate(() => ({ ...(window as unknown as { __twofoldTouches: Record<string, number> }).__twofoldTouches }));
const settle = (page: Page) => page.evaluate(() => new Promise((r) => setTimeout(r, 200)));

describe('SDK ⇄ extension announcements (manual mode, Chromium)', () => {
  it('silent before grant and after deny, touching nothing; announces after grant + collect; answers requests', async () => {
    const { context, page } = await h.openPage({ initScripts: [INSTRUMENT_SCRIPT] });
    const cs = await contentScript(context, page);
    await page.evaluate(() => {
      (window as unknown as { pageSecret: number }).pageSecret = 42;
    });
    // Sanity: the stand-in really is isolated (it cannot see the page's globals).
    expect(await cs.run('typeof window.pageSecret')).toBe('undefined');
    await page.evaluate(() => {
      window.tf = Twofold.init({
        site: 'example.test',
        consent: 'manual',
        controller: { name: 'Example AS', contact: 'dpo@example.test', policyUrl: 'https://example.test/privacy' },
      }) as unknown as Tf;
    });
    await cs.request();
    await cs.withdraw();
    await settle(page);
    expect(await cs.heard()).toEqual([]);
    expect(await touches(page)).toEqual({});

    await page.evaluate(() => window.tf.consent.grant());
    await cs.request();
    await settle(page);
    expect(await cs.heard()).toEqual([]); // granted, but nothing collected on this page yet

    const report = await page.evaluate(() => window.tf.collect());
    const [announced, ...rest] = await cs.heard();
    expect(rest).toEqual([]);
    expect(announced).toMatchObject({
      v: 1,
      site: 'example.test',
      origin: h.server.url('/').replace(/\/$/, ''),
      consent: 'granted',
      receiptId: report.receipt.receiptId,
      policyUrl: 'https://example.test/privacy',
    });
    const ids = (announced!.signals as { id: string; category: string }[]).map((s) => s.id);
    expect(ids.sort()).toEqual(Object.keys(report.signals).sort());
    expect(ids).toContain('visitor-id');
    expect(ids).not.toContain('location'); // not opted in, so not collected

    await cs.request();
    const heard = await cs.heard();
    expect(heard).toHaveLength(2);
    expect(heard[1]).toEqual(announced);

    await page.evaluate(() => window.tf.setRightsToken('rt1.e2e-token', 'e2e-signature'));
    expect((await cs.heard()).at(-1)).toMatchObject({ rightsToken: 'rt1.e2e-token', receiptSignature: 'e2e-signature' });
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain('e2e-token');
  });

  it('before the collector arrives (a token handed over right after the grant, a request, a withdraw): announced in order once it does', async () => {
    const { context, page, requests } = await h.openPage();
    const cs = await contentScript(context, page);
    // One task: the collector requested by grant() cannot have arrived before the last line runs.
    const before = await page.evaluate(() => {
      window.tf = Twofold.init({ site: 'example.test', consent: 'manual' }) as unknown as Tf;
      window.tf.consent.grant();
      window.tf.setRightsToken('rt1.early-token', 'early-signature');
      document.dispatchEvent(new CustomEvent('twofold:request'));
      document.dispatchEvent(new CustomEvent('twofold:withdraw'));
      return { state: window.tf.consent.state, stored: Object.keys(localStorage) };
    });
    // The withdrawal itself is not held: consent ended and storage was wiped at once.
    expect(before).toEqual({ state: 'denied', stored: [] });
    await expect.poll(async () => (await cs.heard()).length).toBe(3);
    const heard = await cs.heard();
    expect(heard.map((a) => [a.consent, a.collectedAt, a.rightsToken, a.receiptSignature])).toEqual([
      ['granted', null, 'rt1.early-token', 'early-signature'],
      ['granted', null, 'rt1.early-token', 'early-signature'],
      ['withdrawn', null, 'rt1.early-token', 'early-signature'],
    ]);
    expect(requests.filter((r) => r.endsWith('/twofold-collector.js'))).toHaveLength(1);
    await settle(page);
    expect(await cs.heard()).toHaveLength(3);
  });

  it('a refusal stays silent even when asked', async () => {
    const { context, page } = await h.openPage({ initScripts: [INSTRUMENT_SCRIPT] });
    const cs = await contentScript(context, page);
    await page.evaluate(() => {
      window.tf = Twofold.init({ site: 'example.test', consent: 'manual' }) as unknown as Tf;
      window.tf.consent.deny();
    });
    await cs.request();
    await cs.withdraw();
    await settle(page);
    expect(await cs.heard()).toEqual([]);
    expect(await touches(page)).toEqual({});
  });

  it('twofold:withdraw from the extension revokes: storage wiped, one `withdrawn` announcement', async () => {
    const { context, page } = await h.openPage();
    const cs = await contentScript(context, page);
    await page.evaluate(async () => {
      window.tf = Twofold.init({ site: 'example.test', consent: 'manual' }) as unknown as Tf;
      window.tf.consent.grant();
      await window.tf.collect();
    });
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual(['twofold.receipt']);
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toContain('twofold');
    await cs.withdraw();
    await page.waitForFunction(() => window.tf.consent.state === 'denied');
    await settle(page);
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).not.toContain('twofold');
    const heard = await cs.heard();
    expect(heard.map((a) => a.consent)).toEqual(['granted', 'withdrawn']);
    expect(heard[1]).toMatchObject({ receiptId: heard[0]!.receiptId });
    expect(typeof heard[1]!.withdrawnAt).toBe('string');
    // A second withdraw has nothing left to withdraw: no new announcement.
    await cs.withdraw();
    await settle(page);
    expect(await cs.heard()).toHaveLength(2);
    await expect(
      page.evaluate(() =>
        window.tf.collect().then(
          () => 'collected',
          (e: { code: string }) => e.code,
        ),
      ),
    ).resolves.toBe('consent_required');
  });
});
