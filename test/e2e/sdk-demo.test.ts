// The demo page (`npm start`): banner, Accept, and the table of what was collected, in Chromium.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { createDemoServer, staticFiles } from '../../demo/server';
import { launchChromium } from './helpers/chromium';
import { REPO_ROOT, sdkPages } from './helpers/sdk-bundle';

let server: Server;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  const sdk = await sdkPages();
  // The built SDK is served from memory (a concurrent build may be rewriting dist/), the pages from demo/public.
  server = createDemoServer([
    (_req, res, url) => {
      const body = sdk[url.pathname];
      if (body === undefined) return false;
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(body);
      return true;
    },
    staticFiles('/', join(REPO_ROOT, 'demo', 'public')),
  ]);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => server?.close(ok));
});

it('shows the banner, and after Accept the collected signals and the receipt', async () => {
  const page = await browser.newPage();
  await page.goto(`${origin}/`);
  expect(await page.locator('#state').textContent()).toBe('pending');
  expect(await page.locator('#signals tbody tr').count()).toBe(0);
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

it('serves Norwegian with ?lang=nb', async () => {
  const page = await browser.newPage();
  await page.goto(`${origin}/?lang=nb`);
  await page.getByRole('button', { name: 'Godta' }).waitFor();
  await page.close();
});
