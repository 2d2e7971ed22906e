// @vitest-environment jsdom
// The devtools panel's logic and UI against a fake inspected window: a second jsdom page running
// the REAL built SDK (dist/sdk/twofold.js) in manual mode; the fake bridge evaluates the panel's
// expressions in that page and passes results through JSON, as devtools does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fakeIndexedDb from 'fake-indexeddb';
import { JSDOM } from 'jsdom';
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InspectedWindow } from '../../../../extension/ui/devtools/inspected-window';
import { collectOnce, probePage } from '../../../../extension/ui/devtools/model';
import { Panel } from '../../../../extension/ui/devtools/Panel';

const SDK = readFileSync(join(__dirname, '../../../../dist/sdk/twofold.js'), 'utf8');
/** The SDK's second stage; jsdom loads no scripts, so the page includes it up front (as a site may). */
const COLLECTOR = readFileSync(join(__dirname, '../../../../dist/sdk/twofold-collector.js'), 'utf8');

/** A page on https://shop.test with the SDK; `init` runs after it loads. */
function fakePage(init: string | null): { win: InspectedWindow; page: JSDOM; evals: string[] } {
  const page = new JSDOM('<!doctype html><body><h1>Shop</h1></body>', {
    url: 'https://shop.test/login',
    runScripts: 'outside-only',
    pretendToBeVisual: true,
    // What a browser has and jsdom lacks, from Node (WebCrypto, encoders) and fake-indexeddb.
    beforeParse(window) {
      const w = window as unknown as Record<string, unknown>;
      const { indexedDB: _shared, default: _default, ...idbClasses } = fakeIndexedDb as unknown as Record<string, unknown>;
      Object.assign(w, { TextEncoder, TextDecoder, ...idbClasses, indexedDB: new fakeIndexedDb.IDBFactory() });
      Object.defineProperty(w, 'crypto', { value: globalThis.crypto, configurable: true });
    },
  });
  if (init !== null) {
    // The bundle starts with "use strict", so its top-level var stays inside the eval: publish it as a page script would.
    page.window.eval(`${COLLECTOR};${SDK};window.Twofold = Twofold;`);
    page.window.eval(init);
  }
  const evals: string[] = [];
  return {
    page,
    evals,
    win: {
      async eval(expression) {
        evals.push(expression);
        const result: unknown = page.window.eval(expression);
        return result === undefined ? undefined : JSON.parse(JSON.stringify(result));
      },
    },
  };
}

const settle = async (ms = 50) => new Promise((r) => setTimeout(r, ms));

describe('devtools panel model', () => {
  it('no SDK on the page', async () => {
    const { win } = fakePage(null);
    expect(await probePage(win)).toEqual({ sdk: false, instance: false });
  });

  it('SDK loaded but the instance kept nowhere', async () => {
    const { win } = fakePage(`Twofold.init({ site: 'shop.test', consent: 'manual' });`);
    expect(await probePage(win)).toEqual({ sdk: true, instance: false });
    await expect(collectOnce(win)).rejects.toThrow(/No Twofold instance/);
  });

  it('pending consent: present, nothing announced, and a collection is refused by the SDK', async () => {
    const { win } = fakePage(`window.shop = Twofold.init({ site: 'shop.test', consent: 'manual' });`);
    const state = await probePage(win);
    expect(state).toMatchObject({ sdk: true, instance: true, site: 'shop.test', consentMode: 'manual', consentState: 'pending' });
    expect(state.announcement).toBeUndefined();
    await expect(collectOnce(win, { pollMs: 5 })).rejects.toThrow(/Consent is not granted/);
  });

  it('granted: a collection returns a validated report and the announcement carries the receipt', async () => {
    const { win, page } = fakePage(`window.tf = Twofold.init({ site: 'shop.test', consent: 'manual' }); tf.consent.grant();`);
    const report = await collectOnce(win, { pollMs: 5 });
    expect(Object.keys(report.signals)).toContain('time-zone');
    expect(report.meta['time-zone']!.category).toBe('time');
    const state = await probePage(win);
    expect(state.consentState).toBe('granted');
    expect(state.announcement).toMatchObject({ site: 'shop.test', consent: 'granted', receiptId: report.receipt.receiptId });
    expect(state.announcement!.signals.map((s) => s.id).sort()).toEqual(Object.keys(report.signals).sort());
    // The panel leaves nothing behind in the page once a result is read.
    expect('__twofoldDevtoolsInspect' in page.window).toBe(false);
  });

  it('a forged announcement that fails validation is reported, not shown', async () => {
    const { win } = fakePage(`window.tf = Twofold.init({ site: 'shop.test', consent: 'manual' });
      document.addEventListener('twofold:request', () => document.dispatchEvent(new CustomEvent('twofold:announce', { detail: '{"v":1,"site":42}' })));`);
    const state = await probePage(win);
    expect(state.announcement).toBeUndefined();
    expect(state.announcementError).toBeTruthy();
  });
});

describe('devtools panel UI', () => {
  let root: HTMLElement;
  beforeEach(() => {
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    render(null, root);
    root.remove();
  });

  const until = async (check: () => boolean, what: string) => {
    for (let i = 0; i < 200 && !check(); i++) await settle(10);
    if (!check()) throw new Error(`timed out waiting for ${what}`);
  };
  const text = (sel: string) => root.querySelector(sel)?.textContent ?? '';

  it('outside devtools it says how to open it', () => {
    render(<Panel win={undefined} />, root);
    expect(text('[data-testid=sdk-state]')).toMatch(/developer tools/);
  });

  it('shows presence and consent, collects twice, shows stability and the diff', async () => {
    const { win } = fakePage(`window.tf = Twofold.init({ site: 'shop.test', consent: 'manual' }); tf.consent.grant();`);
    render(<Panel win={win} />, root);
    await until(() => text('[data-testid=consent-state]') === 'granted', 'the probe');
    expect(text('[data-testid=sdk-state]')).toMatch(/SDK present · site shop\.test · consent mode manual/);
    expect(text('[data-testid=receipt]')).toMatch(/No announcement yet/);
    const collect = () => (root.querySelector('[data-testid=collect]') as HTMLButtonElement).click();
    collect();
    await until(() => text('[data-testid=runs]') === '(1 collection)', 'the first collection');
    await until(() => text('[data-testid=receipt]').includes('Receipt'), 'the announcement');
    expect(root.querySelectorAll('[data-testid=signals] tbody tr').length).toBeGreaterThan(3);
    expect(text('[data-testid=diff-empty]')).toMatch(/Collect twice/);
    collect();
    await until(() => text('[data-testid=runs]') === '(2 collections)', 'the second collection');
    const tz = root.querySelector('tr[data-signal="time-zone"]')!;
    expect(tz.children[4]!.textContent).toBe('yes (2/2)');
    // The device id is created by the first collection and read back by the second: the diff names the field.
    expect(text('[data-testid=diff] li[data-signal="device-id"]')).toBe('device-id: isNew true → false');
    // …but its stability cell does not flag it: isNew changes by design (so does the local time).
    const deviceCell = root.querySelector('tr[data-signal="device-id"]')!.children[4]!;
    expect(deviceCell.textContent).toBe('yes; changes by design (isNew is true only on the first collection)');
    expect(deviceCell.classList.contains('unstable')).toBe(false);
    expect(root.querySelector('tr[data-signal="local-time"] .unstable')).toBeNull();
  });

  it('a failed collection is an alert styled as an error, not grey text', async () => {
    const { win } = fakePage(`window.tf = Twofold.init({ site: 'shop.test', consent: 'manual' });`);
    render(<Panel win={win} />, root);
    await until(() => text('[data-testid=consent-state]') === 'pending', 'the probe');
    expect(root.querySelector('[data-testid=message]')).toBeNull();
    (root.querySelector('[data-testid=collect]') as HTMLButtonElement).click();
    await until(() => root.querySelector('[data-testid=message]') !== null, 'the refusal');
    const message = root.querySelector('[data-testid=message]')!;
    expect(message.getAttribute('role')).toBe('alert');
    expect(message.classList.contains('error')).toBe(true);
    expect(message.textContent).toMatch(/Consent is not granted/);
  });
});
