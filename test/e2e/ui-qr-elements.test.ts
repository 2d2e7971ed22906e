// "Scan QR code" reads the page's own QR images, not only the screenshot (Chromium, one launch):
// an <img> cut off at the bottom of the window, a <canvas> and an <svg> scrolled out of view each
// scan; a cross-origin image the browser will not let the extension read gives the clear
// qr_tainted message instead of "no QR code".
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, type ExtensionPage, hasBrowser, launchChromiumWithExtension, message } from './helpers/extension';
import { startTestServer, type TestServer } from './helpers/server';

const uri = (issuer: string) => `otpauth://totp/${issuer}:alice?secret=JBSWY3DPEHPK3PXP&issuer=${issuer}`;
// Pushes an element below the window's bottom edge (the screenshot cannot see it).
const BELOW = '<div style="height: 2000px">Set up two-factor authentication</div>';

let server: TestServer;
let browser: ExtensionBrowser;
let popup: ExtensionPage;
let site: ExtensionPage;

beforeAll(async () => {
  const png = async (issuer: string) => QRCode.toBuffer(uri(issuer), { type: 'png', margin: 4, width: 240 });
  const images: Record<string, Buffer> = { '/img.png': await png('ImgCo'), '/other.png': await png('OtherSite') };
  const canvasModules = QRCode.create(uri('CanvasCo'), { errorCorrectionLevel: 'M' }).modules;
  const side = (canvasModules.size + 8) * 8; // 8 px modules and a 4-module quiet zone
  const svg = await QRCode.toString(uri('SvgCo'), { type: 'svg', margin: 4, width: 240 });
  server = await startTestServer({
    handlers: [
      (_req, res, url) => {
        const body = images[url.pathname];
        if (!body) return false;
        res.writeHead(200, { 'content-type': 'image/png' }); // no CORS header: another origin cannot read it
        res.end(body);
        return true;
      },
    ],
    pages: {
      // The top 60 px of the code show at the bottom of the window; the rest is cut off.
      '/img.html': `<!doctype html><title>Enrol</title><div style="height: calc(100vh - 60px)"></div><img src="/img.png" width="240" height="240" alt="">`,
      '/canvas.html': `<!doctype html><title>Enrol</title>${BELOW}<canvas id="c" width="${side}" height="${side}"></canvas><script>
        const size = ${canvasModules.size}, bits = ${JSON.stringify(Array.from(canvasModules.data))}, scale = 8;
        const c = document.getElementById('c').getContext('2d');
        c.fillStyle = '#fff'; c.fillRect(0, 0, ${side}, ${side}); c.fillStyle = '#000';
        bits.forEach((on, i) => on && c.fillRect(((i % size) + 4) * scale, (Math.floor(i / size) + 4) * scale, scale, scale));
      </script>`,
      '/svg.html': `<!doctype html><title>Enrol</title>${BELOW}<div style="width: 240px">${svg}</div>`,
      '/tainted.html': () => `<!doctype html><title>Enrol</title>${BELOW}<img src="http://localhost:${server.port}/other.png" width="240" height="240" alt="">`,
    },
  });
  browser = await launchChromiumWithExtension();
  popup = await browser.newPage();
  await popup.open('popup.html');
  await message(popup, { type: 'vault.create', passphrase: 'correct horse battery' });
  site = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Shows `path` in the site tab and asks the background to scan that tab, as the popup's button does. */
async function scan(path: string): Promise<{ account: { issuer: string } }> {
  await site.goto(server.url(path));
  await site.bringToFront();
  const windowId = await popup.evaluate(async (origin) => {
    type Tabs = { tabs: { query(q: object): Promise<{ url?: string; windowId: number }[]> } };
    const tabs = await (globalThis as unknown as { chrome: Tabs }).chrome.tabs.query({ active: true });
    return tabs.find((t) => t.url?.startsWith(origin))?.windowId ?? -1;
  }, server.origin);
  return message(popup, { type: 'accounts.scanQr', windowId });
}

describe.skipIf(!hasBrowser('chromium'))('scan QR codes from the page’s own elements (Chromium)', () => {
  it('an <img> cut off at the bottom of the window, a <canvas> and an <svg> out of view', async () => {
    expect((await scan('/img.html')).account.issuer).toBe('ImgCo');
    expect((await scan('/canvas.html')).account.issuer).toBe('CanvasCo');
    expect((await scan('/svg.html')).account.issuer).toBe('SvgCo');
  });

  it('a cross-origin image the browser will not let us read: a clear message, nothing added', async () => {
    await expect(scan('/tainted.html')).rejects.toThrow(/image from another site/);
    const { accounts } = await message<{ accounts: { issuer: string }[] }>(popup, { type: 'accounts.list' });
    expect(accounts.map((a) => a.issuer).sort()).toEqual(['CanvasCo', 'ImgCo', 'SvgCo']);
  });
});
