// The zero-touch rule, proved for the passive reads most signals are made of, in Chromium AND
// Firefox, in banner, TCF and manual modes: every `navigator` property (including `in` checks and
// properties the browser lacks), `screen`, `devicePixelRatio`, `Intl.DateTimeFormat`,
// `Date#getTimezoneOffset`, `matchMedia`, layout reads for font probing and `document.fonts` are
// counted from before the SDK script runs (helpers/passive-reads.ts), together with the canvas /
// WebGL / audio / storage / network instrumentation of sdk-privacy.test.ts. The test page does
// nothing but load the SDK, so every count is the SDK's. While consent is pending and after a
// refusal the SDK reads only what ALLOWED_READS lists, and the server sees no request but the
// page and the loader; after a grant the same counters fire (so they can fail). Also in both
// browsers: the visitor id is keyed per site (sdk-collect.test.ts compares it with FingerprintJS').
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBrowser } from './helpers/extension';
import { INSTRUMENT_SCRIPT } from './helpers/instrument';
import { PASSIVE_READS_SCRIPT } from './helpers/passive-reads';
import { launchSdkBrowser, type SdkBrowserName, type SdkTestBrowser, type SdkTestPage } from './helpers/sdk-browsers';
import { sdkTestServer, type SdkTestServer } from './helpers/sdk-server';
import { STUB_CMP_SCRIPT, tcData } from './helpers/tcf-stub';

/**
 * The only passive reads allowed before consent, each with its reason. Manual and TCF modes: none.
 * Banner mode:
 * - `HTMLElement.lang`: the page's own `<html lang>`, read once for the banner's language when the
 *   site passes no `locale`;
 * - `navigator.globalPrivacyControl`: the visitor's Global Privacy Control preference, read once
 *   when the banner is shown so it can say the preference is honoured. It is a privacy choice the
 *   browser also sends in every request (`Sec-GPC`), not a device trait.
 */
const ALLOWED_READS = {
  manual: {},
  tcf: {},
  banner: { 'HTMLElement.lang': 1, 'navigator.globalPrivacyControl': 1 },
} as const;

type Counters = { reads: Record<string, number>; touches: Record<string, number> };
const counters = (page: SdkTestPage): Promise<Counters> =>
  page.evaluate(() => {
    const w = window as unknown as { __twofoldReads: Record<string, number>; __twofoldTouches: Record<string, number> };
    return { reads: { ...w.__twofoldReads }, touches: { ...w.__twofoldTouches } };
  }, null);
/** Lets timers, idle callbacks and promise chains the SDK might have started run. */
const settle = (page: SdkTestPage) => page.evaluate(() => new Promise((r) => setTimeout(r, 400)), null);
const initSdk = (page: SdkTestPage, consent: 'manual' | 'tcf' | 'banner') =>
  page.evaluate((mode) => {
    (window as unknown as { tf: unknown }).tf = Twofold.init({ site: 'example.test', consent: mode, location: true });
  }, consent);
const collectError = (page: SdkTestPage) =>
  page.evaluate(
    () =>
      (window as unknown as { tf: { collect(): Promise<unknown> } }).tf.collect().then(
        () => 'resolved',
        (e: { code?: string }) => e.code ?? String(e),
      ),
    null,
  );
const consentState = (page: SdkTestPage) => page.evaluate(() => (window as unknown as { tf: { consent: { state: string } } }).tf.consent.state, null);

/** Reads FingerprintJS and the SDK's own signals make once they run (proof the counters see them). */
const COLLECTOR_READS = [
  'navigator.userAgent',
  'navigator.userAgentData',
  'navigator.hardwareConcurrency',
  'navigator.languages',
  'screen.width',
  'screen.colorDepth',
  'Intl.DateTimeFormat',
  'Date.getTimezoneOffset',
  'matchMedia',
  'HTMLElement.offsetWidth',
  'HTMLElement.offsetHeight',
];

function zeroTouch(name: SdkBrowserName): void {
  describe.skipIf(!hasBrowser(name))(`zero touch before consent and after refusal (${name})`, () => {
    let browser: SdkTestBrowser;
    let server: SdkTestServer;
    beforeAll(async () => {
      server = await sdkTestServer();
      browser = await launchSdkBrowser(name);
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });
    const open = (initScripts: string[] = []) => {
      server.requests.length = 0;
      return browser.open(server.url('/page.html'), [PASSIVE_READS_SCRIPT, INSTRUMENT_SCRIPT, ...initScripts]);
    };
    /** Before consent the server saw the page and the loader only: not the collector, nothing else. */
    const onlyLoaderRequested = () => expect(server.requests).toEqual(['/page.html', '/sdk/twofold.js']);

    it('the counters see the page itself (sanity: they can fail)', async () => {
      const page = await open();
      await page.evaluate(() => {
        const probe = document.createElement('span');
        document.body.append(probe);
        return [
          navigator.userAgent,
          'webdriver' in navigator,
          (navigator as unknown as Record<string, unknown>).notAProperty,
          screen.width,
          devicePixelRatio,
          new Intl.DateTimeFormat().resolvedOptions().timeZone,
          new Date().getTimezoneOffset(),
          matchMedia('(color)').matches,
          probe.offsetWidth,
          document.fonts.check('12px serif'),
        ];
      }, null);
      const { reads } = await counters(page);
      for (const label of [
        'navigator.userAgent',
        'navigator.webdriver',
        'navigator.notAProperty',
        'screen.width',
        'window.devicePixelRatio',
        'Intl.DateTimeFormat',
        'Intl.DateTimeFormat.resolvedOptions',
        'Date.getTimezoneOffset',
        'matchMedia',
        'HTMLElement.offsetWidth',
        'document.fonts',
        'document.fonts.check',
      ]) {
        expect(reads[label], label).toBe(1);
      }
      expect(await page.evaluate(() => navigator instanceof Navigator && screen instanceof Screen, null)).toBe(true);
    });

    it('manual mode: init, pending, collect() attempts and deny() read nothing', async () => {
      const page = await open();
      await initSdk(page, 'manual');
      await settle(page);
      expect(await collectError(page)).toBe('consent_required');
      expect(await counters(page)).toEqual({ reads: ALLOWED_READS.manual, touches: {} });
      await page.evaluate(() => (window as unknown as { tf: { consent: { deny(): void } } }).tf.consent.deny(), null);
      await settle(page);
      expect(await collectError(page)).toBe('consent_required');
      expect(await counters(page)).toEqual({ reads: ALLOWED_READS.manual, touches: {} });
      onlyLoaderRequested();
    });

    it('tcf mode: pending while the CMP shows its UI and after a refusal, nothing is read', async () => {
      const page = await open([STUB_CMP_SCRIPT]);
      await initSdk(page, 'tcf');
      await settle(page);
      expect(await consentState(page)).toBe('pending');
      expect(await counters(page)).toEqual({ reads: ALLOWED_READS.tcf, touches: {} });
      await page.evaluate((d) => (window as unknown as { __cmpAnswer(d: unknown): void }).__cmpAnswer(d), tcData('useractioncomplete', true, false));
      await settle(page);
      expect(await consentState(page)).toBe('denied');
      expect(await collectError(page)).toBe('consent_required');
      expect(await counters(page)).toEqual({ reads: ALLOWED_READS.tcf, touches: {} });
      onlyLoaderRequested();
    });

    it('banner mode: while the banner shows and after Decline, only <html lang>, GPC and the one choice entry', async () => {
      const page = await open();
      await initSdk(page, 'banner');
      await page.waitFor('#twofold-consent [data-choice="denied"]');
      await settle(page);
      expect(await counters(page)).toEqual({ reads: ALLOWED_READS.banner, touches: { 'localStorage:get': 1, 'storage.getItem': 1 } });
      // An untrusted click() on the button (the banner test clicks for real): a trusted click's
      // hit-testing and scrolling by the driver would show up in the layout counters.
      await page.evaluate(() => {
        const button = document.getElementById('twofold-consent')?.shadowRoot?.querySelector<HTMLButtonElement>('[data-choice="denied"]');
        button?.click();
      }, null);
      await settle(page);
      expect(await consentState(page)).toBe('denied');
      expect(await collectError(page)).toBe('consent_required');
      expect(await counters(page)).toEqual({ reads: ALLOWED_READS.banner, touches: { 'localStorage:get': 2, 'storage.getItem': 1, 'storage.setItem': 1 } });
      onlyLoaderRequested();
    });

    it('after a grant the same counters fire: the collector reads navigator, screen, Intl, matchMedia and layout', async () => {
      const page = await open();
      await initSdk(page, 'manual');
      await page.evaluate(async () => {
        const tf = (window as unknown as { tf: { consent: { grant(): void }; collect(): Promise<unknown> } }).tf;
        tf.consent.grant();
        await tf.collect();
      }, null);
      // The collector is fetched only now, from the loader's directory.
      expect(server.requests).toEqual(['/page.html', '/sdk/twofold.js', '/sdk/twofold-collector.js']);
      const { reads, touches } = await counters(page);
      for (const label of COLLECTOR_READS) expect(reads[label] ?? 0, label).toBeGreaterThan(0);
      expect(touches['canvas.getContext'] ?? 0).toBeGreaterThan(0);
    }, 30_000);

    it('after a grant, two sites in the same profile get unrelated visitor ids; each site keeps its own', async () => {
      const other = await sdkTestServer();
      try {
        const first = await open();
        const second = await first.openInSameProfile(other.url('/page.html'));
        const visitorId = (page: SdkTestPage, site: string) =>
          page.evaluate(async (s) => {
            const tf = Twofold.init({ site: s, consent: 'manual' });
            tf.consent.grant();
            const report = await tf.collect();
            return (report.signals['visitor-id']!.value as { visitorId: string }).visitorId;
          }, site);
        const shop = await visitorId(first, 'shop.example');
        const bank = await visitorId(second, 'bank.example');
        expect(shop).toMatch(/^[0-9a-f]{32}$/);
        expect(bank).toMatch(/^[0-9a-f]{32}$/);
        expect(bank).not.toBe(shop);
        // The same site on another page of the profile recognises the browser.
        expect(await visitorId(await first.openInSameProfile(server.url('/page.html')), 'shop.example')).toBe(shop);
      } finally {
        await other.close();
      }
    }, 30_000);
  });
}

zeroTouch('chromium');
zeroTouch('firefox');
