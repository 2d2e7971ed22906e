// Chromium: a copied code is cleared from the clipboard ~30 s later by the background (alarm +
// offscreen document), even though the extension page that asked has been closed, and only if the
// clipboard still holds that code: text the user copied since is left alone. The clipboard is
// read from a page on 127.0.0.1, the only kind of origin Playwright can grant clipboard-read to.
// (Firefox clears from its event page with the same function: extension-clipboard-firefox.test.ts.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Worker } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromiumPersistent } from './helpers/chromium';
import { DIST_CHROME } from './helpers/extension';
import { startTestServer, type TestServer } from './helpers/server';

let context: BrowserContext;
let worker: Worker;
let server: TestServer;
let origin: string;
const profile = mkdtempSync(join(tmpdir(), 'twofold-clipboard-'));

beforeAll(async () => {
  server = await startTestServer({ pages: { '/paste.html': '<!doctype html><title>paste</title>' } });
  context = await launchChromiumPersistent(profile, { extensionDir: DIST_CHROME });
  worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const url = new URL(worker.url());
  origin = `${url.protocol}//${url.host}`;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  rmSync(profile, { recursive: true, force: true });
});

type Page = Awaited<ReturnType<BrowserContext['newPage']>>;

/** Copies `code` from a web page, asks the background (from the popup, then closed) to clear it later. */
async function copyAndAskToClear(code: string): Promise<Page> {
  const web = await context.newPage();
  await web.goto(server.url('/paste.html'));
  await web.evaluate((text) => navigator.clipboard.writeText(text), code);
  const popup = await context.newPage();
  await popup.goto(`${origin}/popup.html`);
  const reply = await popup.evaluate(
    (copied) =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({
        type: 'clipboard.clearLater',
        copied,
      }),
    code,
  );
  expect(reply).toEqual({ ok: true, result: { inSeconds: 30 } });
  await popup.close();
  await web.bringToFront();
  return web;
}

/** Whether the background still waits to clear a copied code (storage.session, taken when the alarm fires). */
const pending = () =>
  worker.evaluate(
    async () =>
      Object.keys(
        await (globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<object> } } } }).chrome.storage.session.get(
          'twofold.clipboard.copied',
        ),
      ).length > 0,
  );

it('clears the clipboard about 30 s after a copy, with the popup closed', async () => {
  const web = await copyAndAskToClear('482913');
  expect(await web.evaluate(() => navigator.clipboard.readText())).toBe('482913');
  const copiedAt = Date.now();
  let text = '482913';
  while (text !== '' && Date.now() - copiedAt < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    text = await web.evaluate(() => navigator.clipboard.readText());
  }
  expect(text).toBe('');
  await web.close();
}, 90_000);

it('leaves the clipboard alone when the user copied something else since', async () => {
  const web = await copyAndAskToClear('730155');
  await web.evaluate(() => navigator.clipboard.writeText('the user copied this'));
  expect(await pending()).toBe(true);
  // The 30 s delay itself is the previous test's; here the background's own alarm is moved to fire
  // in a second (an unpacked extension may), so the same alarm → offscreen path runs, 30 s sooner.
  await worker.evaluate(async () => {
    const alarms = (
      globalThis as unknown as { chrome: { alarms: { get(n: string): Promise<unknown>; create(n: string, i: { when: number }): Promise<void> } } }
    ).chrome.alarms;
    if (!(await alarms.get('twofold.clipboard'))) throw new Error('no clipboard alarm is scheduled');
    await alarms.create('twofold.clipboard', { when: Date.now() + 1000 });
  });
  const askedAt = Date.now();
  while ((await pending()) && Date.now() - askedAt < 60_000) await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(await pending()).toBe(false); // the alarm fired and took the code
  await new Promise((resolve) => setTimeout(resolve, 1000)); // let the offscreen document finish
  expect(await web.evaluate(() => navigator.clipboard.readText())).toBe('the user copied this');
  await web.close();
}, 90_000);
