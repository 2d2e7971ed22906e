// Ledger source 3 on the real idb code over fake-indexeddb, and through the real router.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  classifyParty,
  frameSiteOfSender,
  mergeBatch,
  MAX_SCRIPT_ORIGINS_PER_SITE,
  openFingerprintLedger,
} from '../../../extension/background/fingerprint-ledger';
import type { FingerprintBatch } from '../../../extension/fp-report';
import { contentScript, makeBackground, POPUP } from './background-twin';

const batch = (...observations: FingerprintBatch['observations']): FingerprintBatch => ({ v: 1, observations });
const canvas = (scriptOrigin: string, count = 1): FingerprintBatch['observations'][number] => ({
  kind: 'canvas-readback',
  scriptOrigin,
  count,
  apis: ['toDataURL'],
});

describe('party and site', () => {
  it('classifies by registrable domain; IP hosts and localhost compare whole', () => {
    expect(classifyParty('https://static.news.example.co.uk', 'https://www.news.example.co.uk')).toBe('first-party');
    expect(classifyParty('https://cdn.fp-vendor.test', 'https://news.example')).toBe('third-party');
    expect(classifyParty('http://localhost:5000', 'http://127.0.0.1:4000')).toBe('third-party');
    expect(classifyParty('http://127.0.0.1:5000', 'http://127.0.0.1:4000')).toBe('first-party');
    expect(classifyParty('https://news.example.evil.test', 'https://news.example')).toBe('third-party');
  });
  it("files under the sending frame's own origin, never the tab's or the message's; a sub-frame names its top site", () => {
    expect(frameSiteOfSender({ url: 'https://ads.test/frame', tab: { url: 'https://news.example/a' } })).toEqual({
      site: 'https://ads.test',
      insideOf: 'https://news.example',
    });
    expect(frameSiteOfSender({ url: 'https://news.example/b', tab: { url: 'https://news.example/a' } })).toEqual({ site: 'https://news.example' });
    expect(frameSiteOfSender({ url: 'https://news.example/a' })).toEqual({ site: 'https://news.example' });
    expect(frameSiteOfSender({ url: 'chrome://settings' })).toBeNull();
    expect(frameSiteOfSender({ url: 'about:srcdoc', tab: { url: 'https://news.example/a' } })).toBeNull();
  });
});

describe('mergeBatch', () => {
  it('creates, accumulates and timestamps per script origin and kind', () => {
    const site = 'https://news.example';
    const first = mergeBatch(
      [],
      site,
      batch(canvas('https://fp.test', 2), { kind: 'webgl-renderer', scriptOrigin: 'https://fp.test', count: 1, apis: ['getParameter'] }),
      100,
    );
    expect(first).toEqual([
      {
        site,
        scriptOrigin: 'https://fp.test',
        party: 'third-party',
        firstSeen: 100,
        lastSeen: 100,
        kinds: {
          'canvas-readback': { count: 2, firstSeen: 100, lastSeen: 100, apis: ['toDataURL'] },
          'webgl-renderer': { count: 1, firstSeen: 100, lastSeen: 100, apis: ['getParameter'] },
        },
      },
    ]);
    const second = mergeBatch(first, site, batch({ kind: 'canvas-readback', scriptOrigin: 'https://fp.test', count: 3, apis: ['getImageData'] }), 200);
    expect(second[0]).toMatchObject({
      firstSeen: 100,
      lastSeen: 200,
      kinds: { 'canvas-readback': { count: 5, firstSeen: 100, lastSeen: 200, apis: ['toDataURL', 'getImageData'] } },
    });
    expect(first[0]!.kinds['canvas-readback']!.count).toBe(2); // pure: input untouched
  });
  it('files opaque-origin observations under the frame origin, and caps script origins per site', () => {
    expect(mergeBatch([], 'https://a.test', batch(canvas('null')), 1)[0]).toMatchObject({ scriptOrigin: 'https://a.test', party: 'first-party' });
    const many = Array.from({ length: MAX_SCRIPT_ORIGINS_PER_SITE }, (_, i) => mergeBatch([], 'https://a.test', batch(canvas(`https://s${i}.test`)), 1)[0]!);
    expect(mergeBatch(many, 'https://a.test', batch(canvas('https://one-more.test')), 2)).toEqual([]);
  });
  it('remembers the top-level sites a sub-frame was seen inside, newest last, capped', () => {
    const first = mergeBatch([], 'https://ads.test', batch(canvas('https://ads.test')), 1, 'https://news.example');
    expect(first[0]).toMatchObject({ site: 'https://ads.test', insideOf: ['https://news.example'] });
    const second = mergeBatch(first, 'https://ads.test', batch(canvas('https://ads.test')), 2, 'https://shop.example');
    expect(mergeBatch(second, 'https://ads.test', batch(canvas('https://ads.test')), 3, 'https://news.example')[0]!.insideOf).toEqual([
      'https://shop.example',
      'https://news.example',
    ]);
    expect(mergeBatch(second, 'https://ads.test', batch(canvas('https://ads.test')), 3)[0]!.insideOf).toEqual(['https://news.example', 'https://shop.example']);
    let many = first;
    for (let i = 0; i < 50; i++) many = mergeBatch(many, 'https://ads.test', batch(canvas('https://ads.test')), 10 + i, `https://s${i}.test`);
    expect(many[0]!.insideOf).toHaveLength(20);
    expect(many[0]!.insideOf!.at(-1)).toBe('https://s49.test');
  });
});

describe('the ledger store and its message', () => {
  it("records a sub-frame's batch under the frame's own origin, inside the tab's site, through the router", async () => {
    const bg = makeBackground({ now: () => 1234 });
    const sender = { ...contentScript('http://localhost:9000/ad-frame.html'), tab: { id: 7, url: 'http://127.0.0.1:4000/article', windowId: 1 } };
    const forged = {
      type: 'ledger.fingerprintObserved',
      site: 'https://victim.test',
      batch: { ...batch(canvas('http://localhost:9000', 4)), site: 'https://victim.test' },
    };
    const reply = await bg.raw(forged, sender);
    expect(reply).toEqual({ ok: true, result: { recorded: 1 } });
    const records = await openFingerprintLedger().list();
    expect(records).toEqual([
      {
        site: 'http://localhost:9000',
        insideOf: ['http://127.0.0.1:4000'],
        scriptOrigin: 'http://localhost:9000',
        party: 'first-party',
        firstSeen: 1234,
        lastSeen: 1234,
        kinds: { 'canvas-readback': { count: 4, firstSeen: 1234, lastSeen: 1234, apis: ['toDataURL'] } },
      },
    ]);
  });

  it('rejects malformed batches, and drops or refuses senders that are not pages in a tab', async () => {
    const bg = makeBackground();
    const bad = await bg.raw({ type: 'ledger.fingerprintObserved', batch: { v: 1, observations: [canvas('javascript:x')] } }, contentScript('https://a.test/'));
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    expect(
      await bg.raw(
        { type: 'ledger.fingerprintObserved', batch: batch(canvas('https://a.test')) },
        { id: 'other-extension', url: 'https://a.test/', tab: { url: 'https://a.test/' } },
      ),
    ).toBeUndefined();
    expect(await bg.raw({ type: 'ledger.fingerprintObserved', batch: batch(canvas('https://a.test')) }, POPUP)).toMatchObject({
      ok: false,
      error: { code: 'not_a_page' },
    });
  });

  it('lets only the extension UI list and forget observations, never a page', async () => {
    const bg = makeBackground({ now: () => 77 });
    await bg.send({ type: 'ledger.fingerprintObserved', batch: batch(canvas('https://fp.test', 2)) }, contentScript('https://news.example/a'));
    expect(await bg.raw({ type: 'ledger.fingerprintList' }, contentScript('https://news.example/a'))).toBeUndefined();
    expect(await bg.raw({ type: 'ledger.fingerprintForget', site: 'https://news.example' }, contentScript('https://news.example/a'))).toBeUndefined();
    const { records } = await bg.send({ type: 'ledger.fingerprintList' }, POPUP);
    expect(records.filter((r) => r.site === 'https://news.example')).toMatchObject([{ scriptOrigin: 'https://fp.test', party: 'third-party', lastSeen: 77 }]);
    expect(await bg.send({ type: 'ledger.fingerprintForget', site: 'https://news.example' }, POPUP)).toEqual({ removed: 1 });
    expect((await bg.send({ type: 'ledger.fingerprintList' }, POPUP)).records.filter((r) => r.site === 'https://news.example')).toEqual([]);
  });

  it('lists per site, accumulates across batches and forgets a site', async () => {
    const ledger = openFingerprintLedger('fp-ledger-forget-test');
    await ledger.record('https://a.test', batch(canvas('https://fp.test')), 1);
    await Promise.all([
      ledger.record('https://a.test', batch(canvas('https://fp.test', 2)), 2),
      ledger.record('https://a.test', batch(canvas('https://fp.test', 3)), 3),
    ]);
    await ledger.record('https://b.test', batch(canvas('https://b.test')), 4);
    const a = await ledger.listSite('https://a.test');
    expect(a).toHaveLength(1);
    expect(a[0]!.kinds['canvas-readback']!.count).toBe(6);
    expect(await ledger.forgetSite('https://a.test')).toBe(1);
    expect((await ledger.list()).map((r) => r.site)).toEqual(['https://b.test']);
  });
});
