/**
 * findOtpFields in real Chromium, with layout: every corpus page (test/fixtures/otp-pages) is served
 * from 127.0.0.1, the bundled detector is injected, and the found targets are compared with
 * expected.json exactly as the jsdom unit test does. A second set of pages uses tricks only real
 * layout can see (transforms, clipping wrappers, zero-size boxes) and visible-only runs of boxes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as esbuild from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium } from './helpers/chromium';
import { startTestServer, type TestServer } from './helpers/server';
import { compareTargets, CORPUS_DIR, loadCorpus, summarize } from '../extension/content/otp-corpus';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Pages whose hidden inputs only layout reveals, with the ids that must (and only) be found. */
const LAYOUT_PAGES: Record<string, { html: string; targets: string[][] }> = {
  'transformed-away.html': {
    html: `<h1>Two-factor authentication</h1>
      <input id="moved" style="transform:translateX(-5000px)" autocomplete="one-time-code">
      <div style="height:0;overflow:hidden"><input id="wrapped" autocomplete="one-time-code"></div>
      <div style="max-height:0;overflow:hidden"><input id="wrapped2" autocomplete="one-time-code"></div>
      <input id="squashed" style="width:0;height:0;padding:0;border:0" autocomplete="one-time-code">
      <div style="opacity:0"><div><input id="faded" autocomplete="one-time-code"></div></div>
      <input id="behind" style="position:fixed;top:-200px;left:0" autocomplete="one-time-code">
      <label for="real">Authentication code</label><input id="real" inputmode="numeric" maxlength="6">`,
    targets: [['real']],
  },
  'narrow-boxes-no-maxlength.html': {
    html: `<style>.b{width:38px;height:44px}</style><p>Enter the 6-digit verification code</p>
      <div class="row"><input class="b" id="n1" inputmode="numeric"><input class="b" id="n2" inputmode="numeric"><input class="b" id="n3" inputmode="numeric"><input class="b" id="n4" inputmode="numeric"><input class="b" id="n5" inputmode="numeric"><input class="b" id="n6" inputmode="numeric"></div>`,
    targets: [['n1', 'n2', 'n3', 'n4', 'n5', 'n6']],
  },
  'scrollable-modal.html': {
    html: `<div style="height:120px;overflow:auto"><p style="height:400px">Please read these terms.</p>
      <label for="deep">Verification code</label><input id="deep" inputmode="numeric" maxlength="6"></div>`,
    targets: [['deep']],
  },
};

let server: TestServer;
let browser: Browser;
let page: Page;
let detector: string;

async function detect(url: string): Promise<string[][]> {
  await page.goto(url);
  await page.addScriptTag({ content: detector });
  return page.evaluate(() => {
    const api = (globalThis as unknown as { TwofoldOtpFields: typeof import('../../extension/content/otp-fields') }).TwofoldOtpFields;
    return api.findOtpFields(document).map((t) => t.inputs.map((i) => i.id));
  });
}

describe.skipIf(!hasChromium())('findOtpFields in Chromium (real layout)', () => {
  beforeAll(async () => {
    const out = await esbuild.build({
      entryPoints: [join(root, 'extension/content/otp-fields.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: ['chrome120'],
      globalName: 'TwofoldOtpFields',
    });
    detector = out.outputFiles[0]!.text;
    const pages = Object.fromEntries(
      Object.entries(LAYOUT_PAGES).map(([name, p]) => [`/layout/${name}`, `<!DOCTYPE html><html><head><title>t</title></head><body>${p.html}</body></html>`]),
    );
    server = await startTestServer({ static: { '/corpus/': CORPUS_DIR }, pages });
    browser = await launchChromium();
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('reaches precision ≥ 0.95 and recall ≥ 0.95 on the corpus', async () => {
    const corpus = loadCorpus();
    const rows = [];
    const wrong: string[] = [];
    for (const p of corpus) {
      const found = await detect(server.url(`/corpus/${p.file}`));
      const tally = compareTargets(p.targets, found);
      if (tally.fp + tally.fn > 0) wrong.push(`  ${p.file}: missed [${tally.missed.join(' | ')}] extra [${tally.extra.join(' | ')}]`);
      rows.push({ lang: p.lang, tally });
    }
    const { table, precision, recall } = summarize(rows);
    console.log(`\nOTP field detection, Chromium with layout (${corpus.length} pages)\n${table}\n${wrong.join('\n')}`);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  it.each(Object.keys(LAYOUT_PAGES))('layout-only page %s', async (name) => {
    expect(await detect(server.url(`/layout/${name}`))).toEqual(LAYOUT_PAGES[name]!.targets);
  });

  it('sees a field appear once the page makes it visible', async () => {
    await page.goto(server.url('/corpus/github-2fa.html'));
    await page.addScriptTag({ content: detector });
    const count = () =>
      page.evaluate(
        () => (globalThis as unknown as { TwofoldOtpFields: { findOtpFields(d: Document): unknown[] } }).TwofoldOtpFields.findOtpFields(document).length,
      );
    await page.evaluate(() => {
      (document.querySelector('main') as HTMLElement).style.display = 'none';
    });
    expect(await count()).toBe(0);
    await page.evaluate(() => {
      (document.querySelector('main') as HTMLElement).style.display = '';
    });
    expect(await count()).toBe(1);
  });
});
