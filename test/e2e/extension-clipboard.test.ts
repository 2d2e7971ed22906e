// Chromium: a copied code is cleared from the clipboard ~30 s later by the background (alarm +
// offscreen document), even though the extension page that asked has been closed. The clipboard is
// read from a page on 127.0.0.1, the only kind of origin Playwright can grant clipboard-read to.
// (Firefox clears from its event page with the same function; not driven here: its clipboard
// cannot be read from WebDriver BiDi without a user gesture.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromiumPersistent } from './helpers/chromium';
import { DIST_CHROME } from './helpers/extension';
import { startTestServer, type TestServer } from './helpers/server';

let context: BrowserContext;
let server: TestServer;
let origin: string;
const profile = mkdtempSync(join(tmpdir(), 'twofold-clipboard-'));

beforeAll(async () => {
  server = await startTestServer({ pages: { '/paste.html': '<!doctype html><title>paste</title>' } });
  context = await launchChromiumPersistent(profile, { extensionDir: DIST_CHROME });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 30_000 });
  const url = new URL(worker.url());
  origin = `${url.protocol}//${url.host}`;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  rmSync(profile, { recursive: true, force: true });
});

it('clears the clipboard about 30 s after a copy, with the popup closed', async () => {
  const web = await context.newPage();
  await web.goto(server.url('/paste.html'));
  await web.evaluate(() => navigator.clipboard.writeText('482913'));
  const popup = await context.newPage();
  await popup.goto(`${origin}/popup.html`);
  const reply = await popup.evaluate(() => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'clipboard.clearLater' }));
  expect(reply).toEqual({ ok: true, result: { inSeconds: 30 } });
  await popup.close();
  await web.bringToFront();
  expect(await web.evaluate(() => navigator.clipboard.readText())).toBe('482913');
  const copiedAt = Date.now();
  let text = '482913';
  while (text !== '' && Date.now() - copiedAt < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    text = await web.evaluate(() => navigator.clipboard.readText());
  }
  expect(text).toBe('');
}, 90_000);
