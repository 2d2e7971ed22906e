// useTwofold for React (dist/sdk/twofold-react.mjs) and Vue (dist/sdk/twofold-vue.mjs) in Chromium:
// a small app per framework, loading the built binding next to the loader it imports (twofold.mjs)
// and the framework through an import map (React bundled by esbuild at test time, Vue's own ESM
// build). While consent is pending the component shows `pending` and the collector is not
// fetched; after Grant the form's submission carries a sealed report the server opens; after Deny
// it carries `twofold_error=consent_required` and nothing was collected. One browser for all.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSiteKeys, issueNonce, unsealWithHeader, type SiteKeys } from '../../sdk/server/seal';
import { createMemoryStore } from '../../sdk/server/store/memory';
import { launchChromium } from './helpers/chromium';
import { REPO_ROOT, sdkPages } from './helpers/sdk-bundle';
import { startTestServer, type TestHandler, type TestServer } from './helpers/server';

const SITE = 'example.test';

/** React and react-dom as one ES module, so the app and the binding share one React. */
async function reactModule(): Promise<string> {
  const result = await build({
    stdin: {
      contents:
        "export { createElement, StrictMode, useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';\n" +
        "export { createRoot } from 'react-dom/client';",
      resolveDir: REPO_ROOT,
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    minify: true,
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

const page = (importMap: Record<string, string>, app: string) =>
  `<!doctype html><html lang="en"><head><script type="importmap">${JSON.stringify({ imports: importMap })}</script></head>` +
  `<body><div id="app"></div><script type="module">${app}</script></body></html>`;

/** The same app in both frameworks: the state, Grant / Deny, and a sign-in form attached with formRef. */
const reactApp = (publicKey: string) => `
import { createElement as h, createRoot, StrictMode } from 'react';
import { useTwofold } from '/sdk/twofold-react.mjs';
const options = { site: '${SITE}', consent: 'manual', publicKey: '${publicKey}' };
function App() {
  const { state, grant, deny, formRef } = useTwofold(options, { nonce: () => fetch('/nonce').then((r) => r.text()) });
  return h('main', null,
    h('p', { id: 'state' }, state),
    h('button', { id: 'grant', onClick: grant }, 'Grant'),
    h('button', { id: 'deny', onClick: deny }, 'Deny'),
    h('form', { ref: formRef, method: 'post', action: '/login' }, h('input', { name: 'user', defaultValue: 'ada' }), h('button', { id: 'submit' }, 'Sign in')));
}
// StrictMode runs effects twice: the hook must still make one instance.
createRoot(document.getElementById('app')).render(h(StrictMode, null, h(App)));`;

const vueApp = (publicKey: string) => `
import { createApp, h } from 'vue';
import { useTwofold } from '/sdk/twofold-vue.mjs';
createApp({
  setup() {
    const { state, grant, deny, formRef } = useTwofold({ site: '${SITE}', consent: 'manual', publicKey: '${publicKey}' }, { nonce: () => fetch('/nonce').then((r) => r.text()) });
    return () => h('main', [
      h('p', { id: 'state' }, state.value),
      h('button', { id: 'grant', onClick: grant }, 'Grant'),
      h('button', { id: 'deny', onClick: deny }, 'Deny'),
      h('form', { ref: formRef, method: 'post', action: '/login' }, [h('input', { name: 'user', value: 'ada' }), h('button', { id: 'submit' }, 'Sign in')]),
    ]);
  },
}).mount('#app');`;

let keys: SiteKeys;
let server: TestServer;
let browser: Browser;
/** Paths the server was asked for, and the form posts it received, in order. */
const requests: string[] = [];
const posts: URLSearchParams[] = [];
const nonces = createMemoryStore();

/** The sign-in endpoint: records the posted form. */
const login: TestHandler = async (req, res, url) => {
  if (url.pathname !== '/login' || req.method !== 'POST') return false;
  let body = '';
  for await (const chunk of req) body += String(chunk);
  posts.push(new URLSearchParams(body));
  res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><p id="signed-in">ok</p>');
  return true;
};
/** The site's nonce endpoint (what GET /twofold/nonce does). */
const nonce: TestHandler = async (_req, res, url) => {
  if (url.pathname !== '/nonce') return false;
  res.writeHead(200, { 'content-type': 'text/plain' }).end((await issueNonce(keys)).nonce);
  return true;
};

beforeAll(async () => {
  keys = await generateSiteKeys();
  const vue = readFileSync(join(REPO_ROOT, 'node_modules', 'vue', 'dist', 'vue.esm-browser.prod.js'), 'utf8');
  server = await startTestServer({
    handlers: [
      (_req, _res, url) => {
        if (url.pathname !== '/favicon.ico') requests.push(url.pathname);
        return false;
      },
      login,
      nonce,
    ],
    pages: {
      ...(await sdkPages()),
      '/vendor/react.mjs': await reactModule(),
      '/vendor/vue.mjs': vue,
      '/react.html': page({ react: '/vendor/react.mjs' }, reactApp(keys.publicKey)),
      '/vue.html': page({ vue: '/vendor/vue.mjs' }, vueApp(keys.publicKey)),
    },
  });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the app in a fresh context (empty storage) and waits for the component to render. */
async function openApp(path: string): Promise<Page> {
  const context = await browser.newContext();
  const tab = await context.newPage();
  requests.length = 0;
  await tab.goto(server.url(path));
  await tab.locator('#state').waitFor();
  return tab;
}

/** Submits the form and returns what the server received. */
async function submit(tab: Page): Promise<URLSearchParams> {
  const before = posts.length;
  await tab.click('#submit');
  await tab.locator('#signed-in').waitFor();
  expect(posts).toHaveLength(before + 1);
  return posts[before]!;
}

describe.each([
  ['React', '/react.html'],
  ['Vue', '/vue.html'],
])('useTwofold in %s', (_framework, path) => {
  it('pending renders and fetches no collector; Grant → the posted form carries a sealed report the server opens', async () => {
    const tab = await openApp(path);
    expect(await tab.textContent('#state')).toBe('pending');
    expect(requests).not.toContain('/sdk/twofold-collector.mjs');
    await tab.click('#grant');
    await expect.poll(() => tab.textContent('#state')).toBe('granted');
    const body = await submit(tab);
    expect(body.get('user')).toBe('ada');
    expect(body.get('twofold_error')).toBeNull();
    const opened = await unsealWithHeader(body.get('twofold_sealed'), { privateKey: keys.privateKey, site: SITE, nonces });
    expect(opened.report.site).toBe(SITE);
    expect(opened.report.receipt.events.at(-1)?.state).toBe('given');
    expect(Object.keys(opened.report.signals)).toContain('visitor-id');
    expect(requests).toContain('/sdk/twofold-collector.mjs');
    await tab.context().close();
  });

  it('Deny → the form is posted with twofold_error=consent_required, nothing sealed, no collector fetched', async () => {
    const tab = await openApp(path);
    await tab.click('#deny');
    await expect.poll(() => tab.textContent('#state')).toBe('denied');
    const body = await submit(tab);
    expect(body.get('user')).toBe('ada');
    expect(body.get('twofold_error')).toBe('consent_required');
    expect(body.get('twofold_sealed')).toBeNull();
    expect(requests).not.toContain('/sdk/twofold-collector.mjs');
    expect(requests).not.toContain('/nonce');
    await tab.context().close();
  });
});
