/**
 * fill.ts against real framework-controlled pages in Chromium, without the extension: the
 * bundled fill module is injected into the page's own (main) world, where React's value tracker
 * is visible, which is the harder case for a filler. Each page's own *model* must end up holding
 * the code (its submit handler prints the model, not the DOM).
 * Pages: React 19 (real, bundled), Vue 3 (real, global build), a vanilla split-box widget, and an
 * Angular-like page (Angular is not installed; the page reproduces its DefaultValueAccessor).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as esbuild from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium } from './helpers/chromium';
import { startTestServer, type TestServer } from './helpers/server';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const pagesDir = join(root, 'test/fixtures/fill-pages');

async function bundle(entry: string, globalName?: string): Promise<string> {
  const out = await esbuild.build({
    entryPoints: [join(root, entry)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['chrome120'],
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    ...(globalName ? { globalName } : {}),
  });
  return out.outputFiles[0]!.text;
}

interface FillOutcome {
  ok: boolean;
  mode?: string;
  verified?: boolean;
  reason?: string;
}

/** Injects fill.js and fills the inputs matching `selector` (in document order) with `code`. */
async function fill(page: Page, selector: string, code: string): Promise<FillOutcome> {
  return page.evaluate(
    ([sel, c]) => {
      const api = (window as unknown as { TwofoldFill: { fillOtpCode(t: { inputs: HTMLInputElement[] }, c: string): FillOutcome } }).TwofoldFill;
      return api.fillOtpCode({ inputs: [...document.querySelectorAll<HTMLInputElement>(sel)] }, c);
    },
    [selector, code] as const,
  );
}

describe.skipIf(!hasChromium())('fillOtpCode on framework-controlled pages (Chromium, no extension)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let fillJs: string;

  beforeAll(async () => {
    const [fillBundle, reactApp] = await Promise.all([bundle('extension/content/fill.ts', 'TwofoldFill'), bundle('test/fixtures/fill-pages/react-app.ts')]);
    fillJs = fillBundle;
    server = await startTestServer({
      static: { '/vendor/': join(root, 'node_modules/vue/dist'), '/': pagesDir },
      pages: { '/react-app.js': reactApp },
    });
    browser = await launchChromium();
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(path: string, ready: string): Promise<void> {
    await page.goto(server.url(path));
    await page.waitForSelector(ready);
    await page.addScriptTag({ content: fillJs });
  }

  it('React: a controlled single field holds the code in state and enables the submit button', async () => {
    await open('/react.html', '#otp');
    expect(await page.isDisabled('#single button')).toBe(true);
    expect(await fill(page, '#otp', '482913')).toMatchObject({ ok: true, mode: 'single', verified: true });
    expect(await page.isDisabled('#single button')).toBe(false);
    await page.click('#single button');
    expect(await page.textContent('#single-state')).toBe('state:482913');
  });

  it('React: a plain DOM assignment is lost on re-render (the control case the fill must beat)', async () => {
    await open('/react.html', '#otp');
    await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('#otp')!;
      input.value = '111111';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(await page.isDisabled('#single button')).toBe(true);
  });

  it('React: six controlled boxes with auto-advance get one digit each, in state', async () => {
    await open('/react.html', '#split .box');
    expect(await fill(page, '#split .box', '905172')).toMatchObject({ ok: true, mode: 'split', verified: true });
    await page.click('#split button');
    expect(await page.textContent('#split-state')).toBe('state:905172');
  });

  it('vanilla split-box widget (auto-advance, select on focus, paste spreading)', async () => {
    await open('/split-boxes.html', '.boxes input');
    expect(await fill(page, '.boxes input', '246810')).toMatchObject({ ok: true, mode: 'split', verified: true });
    await page.click('#form button');
    expect(await page.textContent('#state')).toBe('state:246810');
    expect(await page.evaluate(() => (window as unknown as { widgetLog: string[] }).widgetLog)).toEqual([
      'input0',
      'input1',
      'input2',
      'input3',
      'input4',
      'input5',
    ]);
  });

  it('Vue 3: v-model on a single field and on split boxes', async () => {
    await open('/vue.html', '#split .box');
    expect(await fill(page, '#otp', '13572468')).toMatchObject({ ok: true, verified: true });
    await page.click('#single button');
    expect(await page.textContent('#single-state')).toBe('state:13572468');
    expect(await fill(page, '#split .box', '864209')).toMatchObject({ ok: true, verified: true });
    await page.click('#split button');
    expect(await page.textContent('#split-state')).toBe('state:864209');
  });

  it('Angular-like reactive form: model updated, dirty, validity enables submit', async () => {
    await open('/angular-like.html', '#code');
    expect(await page.isDisabled('#submit')).toBe(true);
    expect(await fill(page, '#code', '700431')).toMatchObject({ ok: true, verified: true });
    await page.click('#submit');
    expect(await page.textContent('#state')).toBe('state:700431:dirty');
  });

  it('refuses, writing nothing, an 8-digit code into a maxlength=6 React field', async () => {
    await open('/react.html', '#otp');
    expect(await fill(page, '#otp', '12345678')).toMatchObject({ ok: false, reason: 'does-not-fit' });
    expect(await page.inputValue('#otp')).toBe('');
  });
});
