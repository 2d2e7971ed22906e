/**
 * The ledger attacks (token swap, iframe forgery, detector stealth), one body for Chromium and
 * Firefox (attacks-ledger-*.test.ts), with the BUILT extension: a site that signs its own receipts (test/extension/background/ledger/
 * signed-site.ts) on 127.0.0.1, and a cross-origin frame served from the same server as `localhost`.
 * - Token swap: the verified site's page (any script on it) re-announces with another device's
 *   rights token, with the verified receipt, without a signature, and with a genuine receipt signed
 *   for another token → the stored ledger entry (read from the extension's IndexedDB) is
 *   byte-identical, the refusal is in the site's request log, Access still sends the user's token.
 * - Iframe forge: a cross-origin iframe fires `twofold:fp-relay` events (plain and keyed), forged
 *   channel announcements and batches with huge counts and other script origins, and fingerprints
 *   for real → nothing is filed under the top site; the frame's own genuine observation is filed
 *   under its own origin, "inside" the top site, with none of the forged counts or origins.
 * - Detector stealth: the wrapped functions keep name, length and a native-code toString().
 * Not a test file itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FingerprintRecord } from '../../../extension/fp-report';
import type { LedgerListing, TwofoldSiteEntry } from '../../../extension/ledger-view';
import { startSignedSite, type SignedSite } from '../../extension/background/ledger/signed-site';
import { message, readStore, type ExtensionBrowser, type ExtensionPage } from './extension';

const MINE = 'rt1.the-users-own-device-token';
const THEIRS = 'rt1.a-token-for-the-attackers-device';

/** The page of the signed site: announces the genuine announcement at load, as the SDK does after a collection; `__announce` fires any other. */
function accountPage(genuine: string): string {
  return `<!doctype html><title>Bank account</title><h1>Account</h1><script>
const genuine = ${JSON.stringify(genuine).replace(/</g, '\\u003c')};
const announce = (detail) => document.dispatchEvent(new CustomEvent('twofold:announce', { detail }));
announce(genuine);
window.__announce = announce;
</script>`;
}

/** The top page embedding the cross-origin frame. */
const newsPage = (frameUrl: string) => `<!doctype html><title>News</title><h1>News</h1><iframe src="${frameUrl}" width="300" height="150"></iframe>`;

/** The hostile cross-origin frame: forges every way it can, then fingerprints for real once. */
const framePage = `<!doctype html><title>Ad</title><script>
const forged = JSON.stringify({ v: 1, observations: [
  { kind: 'canvas-readback', scriptOrigin: 'https://victim-tracker.example', count: 999999, apis: ['toDataURL'] },
  { kind: 'font-probe', scriptOrigin: 'null', count: 777777, apis: ['offsetWidth'] },
] });
const fire = (target, type, detail) => { try { target.dispatchEvent(new CustomEvent(type, { detail })); } catch (e) { /* cross-origin parent */ } };
for (const target of [window, parent, top]) {
  fire(target, 'twofold:fp-relay', forged);
  fire(target, 'twofold:fp-relay', { key: 'guess', json: forged });
  fire(target, 'twofold:fp-relay-hello', { child: window });
}
const name = 'twofold-fp-' + 'ab'.repeat(16);
fire(window, 'twofold:fp-channel', name);
fire(window, name, forged);
try { parent.postMessage({ type: 'twofold:fp-relay', detail: forged }, '*'); } catch (e) { /* ignore */ }
// A srcdoc child of the frame relays through the frame's bridge: forge there too.
const inner = document.createElement('iframe');
inner.srcdoc = '<script>for (const t of [window, parent]) t.dispatchEvent(new CustomEvent("twofold:fp-relay", { detail: ' + JSON.stringify(forged) + ' }));<\\/script>';
document.documentElement.appendChild(inner);
// The frame's one genuine fingerprinting call.
const canvas = document.createElement('canvas');
canvas.width = 120; canvas.height = 30;
const ctx = canvas.getContext('2d');
ctx.font = '16px serif'; ctx.fillText('fingerprint \\u{1F600}', 2, 20);
window.__dataUrl = canvas.toDataURL();
</script>`;

/**
 * A page that snoops on the relay of its own srcdoc child (which fingerprints once): capture
 * listeners for every relay event name try to read each detail's key and batch.
 */
const relayPage = `<!doctype html><title>Relay</title><script>
window.__snoop = [];
for (const type of ['twofold:fp-relay', 'twofold:fp-relay-hello', 'twofold:fp-relay-key']) {
  window.addEventListener(type, (e) => {
    let seen;
    try { seen = JSON.stringify(e.detail) + ' ' + String(e.detail && e.detail.key) + ' ' + String(e.detail && e.detail.json); } catch (error) { seen = 'denied: ' + error.name; }
    window.__snoop.push(type + ' ' + seen);
  }, true);
}
const child = document.createElement('iframe');
child.srcdoc = '<canvas id="c" width="120" height="30"></canvas><script>const c = document.getElementById("c"); const x = c.getContext("2d"); x.font = "16px serif"; x.fillText("relay \\u{1F600}", 2, 20); window.__d = c.toDataURL();<\\/script>';
document.documentElement.appendChild(child);
</script>`;

/** Runs the ledger attacks against `launch()`'s browser (one launch for the file). */
export function describeLedgerAttacks(name: 'chromium' | 'firefox', available: boolean, launch: () => Promise<ExtensionBrowser>): void {
  describe.skipIf(!available)(`ledger attacks (${name}, built extension)`, () => {
    let ext: ExtensionBrowser;
    let bank: SignedSite;
    let ui: ExtensionPage;
    const frameOrigin = () => bank.base.replace('127.0.0.1', 'localhost');

    beforeAll(async () => {
      bank = await startSignedSite('bank.example');
      const genuine = await bank.announcement('rcpt-login-0001', MINE);
      bank.pages.set('/account.html', accountPage(JSON.stringify(genuine)));
      bank.pages.set('/news.html', newsPage(`${frameOrigin()}/frame.html`));
      bank.pages.set('/frame.html', framePage);
      bank.pages.set('/relay.html', relayPage);
      ext = await launch();
      ui = await ext.newPage();
      await ui.open('popup.html');
    });
    afterAll(async () => {
      await ext?.close();
      await bank?.close();
    });

    const storedEntry = async () => (await readStore<TwofoldSiteEntry>(ui, 'twofold-ledger', 'sites')).find((e) => e.origin === bank.base);
    const fingerprints = () => readStore<FingerprintRecord>(ui, 'twofold-ledger-fingerprints', 'observations');

    it("token swap on a verified site: refused, the stored entry unchanged, the refusal logged, Access still uses the user's token", async () => {
      const page = await ext.newPage();
      await page.goto(bank.url('/account.html'));
      await expect
        .poll(
          async () => {
            const entry = await storedEntry();
            return entry ? `${entry.verification.verified} ${entry.rightsToken}` : 'none';
          },
          { timeout: 20_000, interval: 250 },
        )
        .toBe(`true ${MINE}`);
      const before = JSON.stringify(await storedEntry());

      // What a hostile script on the verified page can send: it has seen the page's genuine receipts.
      const genuine = await bank.announcement('rcpt-login-0001', MINE);
      const swaps = [
        { ...genuine, rightsToken: THEIRS },
        await bank.announcement('rcpt-login-0001', THEIRS, null),
        { ...genuine, receiptId: 'rcpt-login-0002', rightsToken: THEIRS, receiptSignature: await bank.receipt('rcpt-login-0002', { rightsToken: MINE }) },
      ];
      for (const swap of swaps)
        await page.evaluate((detail: string) => (window as unknown as { __announce(d: string): void }).__announce(detail), JSON.stringify(swap));

      await expect
        .poll(
          async () => (await message<LedgerListing>(ui, { type: 'ledger.list' })).sites.find((s) => s.origin === bank.base)?.requests.map((r) => r.action),
          { timeout: 20_000, interval: 250 },
        )
        .toEqual(['token-refused']);
      // Every swap has been handled by now or is refused the same way: the entry is byte-identical.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(JSON.stringify(await storedEntry())).toBe(before);
      const listed = (await message<LedgerListing>(ui, { type: 'ledger.list' })).sites.find((s) => s.origin === bank.base)!;
      expect(listed.twofold).toMatchObject({ verification: { verified: true }, hasRightsToken: true });

      await message(ui, { type: 'ledger.access', origin: bank.base });
      expect(bank.rightsCalls).toEqual([`access ${MINE}`]);
    }, 60_000);

    it("iframe forge: nothing is filed under the top site; the frame's own observation is filed under its own origin, inside the top site", async () => {
      const page = await ext.newPage();
      await page.goto(bank.url('/news.html'));
      await expect
        .poll(async () => (await fingerprints()).filter((r) => r.site === frameOrigin()).length, { timeout: 20_000, interval: 500 })
        .toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 1000)); // forged batches were sent first; let any straggler land
      const records = await fingerprints();
      expect(records.filter((r) => r.site === bank.base)).toEqual([]);
      expect(records.map((r) => r.scriptOrigin)).not.toContain('https://victim-tracker.example');
      const mine = records.filter((r) => r.site === frameOrigin());
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ scriptOrigin: frameOrigin(), party: 'first-party', insideOf: [bank.base] });
      expect(Object.keys(mine[0]!.kinds)).toEqual(['canvas-readback']);
      expect(mine[0]!.kinds['canvas-readback']!.count).toBeLessThan(10);
      // The ledger page shows the frame's card as seen inside the top site.
      const ledgerPage = await ext.newPage();
      await ledgerPage.open('ledger.html');
      const card = `[data-testid=ledger-site][data-key="${frameOrigin()}"] [data-testid=inside-of]`;
      await ledgerPage.waitFor(card);
      expect(await ledgerPage.text(card)).toContain(`inside ${new URL(bank.base).host}`);
    }, 60_000);

    it("a srcdoc child's batch reaches the page's own entry through the extension only: the page reads no key and no batch", async () => {
      const page = await ext.newPage();
      await page.goto(bank.url('/relay.html'));
      // The child's genuine canvas read, relayed by its bridge to the page's: filed under the page's own origin.
      await expect
        .poll(async () => (await fingerprints()).some((r) => r.site === bank.base && r.kinds['canvas-readback'] !== undefined), {
          timeout: 20_000,
          interval: 500,
        })
        .toBe(true);
      const snoop = await page.evaluate(() => (window as unknown as { __snoop: string[] }).__snoop, null);
      console.info(`${name}: the page saw ${snoop.length} relay event(s): ${snoop.join(' | ').slice(0, 300)}`);
      for (const line of snoop) {
        expect(line, 'the page read a relay key').not.toMatch(/[0-9a-f]{32}/);
        expect(line, 'the page read a relayed batch').not.toMatch(/observations/);
      }
    }, 60_000);

    it('detector stealth: wrapped functions keep name, length and a native-code toString()', async () => {
      const page = await ext.newPage();
      await page.goto(bank.url('/news.html'));
      const seen = await page.evaluate(() => {
        const nativeMax = Function.prototype.toString.call(Math.max);
        const looksNative = (fn: unknown, name: string) => Function.prototype.toString.call(fn) === nativeMax.replace('max', name);
        const offsetWidth = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetWidth')!.get!;
        const fns: [string, (...a: never[]) => unknown][] = [
          ['toDataURL', HTMLCanvasElement.prototype.toDataURL],
          ['getImageData', CanvasRenderingContext2D.prototype.getImageData],
          ['startRendering', OfflineAudioContext.prototype.startRendering],
          ['toString', Function.prototype.toString],
        ];
        return {
          fns: fns.map(([name, fn]) => [name, fn.name, fn.length, looksNative(fn, name), String(fn) === Function.prototype.toString.call(fn)]),
          getter: [
            offsetWidth.name,
            offsetWidth.length,
            /^function (get )?offsetWidth\(\) \{\s*\[native code\]\s*\}$/.test(Function.prototype.toString.call(offsetWidth)),
          ],
          globals: Object.getOwnPropertyNames(window).filter((k) => /twofold|fingerprint|fp/i.test(k)),
        };
      }, null);
      expect(seen.fns).toEqual([
        ['toDataURL', 'toDataURL', 0, true, true],
        ['getImageData', 'getImageData', 4, true, true],
        ['startRendering', 'startRendering', 0, true, true],
        ['toString', 'toString', 0, true, true],
      ]);
      expect(seen.getter).toEqual(['get offsetWidth', 0, true]);
      expect(seen.globals).toEqual([]);
    }, 60_000);
  });
}
