// The ledger store on the real idb code (fake-indexeddb): entries keyed by origin, the dated
// request log, forget removing one origin's records only.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openLedgerStore } from '../../../../extension/background/ledger';
import type { TwofoldSiteEntry } from '../../../../extension/ledger-view';

let n = 0;
const entry = (origin: string, firstSeen: number): TwofoldSiteEntry => ({
  origin,
  site: 'shop.example',
  signals: [{ id: 'device-id', category: 'device' }],
  firstSeen,
  lastSeen: firstSeen,
  collectedAt: null,
  consent: { state: 'granted', receiptId: 'rcpt-12345678', receiptTime: '2026-01-01T00:00:00.000Z' },
  verification: { verified: false, reason: 'no-signature', checkedAt: firstSeen },
  rightsToken: 'rt1.a.b',
});

describe('openLedgerStore', () => {
  it('stores one entry per origin (a second put replaces it), listed oldest first', async () => {
    const store = openLedgerStore(`store-test-${++n}`);
    await store.putSite(entry('https://b.example', 20));
    await store.putSite(entry('https://a.example', 10));
    await store.putSite({ ...entry('https://b.example', 20), lastSeen: 30 });
    expect((await store.listSites()).map((e) => [e.origin, e.lastSeen])).toEqual([
      ['https://a.example', 10],
      ['https://b.example', 30],
    ]);
    expect(await store.getSite('https://a.example')).toEqual(entry('https://a.example', 10));
    expect(await store.getSite('https://c.example')).toBeUndefined();
  });

  it('keeps a dated request log per origin with increasing ids', async () => {
    const store = openLedgerStore(`store-test-${++n}`);
    const first = await store.logRequest({ origin: 'https://a.example', action: 'access', at: 1, ok: true, summary: 'one' });
    const second = await store.logRequest({ id: 999, origin: 'https://b.example', action: 'erase', at: 2, ok: false, status: 401, summary: 'two' });
    expect(second.id!).toBeGreaterThan(first.id!);
    expect(second.id).not.toBe(999);
    expect((await store.listRequests('https://b.example')).map((r) => r.summary)).toEqual(['two']);
    expect(await store.listRequests()).toHaveLength(2);
  });

  it('forgets one origin: its entry and its log, nothing else', async () => {
    const store = openLedgerStore(`store-test-${++n}`);
    await store.putSite(entry('https://a.example', 1));
    await store.putSite(entry('https://b.example', 2));
    await store.logRequest({ origin: 'https://a.example', action: 'access', at: 3, ok: true, summary: 'x' });
    await store.logRequest({ origin: 'https://a.example', action: 'erase', at: 4, ok: true, summary: 'y' });
    await store.logRequest({ origin: 'https://b.example', action: 'access', at: 5, ok: true, summary: 'z' });
    expect(await store.forgetSite('https://a.example')).toBe(3);
    expect(await store.forgetSite('https://a.example')).toBe(0);
    expect((await store.listSites()).map((e) => e.origin)).toEqual(['https://b.example']);
    expect((await store.listRequests()).map((r) => r.origin)).toEqual(['https://b.example']);
  });
});

describe('logRequestOnce', () => {
  it('logs a repeated action once per window, even when called concurrently', async () => {
    const store = openLedgerStore(`ledger-once-${Date.now()}`);
    const line = (at: number) => ({ origin: 'https://a.test', action: 'token-refused' as const, at, ok: false, summary: 'refused' });
    const results = await Promise.all([
      store.logRequestOnce(line(1000), 60_000),
      store.logRequestOnce(line(1001), 60_000),
      store.logRequestOnce(line(1002), 60_000),
    ]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await store.logRequestOnce(line(30_000), 60_000)).toBeNull();
    expect(await store.logRequestOnce(line(61_000), 60_000)).not.toBeNull();
    await store.logRequest({ ...line(62_000), action: 'access', ok: true });
    expect(await store.logRequestOnce(line(62_001), 60_000)).not.toBeNull(); // the latest line is another action
    expect((await store.listRequests('https://a.test')).map((r) => r.action)).toEqual(['token-refused', 'token-refused', 'access', 'token-refused']);
  });
});
