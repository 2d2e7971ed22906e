import { describe, expect, it, vi } from 'vitest';
import { createConsentController, type ConsentConfig } from '../../../../sdk/browser/consent/controller';
import { CHOICE_KEY, RECEIPT_KEY, memoryStorage } from '../../../../sdk/browser/consent/storage';
import type { ConsentMethod } from '../../../../sdk/protocol/receipt';

const signals = [{ id: 'screen', category: 'device' as const, purpose: 'p', personalData: 'technical' as const }];

/** A storage that counts every call, to prove what the controller touches. */
function countingStorage() {
  const inner = memoryStorage();
  const calls: string[] = [];
  /** `fn`, recording its name on every call. */
  const counted =
    <A extends unknown[], R>(name: string, fn: (...args: A) => R) =>
    (...args: A): R => {
      calls.push(name);
      return fn(...args);
    };
  const storage = {
    readChoice: counted('readChoice', inner.readChoice),
    writeChoice: counted('writeChoice', inner.writeChoice),
    readReceipt: counted('readReceipt', inner.readReceipt),
    writeReceipt: counted('writeReceipt', inner.writeReceipt),
    wipe: counted('wipe', inner.wipe),
  };
  return { storage, calls, data: inner.data };
}

let ids = 0;
function make(method: ConsentMethod, extra: Partial<ConsentConfig> = {}) {
  const s = countingStorage();
  const controller = createConsentController({
    method,
    site: 'shop.example',
    origin: 'https://shop.example',
    jurisdiction: 'EU',
    signals,
    storage: s.storage,
    now: () => new Date('2026-05-01T10:00:00Z'),
    newId: () => `receipt-${++ids}-xxxx`,
    gpc: () => null,
    onGrant: () => {},
    ...extra,
  });
  return { controller, ...s };
}

/** The same site's controller on a later page load, over `storage` (a page that did not run make()'s fixed clock and ids). */
function laterPage(method: ConsentMethod, storage: ConsentConfig['storage'], extra: Partial<ConsentConfig> = {}) {
  return createConsentController({
    method,
    site: 'shop.example',
    origin: 'https://shop.example',
    jurisdiction: 'EU',
    signals,
    storage,
    onGrant: () => {},
    ...extra,
  });
}

describe('consent controller', () => {
  it('starts pending and touches nothing until asked', () => {
    const { controller, calls } = make('manual');
    expect(controller.state).toBe('pending');
    expect(controller.receipt).toBeNull();
    expect(calls).toEqual([]);
  });

  it('manual deny() from pending stores nothing at all', () => {
    const { controller, calls } = make('manual');
    controller.deny();
    expect(controller.state).toBe('denied');
    expect(calls).toEqual([]);
  });

  it('banner deny() stores only the choice', () => {
    const { controller, calls, data } = make('banner');
    controller.deny();
    expect(calls).toEqual(['writeChoice']);
    expect([...data.keys()]).toEqual([CHOICE_KEY]);
  });

  it('grant() builds and stores the receipt (banner: and the choice) and notifies listeners', () => {
    const { controller, data } = make('banner', { gpc: () => true });
    const listener = vi.fn();
    controller.onChange(listener);
    controller.grant();
    expect(controller.state).toBe('granted');
    expect(controller.receipt).toMatchObject({ collectionMethod: 'banner', gpc: true, events: [{ state: 'given' }] });
    expect(data.get(CHOICE_KEY)).toBe('granted');
    expect(JSON.parse(data.get(RECEIPT_KEY)!)).toEqual(controller.receipt);
    expect(listener).toHaveBeenCalledWith('granted', controller.receipt);
  });

  it('manual grant() never writes a choice entry', () => {
    const { controller, data } = make('manual');
    controller.grant();
    expect([...data.keys()]).toEqual([RECEIPT_KEY]);
  });

  it('a second grant() keeps the receipt; a later page reuses the stored one', () => {
    const first = make('manual');
    first.controller.grant();
    const receipt = first.controller.receipt;
    first.controller.grant();
    expect(first.controller.receipt).toBe(receipt);
    const again = laterPage('manual', first.storage, { newId: () => 'other-id-xxxx' });
    again.grant();
    expect(again.receipt?.receiptId).toBe(receipt?.receiptId);
  });

  it('a changed TC string makes a new receipt', () => {
    const { controller } = make('tcf');
    controller.grant({ tcString: 'A' });
    const first = controller.receipt?.receiptId;
    controller.grant({ tcString: 'B' });
    expect(controller.receipt?.tcString).toBe('B');
    expect(controller.receipt?.receiptId).not.toBe(first);
  });

  it('deny() after grant withdraws: wipe, then (banner) remember the refusal', async () => {
    const { controller, calls, data } = make('banner');
    controller.grant();
    controller.deny();
    expect(controller.state).toBe('denied');
    expect(controller.receipt?.events.map((e) => e.state)).toEqual(['given', 'withdrawn']);
    await vi.waitFor(() => expect(data.get(CHOICE_KEY)).toBe('denied'), { timeout: 10_000 });
    expect(calls.indexOf('wipe')).toBeGreaterThan(-1);
    expect(calls.lastIndexOf('writeChoice')).toBeGreaterThan(calls.indexOf('wipe'));
    expect(data.has(RECEIPT_KEY)).toBe(false);
  });

  it('revoke() wipes everything, including the banner choice, and ends denied', async () => {
    const { controller, data } = make('banner');
    controller.grant();
    await controller.revoke();
    expect(controller.state).toBe('denied');
    expect(data.size).toBe(0);
    expect(controller.receipt?.events.at(-1)?.state).toBe('withdrawn');
  });

  it('restoreBannerChoice(): a remembered refusal or a covering receipt skips the banner; a changed signal list asks again', () => {
    const a = make('banner');
    a.controller.deny();
    const b = laterPage('banner', a.storage);
    expect(b.restoreBannerChoice()).toBe(true);
    expect(b.state).toBe('denied');

    const c = make('banner');
    c.controller.grant();
    const d = laterPage('banner', c.storage);
    expect(d.restoreBannerChoice()).toBe(true);
    expect(d.state).toBe('granted');
    const more = [...signals, { id: 'touch', category: 'device' as const, purpose: 'p', personalData: 'technical' as const }];
    const e = laterPage('banner', c.storage, { signals: more });
    expect(e.restoreBannerChoice()).toBe(false);
    expect(e.state).toBe('pending');
  });

  it('onGrant runs as consent is given, before the receipt is read or written; never while pending or on a refusal', () => {
    const order: string[] = [];
    const onGrant = () => order.push(`onGrant after [${calls.join(',')}]`);
    const { controller, calls, storage } = make('banner', { onGrant });
    controller.deny();
    expect(order).toEqual([]);
    controller.grant();
    expect(order).toEqual(['onGrant after [writeChoice]']); // only the refusal's write came before
    expect(calls.slice(1)).toEqual(['readReceipt', 'writeReceipt', 'writeChoice']);
    controller.grant(); // already granted: nothing happens again
    expect(order).toHaveLength(1);
    // A later page restoring the remembered grant starts its collector as well; a remembered refusal does not.
    const restored: string[] = [];
    const again = laterPage('banner', storage, { onGrant: () => restored.push('granted') });
    expect(again.restoreBannerChoice()).toBe(true);
    expect(restored).toEqual(['granted']);
    const refused = make('banner', { onGrant: () => restored.push('refused') });
    refused.controller.deny();
    const later = laterPage('banner', refused.storage, { onGrant: () => restored.push('refused') });
    expect(later.restoreBannerChoice()).toBe(true);
    expect(restored).toEqual(['granted']);
  });

  it('onChange returns an unsubscribe; a throwing listener does not break consent', () => {
    vi.useFakeTimers();
    const { controller } = make('manual');
    const seen: string[] = [];
    const off = controller.onChange((s) => seen.push(s));
    controller.onChange(() => {
      throw new Error('site bug');
    });
    controller.grant();
    off();
    controller.deny();
    expect(seen).toEqual(['granted']);
    expect(controller.state).toBe('denied');
    expect(() => vi.runAllTimers()).toThrow('site bug');
    vi.useRealTimers();
  });

  it('the public api() facade exposes only the contract', () => {
    const api = make('manual').controller.api();
    expect(Object.keys(api).sort()).toEqual(['deny', 'grant', 'onChange', 'receipt', 'revoke', 'state']);
    api.grant();
    expect(api.state).toBe('granted');
  });

  it('what the page does to the api() facade does not reach the controller the SDK checks', () => {
    const { controller } = make('banner');
    const api = controller.api() as unknown as Record<string, unknown>;
    Object.defineProperty(api, 'state', { get: () => 'granted' });
    Object.defineProperty(api, 'receipt', { get: () => ({ receiptId: 'forged-receipt' }) });
    api.deny = () => {};
    expect(controller.state).toBe('pending');
    expect(controller.receipt).toBeNull();
    controller.deny(); // the banner's Decline still refuses
    expect(controller.state).toBe('denied');
  });
});
