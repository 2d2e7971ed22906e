// The demo home page (`npm start`): the three parts and their links, the banner, Accept, and the
// table of what was collected, in Chromium, against the real login app (its well-known document
// names the site and controller the banner shows).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLoginApp, type LoginApp } from '../../demo/app/index';
import { createDemoServer, demoHandlers } from '../../demo/server';
import { launchChromium } from './helpers/chromium';
import { REPO_ROOT, sdkPages } from './helpers/sdk-bundle';

let server: Server;
let browser: Browser;
let origin: string;
let app: LoginApp;
const dataDir = mkdtempSync(join(tmpdir(), 'twofold-sdk-demo-'));

beforeAll(async () => {
  const sdk = await sdkPages();
  app = await createLoginApp({ dataDir, databaseUrl: join(dataDir, 'twofold.sqlite') });
  // The built SDK is served from memory (a concurrent build may be rewriting dist/), the rest as `npm start` does.
  server = createDemoServer([
    (_req, res, url) => {
      const body = sdk[url.pathname];
      if (body === undefined) return false;
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(body);
      return true;
    },
    app.handler,
    ...demoHandlers(REPO_ROOT),
  ]);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((ok) => server?.close(ok));
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('shows the banner, and after Accept the collected signals and the receipt', async () => {
  const page = await browser.newPage();
  await page.goto(`${origin}/`);
  await expect.poll(() => page.locator('#state').textContent()).toBe('pending');
  expect(await page.locator('#signals tbody tr').count()).toBe(0);
  // The same site and controller as the sign-in page's banner (both from the login app).
  expect(await page.locator('#tf-intro').textContent()).toContain('twofold-demo');
  expect(await page.getByRole('dialog').textContent()).toContain('Twofold demo');
  await page.getByRole('button', { name: 'Accept' }).click();
  await page.locator('#signals tbody tr').first().waitFor();
  expect(await page.locator('#state').textContent()).toBe('granted');
  const ids = await page.locator('#signals tbody tr td:first-child').allTextContents();
  expect(ids).toContain('visitor-id');
  expect(ids).toContain('device-id');
  expect(await page.locator('#receipt').textContent()).toContain('"collectionMethod": "banner"');
  await page.getByRole('button', { name: 'Withdraw consent and erase' }).click();
  await expect.poll(() => page.locator('#state').textContent()).toBe('denied');
  expect(await page.evaluate(() => localStorage.length)).toBe(0);
  await page.close();
});

it('the home page explains the three parts and every link on it leads to a page', async () => {
  const page = await browser.newPage();
  await page.goto(`${origin}/`);
  for (const part of ['#part-sdk', '#part-server', '#part-extension']) expect(await page.locator(part).isVisible()).toBe(true);
  const hrefs = await page.locator('a[href]').evaluateAll((links) => [...new Set(links.map((a) => (a as HTMLAnchorElement).href))]);
  for (const wanted of ['/signup', '/login', '/inspector', '/extension.html']) expect(hrefs).toContain(`${origin}${wanted}`);
  for (const href of hrefs) {
    const response = await page.request.get(href);
    expect(response.status(), href).toBe(200);
  }
  // The sign-in link really leads to the sign-in form, the extension link to the install steps
  // (followed by address: the consent banner is modal until answered).
  await page.goto(new URL((await page.locator('#link-login').getAttribute('href'))!, origin).href);
  await page.locator('#login-form').waitFor();
  await page.goto(`${origin}/`);
  await page.goto(new URL((await page.locator('#link-extension').getAttribute('href'))!, origin).href);
  expect(await page.locator('h1').textContent()).toBe('Get the Twofold extension');
  expect(await page.locator('main').textContent()).toContain('dist/chrome');
  await page.close();
});

it('reads at 375 px and at 1280 px: nothing wider than the viewport', async () => {
  for (const width of [375, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    for (const path of ['/', '/login', '/signup', '/extension.html']) {
      await page.goto(`${origin}${path}`);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth, `${path} at ${width} px`).toBeLessThanOrEqual(width);
      expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily), path).toContain('system-ui');
    }
    await page.close();
  }
});

it('serves Norwegian with ?lang=nb, and the sign-in pages follow it', async () => {
  const page = await browser.newPage();
  await page.goto(`${origin}/?lang=nb`);
  await page.getByRole('button', { name: 'Godta' }).waitFor();
  await expect.poll(() => page.locator('#link-login').getAttribute('href')).toBe('/login?lang=nb');
  await page.goto(`${origin}/login?lang=nb`);
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('nb');
  await page.getByRole('button', { name: 'Godta' }).waitFor();
  expect(await page.locator('#tf-intro').textContent()).toContain('twofold-demo');
  await page.close();
});
