// Issue 14, "remember this device" with the built SDK in Chromium and Firefox ESR, the test playing
// the site's server (createTwofoldService): a first sign-in is challenged as a new device key; once
// recorded successful (the second factor passed) the same browser is allowed as "Known device
// (key)"; after the site's storage is cleared it is challenged again; an attacker profile holding
// the victim's device id in its own IndexedDB (copied from the victim's disk) is challenged.
//
// Both browsers are driven by WebDriver/CDP, which the automation rule rightly challenges; it is
// left out of this engine so what is measured is the device evidence alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTwofoldService, type TwofoldService } from '../../sdk/server/http/service';
import { createRiskEngine } from '../../sdk/server/risk/engine';
import { RISK_RULES } from '../../sdk/server/risk/rules/index';
import { generateSiteKeys, type SiteKeys } from '../../sdk/server/seal';
import { createMemoryStore } from '../../sdk/server/store/memory';
import { launchSdkBrowser, type SdkBrowserName, type SdkTestBrowser, type SdkTestPage } from './helpers/sdk-browsers';
import { sdkTestServer, type SdkTestServer } from './helpers/sdk-server';

type Tf = { consent: { grant(): void }; seal(o: { nonce: string }): Promise<string> };

let server: SdkTestServer;
let keys: SiteKeys;
beforeAll(async () => {
  keys = await generateSiteKeys();
  server = await sdkTestServer();
}, 60_000);
afterAll(async () => {
  await server?.close();
});

/** The page's SDK, consented. */
async function consentedPage(browser: SdkTestBrowser, initScripts: string[] = []): Promise<SdkTestPage> {
  const page = await browser.open(server.url('/page.html'), initScripts);
  await page.evaluate((publicKey) => {
    const tf = Twofold.init({ site: 'example.test', consent: 'manual', publicKey });
    tf.consent.grant();
    (window as unknown as { tf: unknown }).tf = tf;
  }, keys.publicKey);
  return page;
}

describe.each<SdkBrowserName>(['chromium', 'firefox'])('remember this device in %s', (name) => {
  let browser: SdkTestBrowser;
  let service: TwofoldService;
  beforeAll(async () => {
    browser = await launchSdkBrowser(name);
    const store = createMemoryStore();
    const engine = createRiskEngine({ store, geo: async () => undefined, rules: RISK_RULES.filter((rule) => rule.id !== 'automation') });
    service = createTwofoldService({ site: 'example.test', store, keys, engine });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** The site's login route: seal in the page, assess for `userId` with the page's own UA. */
  async function signIn(page: SdkTestPage, userId: string) {
    const { nonce } = await service.issueNonce();
    const [sealed, userAgent] = await Promise.all([
      page.evaluate((n) => (window as unknown as { tf: Tf }).tf.seal({ nonce: n }), nonce),
      page.evaluate(() => navigator.userAgent, null),
    ]);
    return service.assess({ userId, sealed, ip: '127.0.0.1', userAgent });
  }
  const device = (outcome: Awaited<ReturnType<typeof signIn>>) => outcome.assessment.reasons.find((r) => r.feature === 'device')?.detail ?? '';

  it('challenged first, remembered after the second factor, challenged again once storage is cleared; a copied device id is challenged', async () => {
    const victim = await consentedPage(browser);
    const first = await signIn(victim, 'ada');
    expect(first.assessment.decision).toBe('challenge');
    expect(device(first)).toMatch(/^New device key/);
    // The site checked the second factor; recording the success binds the key.
    await service.record(first, 'success');

    const again = await signIn(victim, 'ada');
    expect(again.assessment.decision).toBe('allow');
    expect(device(again)).toMatch(/^Known device \(key\)/);
    await service.record(again, 'success');
    const victimDeviceId = again.attempt.deviceId!;
    expect(victimDeviceId).toMatch(/^[A-Za-z0-9_-]{22}$/);

    // Another browser profile with the victim's device id planted in its own storage before the SDK runs.
    const plant = `(() => {
      const open = indexedDB.open('twofold', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('device');
      open.onsuccess = () => { open.result.transaction('device', 'readwrite').objectStore('device').put({ id: ${JSON.stringify(victimDeviceId)}, createdAt: new Date().toISOString() }, 'id'); open.result.close(); };
    })();`;
    const attacker = await consentedPage(browser, [plant]);
    await attacker.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)), null);
    const copied = await signIn(attacker, 'ada');
    expect(copied.attempt.deviceId).toBe(victimDeviceId);
    expect(copied.assessment.decision).toBe('challenge');
    expect(device(copied)).toMatch(/^New device key/);

    // The victim clears the site's storage: the key is gone, the device is new again.
    await victim.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const request = indexedDB.deleteDatabase('twofold');
          request.onsuccess = () => resolve();
          request.onerror = () => resolve();
        }),
      null,
    );
    const cleared = await signIn(victim, 'ada');
    expect(cleared.assessment.decision).toBe('challenge');
    expect(device(cleared)).toMatch(/^New device key/);
    expect(await service.listDeviceKeys('ada')).toHaveLength(1);
  });
});
