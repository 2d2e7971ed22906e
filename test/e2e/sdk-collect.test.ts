// collect() and inspect() in real Chromium: the report validates against the shared schema, every
// registry signal has a value or an error, the visitor id is FingerprintJS' components (minus domBlockers) keyed to the site
// (two sites in one browser profile get unrelated ids), the device id is stable across pages, and
// revoke() wipes IndexedDB and localStorage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { InspectReportSchema, SignalReportSchema, parseWith, type InspectReport, type SignalReport } from '../../sdk/protocol';
import { readFileSync } from 'node:fs';
import { FPJS_UMD, sdkPages } from './helpers/sdk-bundle';
import { startSdkHarness, type SdkHarness } from './helpers/sdk-page';
import { startTestServer } from './helpers/server';

/**
 * FingerprintJS' own UMD next to the SDK, plus fingerprintjsId() (FingerprintJS' own id of those
 * components) and fingerprintjsCanonical(): FingerprintJS' own load().get()
 * components, without the sources the SDK leaves out (OMITTED_FINGERPRINT_SOURCES, visitor-id.ts),
 * as the canonical string FingerprintJS' hashComponents hashes (its componentsToCanonicalString,
 * FingerprintJS 5.2.0, checked here against hashComponents); and keyedWithSite(site, text): what the
 * SDK should report for that string on `site`.
 */
const WITH_FP_PAGE = `<!doctype html><html><body><script src="/fp.umd.min.js"></script><script src="/sdk/twofold.js"></script><script>
async function fingerprintjsId() {
  const { components } = await (await FingerprintJS.load({ monitoring: false })).get();
  const { domBlockers, ...kept } = components;
  return FingerprintJS.hashComponents(kept);
}
async function fingerprintjsCanonical() {
  const { components } = await (await FingerprintJS.load({ monitoring: false })).get();
  const { domBlockers, ...kept } = components;
  let canonical = '';
  for (const name of Object.keys(kept).sort()) {
    canonical += (canonical ? '|' : '') + name.replace(/([:|\\\\])/g, '\\\\$1') + ':' + ('error' in kept[name] ? 'error' : JSON.stringify(kept[name].value));
  }
  if (FingerprintJS.murmurX64Hash128(canonical) !== FingerprintJS.hashComponents(kept)) throw new Error('not FingerprintJS canonical string');
  return canonical;
}
async function keyedWithSite(site, text) {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(site), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode('visitor-id\\0' + text)));
  return Array.from(mac.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}
</script></body></html>`;

let h: SdkHarness;
beforeAll(async () => {
  h = await startSdkHarness({
    '/with-fp.html': WITH_FP_PAGE,
  });
});
afterAll(async () => {
  await h?.close();
});

type Tf = { consent: { grant(): void; revoke(): Promise<void>; state: string }; collect(): Promise<SignalReport>; inspect(): Promise<InspectReport> };
const grantAndCollect = (page: Page, options: Record<string, unknown> = {}) =>
  page.evaluate(async (opts) => {
    const tf = Twofold.init({ site: 'bank.example', consent: 'manual', ...opts } as never) as unknown as Tf;
    (window as unknown as { tf: Tf }).tf = tf;
    tf.consent.grant();
    return tf.collect();
  }, options);

describe('collect and inspect', () => {
  it('returns a schema-valid report with every signal and the receipt', async () => {
    const { page } = await h.openPage();
    const report = parseWith(SignalReportSchema, await grantAndCollect(page), 'report');
    const ids = await page.evaluate(() => Twofold.signals.map((s) => s.id).filter((id) => id !== 'location'));
    expect(Object.keys(report.signals).sort()).toEqual([...ids].sort());
    expect(report.origin).toBe(h.server.origin);
    expect(report.receipt.signals.map((s) => s.id).sort()).toEqual([...ids].sort());
    const errors = Object.entries(report.signals).filter(([, r]) => r.error !== undefined);
    expect(errors).toEqual([]);
    // biome-ignore lint/suspicious/noExplicitAny: a response body read field by field in assertions; the server's own schemas are what is under test
    const v = report.signals as Record<string, { value?: any }>;
    expect(v['user-agent']!.value.clientHints.highEntropy).toHaveProperty('platformVersion');
    expect(v['device-type']!.value).toEqual({ type: 'desktop' });
    expect(v.automation!.value.headless).toBe(true); // headless Chromium says so in its UA
    expect(v['visitor-id']!.value.visitorId).toMatch(/^[0-9a-f]{32}$/);
    // The canvas images are sent as hashes, so the report stays small.
    expect(JSON.stringify(report).length).toBeLessThan(12_000);
  });

  it('the visitor id is FingerprintJS\' components (its sources minus domBlockers, its canonical string) keyed to the site: HMAC-SHA-256(site, "visitor-id\\0" + string), 128 bits', async () => {
    const { page } = await h.openPage({ path: '/with-fp.html' });
    const ours = await grantAndCollect(page);
    const expected = await page.evaluate(async () => keyedWithSite('bank.example', await fingerprintjsCanonical()));
    expect((ours.signals['visitor-id']!.value as { visitorId: string }).visitorId).toBe(expected);
  });

  it('two sites in the same browser profile get unrelated visitor ids and device ids; each site keeps its own', async () => {
    const other = await startTestServer({ pages: { ...(await sdkPages()), '/with-fp.html': WITH_FP_PAGE, '/fp.umd.min.js': readFileSync(FPJS_UMD, 'utf8') } });
    try {
      const { context, page } = await h.openPage({ path: '/with-fp.html' });
      const ids = async (p: Page, site: string) => {
        const report = await grantAndCollect(p, { site });
        const v = report.signals as Record<string, { value?: { visitorId?: string; id?: string } }>;
        return {
          visitor: v['visitor-id']!.value!.visitorId!,
          device: v['device-id']!.value!.id!,
          fpjs: await p.evaluate(() => fingerprintjsId()),
        };
      };
      const shop = await ids(page, 'shop.example');
      const bankPage = await context.newPage();
      await bankPage.goto(other.url('/with-fp.html'));
      const bank = await ids(bankPage, 'bank.example');
      // The same browser: FingerprintJS' own id is identical on both origins ...
      expect(bank.fpjs).toBe(shop.fpjs);
      // ... but what each site receives is not, and is not the cross-site id either.
      expect(bank.visitor).not.toBe(shop.visitor);
      expect([shop.visitor, bank.visitor]).not.toContain(shop.fpjs);
      expect(bank.device).not.toBe(shop.device);
      expect(shop.visitor).toBe(await page.evaluate(async () => keyedWithSite('shop.example', await fingerprintjsCanonical())));
      // A second page of the first site recognises the browser.
      const again = await context.newPage();
      await again.goto(h.server.url('/with-fp.html'));
      expect((await ids(again, 'shop.example')).visitor).toBe(shop.visitor);
    } finally {
      await other.close();
    }
  });

  it('inspect() adds the metadata of every signal', async () => {
    const { page } = await h.openPage();
    await grantAndCollect(page, { location: true });
    const inspected = parseWith(InspectReportSchema, await page.evaluate(() => (window as unknown as { tf: Tf }).tf.inspect()), 'inspect');
    expect(Object.keys(inspected.meta).sort()).toEqual(Object.keys(inspected.signals).sort());
    expect(inspected.meta['visitor-id']).toMatchObject({ category: 'fingerprint', personalData: 'online-identifier' });
    // The site opted in, but the visitor never granted the geolocation permission: no prompt, no position.
    expect(inspected.signals.location!.value).toBe('not-permitted');
  });

  it('location is rounded to ~1 km when the permission was already granted', async () => {
    const { context, page } = await h.openPage();
    await context.grantPermissions(['geolocation'], { origin: h.server.origin });
    await context.setGeolocation({ latitude: 59.913868, longitude: 10.752245, accuracy: 35 });
    const report = await grantAndCollect(page, { location: true });
    expect(report.signals.location!.value).toEqual({ lat: 59.91, lon: 10.75, accuracyKm: 1 });
  });

  it('the device id is created after consent and stays the same on the next page', async () => {
    const { page } = await h.openPage();
    expect(await page.evaluate(() => indexedDB.databases().then((d) => d.length))).toBe(0);
    const first = (await grantAndCollect(page)).signals['device-id']!.value as { id: string; isNew: boolean };
    expect(first.isNew).toBe(true);
    await page.reload();
    const second = (await grantAndCollect(page)).signals['device-id']!.value as { id: string; isNew: boolean };
    expect(second).toMatchObject({ id: first.id, isNew: false });
  });

  it('collect() rejects with ConsentRequiredError before consent', async () => {
    const { page } = await h.openPage();
    const err = await page.evaluate(() =>
      Twofold.init({ site: 'bank.example', consent: 'manual' })
        .collect()
        .catch((e: Error & { code: string }) => ({ name: e.name, code: e.code, isClass: e instanceof Twofold.ConsentRequiredError })),
    );
    expect(err).toEqual({ name: 'ConsentRequiredError', code: 'consent_required', isClass: true });
  });

  it('bad init options fail with a ValidationError that says what is wrong', async () => {
    const { page } = await h.openPage();
    const err = await page.evaluate(() => {
      try {
        Twofold.init({ site: '', consent: 'popup' } as never);
        return null;
      } catch (e) {
        return { code: (e as { code: string }).code, message: (e as Error).message };
      }
    });
    expect(err?.code).toBe('invalid_input');
    expect(err?.message).toMatch(/site/);
    expect(err?.message).toMatch(/consent/);
  });

  it('revoke() wipes everything the SDK stored: IndexedDB and localStorage end empty', async () => {
    const { page } = await h.openPage();
    await page.evaluate(() => localStorage.setItem('site-own-key', 'kept'));
    await grantAndCollect(page);
    expect(await page.evaluate(() => indexedDB.databases().then((d) => d.map((x) => x.name)))).toEqual(['twofold']);
    expect(await page.evaluate(() => Object.keys(localStorage).sort())).toEqual(['site-own-key', 'twofold.receipt']);
    await page.evaluate(() => (window as unknown as { tf: Tf }).tf.consent.revoke());
    expect(await page.evaluate(() => indexedDB.databases().then((d) => d.length))).toBe(0);
    expect(await page.evaluate(() => ({ ...localStorage }))).toEqual({ 'site-own-key': 'kept' });
    expect(await page.evaluate(() => (window as unknown as { tf: Tf }).tf.consent.state)).toBe('denied');
    const code = await page.evaluate(() => (window as unknown as { tf: Tf }).tf.collect().catch((e: { code: string }) => e.code));
    expect(code).toBe('consent_required');
  });

  it('revoke() in banner mode also forgets the choice, so the banner asks again', async () => {
    const { page } = await h.openPage();
    await page.evaluate(() => {
      (window as unknown as { tf: unknown }).tf = Twofold.init({ site: 'bank.example', consent: 'banner' });
    });
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.evaluate(() => (window as unknown as { tf: Tf }).tf.collect());
    await page.evaluate(() => (window as unknown as { tf: Tf }).tf.consent.revoke());
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(await page.evaluate(() => indexedDB.databases().then((d) => d.length))).toBe(0);
    await page.reload();
    await page.evaluate(() => {
      (window as unknown as { tf: unknown }).tf = Twofold.init({ site: 'bank.example', consent: 'banner' });
    });
    await page.getByRole('dialog').waitFor();
  });
});

declare global {
  /** Defined by WITH_FP_PAGE. */
  function keyedWithSite(site: string, text: string): Promise<string>;
  /** Defined by WITH_FP_PAGE. */
  function fingerprintjsId(): Promise<string>;
  /** Defined by WITH_FP_PAGE. */
  function fingerprintjsCanonical(): Promise<string>;
}
