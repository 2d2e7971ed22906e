// The SDK's two stages in Chromium: the loader fetches the collector from its OWN directory (not the
// page's) only after consent, as an ES module for twofold.mjs and as an SRI-checked classic script
// for twofold.js; a collector that differs by one byte from the build's is refused by the browser
// and never runs, and collect() says what to fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium } from './helpers/chromium';
import { INSTRUMENT_SCRIPT } from './helpers/instrument';
import { PASSIVE_READS_SCRIPT } from './helpers/passive-reads';
import { loadSdkFiles } from './helpers/sdk-bundle';
import { startTestServer, type TestServer } from './helpers/server';

const classicPage = (loader: string) => `<!doctype html><html lang="en"><body><script src="${loader}"></script></body></html>`;
const MODULE_PAGE = `<!doctype html><html lang="en"><body><script type="module">
import { init } from '/cdn/v1/twofold.mjs';
window.tf = init({ site: 'example.test', consent: 'manual' });
window.ready = true;
</script></body></html>`;

let server: TestServer;
let browser: Browser;
const requests: string[] = [];

beforeAll(async () => {
  const sdk = await loadSdkFiles();
  const pages: Record<string, string> = {
    '/preloaded.html': `<!doctype html><html lang="en"><body><script src="/cdn/v1/twofold-collector.js"></script><script src="/cdn/v1/twofold.js"></script></body></html>`,
    '/page.html': classicPage('/cdn/v1/twofold.js'),
    '/module.html': MODULE_PAGE,
    '/tampered.html': classicPage('/bad/twofold.js'),
    '/missing.html': classicPage('/lonely/twofold.js'),
  };
  for (const [name, body] of Object.entries(sdk)) pages[`/cdn/v1/${name}`] = body;
  // The same loader next to a collector changed by one statement (which would set window.__tampered).
  pages['/bad/twofold.js'] = sdk['twofold.js']!;
  pages['/bad/twofold-collector.js'] = `${sdk['twofold-collector.js']!}\nwindow.__tampered = true;`;
  pages['/lonely/twofold.js'] = sdk['twofold.js']!;
  server = await startTestServer({
    handlers: [
      (_req, _res, url) => {
        if (url.pathname !== '/favicon.ico') requests.push(url.pathname);
        return false;
      },
    ],
    pages,
  });
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path: string, initScripts: string[] = []): Promise<Page> {
  requests.length = 0;
  const context = await browser.newContext();
  for (const content of initScripts) await context.addInitScript({ content });
  const page = await context.newPage();
  await page.goto(server.url(path));
  await page.waitForFunction(
    () => (window as unknown as { tf?: unknown; Twofold?: unknown }).tf !== undefined || (window as unknown as { Twofold?: unknown }).Twofold !== undefined,
  );
  return page;
}

/** Grants in manual mode and collects; resolves to the signal ids, or the error code. */
const grantAndCollect = (page: Page) =>
  page.evaluate(async () => {
    const w = window as unknown as {
      tf?: { consent: { grant(): void }; collect(): Promise<{ signals: Record<string, unknown> }> };
      Twofold: { init(o: unknown): NonNullable<typeof w.tf> };
    };
    w.tf ??= w.Twofold.init({ site: 'example.test', consent: 'manual' });
    w.tf.consent.grant();
    return w.tf.collect().then(
      (report) => Object.keys(report.signals),
      (error: { code?: string; message?: string }) => `${error.code}: ${error.message}`,
    );
  });

describe.skipIf(!hasChromium())('two stages', () => {
  it("classic script: the collector comes from the loader's directory, after consent only", async () => {
    const page = await open('/page.html');
    await page.evaluate(() => {
      (window as unknown as { tf: unknown }).tf = Twofold.init({ site: 'example.test', consent: 'manual' });
    });
    expect(requests).toEqual(['/page.html', '/cdn/v1/twofold.js']);
    expect(await grantAndCollect(page)).toContain('visitor-id');
    expect(requests).toEqual(['/page.html', '/cdn/v1/twofold.js', '/cdn/v1/twofold-collector.js']);
    // Loaded once: a second collection reuses it.
    await page.evaluate(() => (window as unknown as { tf: { collect(): Promise<unknown> } }).tf.collect());
    expect(requests.filter((r) => r.endsWith('collector.js'))).toHaveLength(1);
    const integrity = await page.evaluate(() => document.querySelector<HTMLScriptElement>('script[src$="twofold-collector.js"]')?.integrity);
    expect(integrity).toMatch(/^sha384-[A-Za-z0-9+/]{64}$/);
  });

  it('ES module: twofold.mjs imports twofold-collector.mjs from its own directory after consent', async () => {
    const page = await open('/module.html');
    expect(requests).toEqual(['/module.html', '/cdn/v1/twofold.mjs']);
    const ids = await grantAndCollect(page);
    expect(ids).toContain('visitor-id');
    expect(ids).toContain('device-id');
    expect(requests).toEqual(['/module.html', '/cdn/v1/twofold.mjs', '/cdn/v1/twofold-collector.mjs']);
  });

  it('a site may include the collector itself: it reads and touches nothing until consent, and is not fetched again', async () => {
    const page = await open('/preloaded.html', [PASSIVE_READS_SCRIPT, INSTRUMENT_SCRIPT]);
    await page.evaluate(() => {
      (window as unknown as { tf: unknown }).tf = Twofold.init({ site: 'example.test', consent: 'manual' });
      return new Promise((r) => setTimeout(r, 300));
    });
    const counters = () =>
      page.evaluate(() => {
        const w = window as unknown as { __twofoldReads: Record<string, number>; __twofoldTouches: Record<string, number> };
        return { reads: { ...w.__twofoldReads }, touches: { ...w.__twofoldTouches } };
      });
    expect(await counters()).toEqual({ reads: {}, touches: {} });
    expect(await grantAndCollect(page)).toContain('visitor-id');
    expect(requests).toEqual(['/preloaded.html', '/cdn/v1/twofold-collector.js', '/cdn/v1/twofold.js']);
    expect((await counters()).reads['navigator.userAgent'] ?? 0).toBeGreaterThan(0);
  });

  it('a collector that differs from the build is refused by Subresource Integrity and never runs', async () => {
    const page = await open('/tampered.html');
    const result = await grantAndCollect(page);
    expect(result).toMatch(/^collector_unavailable: .*integrity/);
    expect(await page.evaluate(() => (window as unknown as { __tampered?: boolean }).__tampered)).toBeUndefined();
  });

  it("the collector's errors, SealError included, reach the page as the loader's TwofoldError with their code; attach posts that code", async () => {
    const page = await open('/page.html');
    const outcome = await page.evaluate(async () => {
      // 65 bytes starting 0x04 but (0, 0) is not a P-256 point: the collector's SealError('seal_bad_key').
      const notAPoint = `B${'A'.repeat(86)}`;
      const tf = Twofold.init({ site: 'example.test', consent: 'manual', publicKey: notAPoint });
      tf.consent.grant();
      const codeOf = (error: unknown) => ({ own: error instanceof Twofold.TwofoldError, code: (error as { code?: string }).code });
      const badKey = await tf.seal({ nonce: 'n'.repeat(22) }).then(() => null, codeOf);
      const badNonce = await tf.seal({ nonce: 'short' }).then(() => null, codeOf);
      const form = document.createElement('form');
      form.innerHTML = '<button type="submit">Sign in</button>';
      document.body.append(form);
      tf.attach(form, { nonce: 'n'.repeat(22) });
      const posted = new Promise<string | null>((resolve) =>
        form.addEventListener('submit', (event) => {
          event.preventDefault();
          resolve(new FormData(form).get('twofold_error') as string | null);
        }),
      );
      form.requestSubmit();
      return { badKey, badNonce, attached: await posted };
    });
    expect(outcome).toEqual({ badKey: { own: true, code: 'seal_bad_key' }, badNonce: { own: true, code: 'seal_malformed' }, attached: 'seal_bad_key' });
  });

  it('a missing collector: collect() rejects with collector_unavailable saying where to put it', async () => {
    const page = await open('/missing.html');
    expect(await grantAndCollect(page)).toMatch(/^collector_unavailable: .*twofold-collector\.js.*same directory/);
  });
});
