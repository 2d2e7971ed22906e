// Issue 14, the device proof from the built SDK in Chromium and Firefox ESR: before consent no key
// is created, read or used (IndexedDB and WebCrypto counted from before the SDK loads); after a
// grant every sealed report carries a proof that the server's own check verifies, by one
// non-extractable key kept across sealings; revoke deletes it, and the next grant makes a new one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDeviceProof } from '../../sdk/server/risk/device-proof';
import { generateSiteKeys, issueNonce, unsealWithHeader, type SiteKeys } from '../../sdk/server/seal';
import { createMemoryStore } from '../../sdk/server/store/memory';
import { launchSdkBrowser, type SdkBrowserName, type SdkTestBrowser, type SdkTestPage } from './helpers/sdk-browsers';
import { sdkTestServer, type SdkTestServer } from './helpers/sdk-server';

/** Counts the key operations the SDK could make: IndexedDB opens and the WebCrypto key/sign calls. */
const COUNT_KEY_OPS = `(() => {
  const counts = (window.__keyOps = {});
  const wrap = (proto, name, label) => {
    const original = proto[name];
    proto[name] = function (...args) {
      // WebCrypto calls are counted per algorithm: sealing itself uses ECDH, HMAC and AES-GCM.
      const alg = typeof args[0] === 'string' ? args[0] : args[0] && args[0].name ? ':' + args[0].name : '';
      const key = label + (label.startsWith('subtle.') ? alg : '');
      counts[key] = (counts[key] || 0) + 1;
      return original.apply(this, args);
    };
  };
  wrap(IDBFactory.prototype, 'open', 'indexedDB.open');
  for (const name of ['generateKey', 'sign', 'importKey', 'exportKey']) wrap(SubtleCrypto.prototype, name, 'subtle.' + name);
})();`;

type Tf = { consent: { grant(): void; revoke(): Promise<void> }; seal(o: { nonce: string }): Promise<string> };

let server: SdkTestServer;
let keys: SiteKeys;
beforeAll(async () => {
  keys = await generateSiteKeys();
  server = await sdkTestServer();
}, 60_000);
afterAll(async () => {
  await server?.close();
});

describe.each<SdkBrowserName>(['chromium', 'firefox'])('device proof in %s', (name) => {
  let browser: SdkTestBrowser;
  beforeAll(async () => {
    browser = await launchSdkBrowser(name);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  const store = createMemoryStore();
  /** Seals in the page on a fresh nonce; opens and checks it as the server does. */
  async function sealAndCheck(page: SdkTestPage) {
    const { nonce } = await issueNonce(keys);
    const sealed = await page.evaluate((n) => (window as unknown as { tf: Tf }).tf.seal({ nonce: n }), nonce);
    const opened = await unsealWithHeader(sealed, { privateKey: keys.privateKey, site: 'example.test', nonces: store });
    return checkDeviceProof(opened);
  }
  const keyOps = (page: SdkTestPage) => page.evaluate(() => ({ ...(window as unknown as { __keyOps: Record<string, number> }).__keyOps }), null);

  it('no key before consent; one non-extractable key signs every sealing after it; revoke deletes it', async () => {
    const page = await browser.open(server.url('/page.html'), [COUNT_KEY_OPS]);
    await page.evaluate((publicKey) => {
      (window as unknown as { tf: unknown }).tf = Twofold.init({ site: 'example.test', consent: 'manual', publicKey });
    }, keys.publicKey);
    const refused = await page.evaluate(
      () =>
        (window as unknown as { tf: Tf }).tf.seal({ nonce: 'n'.repeat(22) }).then(
          () => 'sealed',
          (e: { code?: string }) => e.code,
        ),
      null,
    );
    expect(refused).toBe('consent_required');
    expect(await keyOps(page)).toEqual({});

    await page.evaluate(() => (window as unknown as { tf: Tf }).tf.consent.grant(), null);
    const first = await sealAndCheck(page);
    const second = await sealAndCheck(page);
    expect(first.status).toBe('valid');
    expect(second).toEqual(first);
    const ops = await keyOps(page);
    expect(ops['subtle.generateKey:ECDSA']).toBe(1);
    expect(ops['subtle.sign:ECDSA']).toBe(2);

    const stored = await page.evaluate(
      () =>
        new Promise<{ extractable: boolean; usages: string[]; exported: string } | null>((resolve) => {
          const request = indexedDB.open('twofold');
          request.onsuccess = () => {
            const get = request.result.transaction('device').objectStore('device').get('proof-key');
            get.onsuccess = () => {
              const key = (get.result as { privateKey?: CryptoKey } | undefined)?.privateKey;
              request.result.close();
              if (!key) return resolve(null);
              crypto.subtle
                .exportKey('pkcs8', key)
                .then(
                  () => 'exported',
                  (e: Error) => e.name,
                )
                .then((exported) => resolve({ extractable: key.extractable, usages: [...key.usages], exported }));
            };
          };
        }),
      null,
    );
    expect(stored).toEqual({ extractable: false, usages: ['sign'], exported: 'InvalidAccessError' });

    await page.evaluate(() => (window as unknown as { tf: Tf }).tf.consent.revoke(), null);
    const databases = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name), null);
    expect(databases).not.toContain('twofold');
    await page.evaluate(() => (window as unknown as { tf: Tf }).tf.consent.grant(), null);
    const renewed = await sealAndCheck(page);
    expect(renewed.status).toBe('valid');
    expect(renewed).not.toEqual(first);
  });
});
