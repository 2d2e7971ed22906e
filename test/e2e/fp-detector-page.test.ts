// The fingerprint detector in real Chromium WITHOUT the extension: the bundled detector is injected
// before page scripts (page.addInitScript, as the MAIN-world content script is), with a stand-in
// bridge that reports the raw batches, which the test validates with the extension's schema and
// classifies with the background's party rule. Pages: test/fixtures/fp-pages (two loopback origins).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyParty } from '../../extension/background/fingerprint-ledger';
import { parseFingerprintBatch, type FingerprintObservation } from '../../extension/fp-report';
import { hasChromium, launchChromium } from './helpers/chromium';
import { bundleDetector, bundleStandInBridge, FP_REPORT_BINDING, startFpServers, type FpServers } from './helpers/fp-pages';

let browser: Browser;
let servers: FpServers;
let detector: string;
let bridge: string;

beforeAll(async () => {
  [detector, bridge, servers] = await Promise.all([bundleDetector(), bundleStandInBridge(), startFpServers()]);
  if (hasChromium()) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await servers?.close();
});

/** Opens `path` with (or without) the detector; returns the page and the batches it reported. */
async function open(path: string, withDetector: boolean): Promise<{ page: Page; batches: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const batches: string[] = [];
  await page.exposeFunction(FP_REPORT_BINDING, (json: string) => void batches.push(json));
  if (withDetector) {
    await page.addInitScript(detector);
    await page.addInitScript(bridge);
  }
  await page.goto(servers.page.url(path));
  return { page, batches };
}

/** Flushes the detector (pagehide) and waits until every report sent before has arrived. */
async function observations(page: Page, batches: string[]): Promise<FingerprintObservation[]> {
  await page.evaluate(() => dispatchEvent(new Event('pagehide')));
  await page.evaluate((binding) => (window as unknown as Record<string, (s: string) => Promise<void>>)[binding]!('sentinel'), FP_REPORT_BINDING);
  await expect.poll(() => batches.includes('sentinel')).toBe(true);
  return batches.filter((b) => b !== 'sentinel').flatMap((b) => parseFingerprintBatch(b).observations);
}

describe.skipIf(!hasChromium())('fingerprint detector in Chromium (no extension)', () => {
  it('attributes canvas, WebGL, audio and font probing by a third-party script to its origin, as third party', async () => {
    const { page, batches } = await open('/third-party.html', true);
    await page.waitForFunction(() => (window as unknown as { __vendorResult?: unknown }).__vendorResult !== undefined);
    // The batch arrives by itself within the 1 s batching delay, before any pagehide.
    await expect.poll(() => batches.length, { timeout: 5000 }).toBeGreaterThan(0);
    const seen = await observations(page, batches);
    const site = servers.page.origin;
    const third = seen.filter((o) => o.scriptOrigin === servers.thirdOrigin);
    const kinds = Object.fromEntries(third.map((o) => [o.kind, o]));
    expect(Object.keys(kinds).sort()).toEqual(['audio-render', 'canvas-readback', 'font-probe', 'webgl-renderer']);
    expect(kinds['canvas-readback']).toMatchObject({ count: 2, apis: ['toDataURL', 'getImageData'] });
    expect(kinds['webgl-renderer']).toMatchObject({ count: 2, apis: ['getParameter'] });
    expect(classifyParty(servers.thirdOrigin, site)).toBe('third-party');
    // The page's own inline canvas read is first party.
    const own = seen.filter((o) => o.scriptOrigin === site);
    expect(own).toEqual([{ kind: 'canvas-readback', scriptOrigin: site, count: 1, apis: ['toDataURL'] }]);
    expect(classifyParty(site, site)).toBe('first-party');
    expect(seen).toHaveLength(5);
    await page.context().close();
  });

  it('attributes the real FingerprintJS library, loaded from a third-party origin, to that origin', async () => {
    const { page, batches } = await open('/fingerprintjs.html', true);
    await page.waitForFunction(() => typeof (window as unknown as { __visitorId?: unknown }).__visitorId === 'string', null, { timeout: 30_000 });
    const seen = await observations(page, batches);
    const kinds = new Set(seen.filter((o) => o.scriptOrigin === servers.thirdOrigin).map((o) => o.kind));
    // canvas (text + geometry toDataURL), audio (OfflineAudioContext) and webGlBasics (unmasked renderer).
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['audio-render', 'canvas-readback', 'webgl-renderer']));
    expect(seen.filter((o) => o.scriptOrigin !== servers.thirdOrigin)).toEqual([]);
    await page.context().close();
  });

  it('does not flag ordinary canvas use: image editing, thumbnails, colour reads, WebP probe, an exported chart', async () => {
    const { page, batches } = await open('/images-only.html', true);
    await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined);
    const result = await page.evaluate(() => (window as unknown as { __result: { purple: number[]; webp: boolean } }).__result);
    expect(result.purple).toEqual([102, 51, 153, 255]);
    expect(await observations(page, batches)).toEqual([]);
    await page.context().close();
  });

  it('leaves page behaviour unchanged: same pixels, data URLs, errors, and native-looking functions', async () => {
    const run = async (withDetector: boolean) => {
      const { page, batches } = await open('/behaviour.html', withDetector);
      await page.waitForFunction(() => (window as unknown as { __behaviour?: unknown }).__behaviour !== undefined);
      const result = await page.evaluate(() => JSON.stringify((window as unknown as { __behaviour: unknown }).__behaviour));
      await page.context().close();
      return { result: JSON.parse(result) as Record<string, unknown>, batches };
    };
    const without = await run(false);
    const withDetector = await run(true);
    expect(withDetector.result).toEqual(without.result);
    const fns = new Map(Object.entries(withDetector.result.fns as Record<string, { s: string; ts: string }>));
    expect(fns.get('toDataURL')?.ts).toBe('function toDataURL() { [native code] }');
    expect(fns.get('offsetWidth')?.s).toBe('function get offsetWidth() { [native code] }');
    expect(fns.get('toString')?.s).toBe('function toString() { [native code] }');
    expect(withDetector.result.badThis).toEqual({ error: ['[object Error]', 'TypeError', 'Illegal invocation', true, false] });
    expect((withDetector.result.badArgs as { error: unknown[] }).error[1]).toBe('IndexSizeError');
  });
});
