// @vitest-environment jsdom
// The content script's announcement bridge: no event dispatched at all (a page cannot learn the
// extension is there), nothing sent for pages without an SDK or with junk events, a valid announcement forwarded as `ledger.announce`, and a pending
// withdrawal passed to the page's SDK once.
import { describe, expect, it, vi } from 'vitest';
import { MAX_FORWARDED_PER_PAGE, startAnnounceBridge } from '../../../extension/content/announce-bridge';
import { forwardAnnouncement } from '../../../extension/content/announce-forward';

const announcement = {
  v: 1,
  site: 'shop.example',
  origin: 'https://shop.example',
  signals: [{ id: 'device-id', category: 'device' }],
  receiptId: 'rcpt-aaaaaaaa',
  receiptTime: '2026-01-01T00:00:00.000Z',
  consent: 'granted',
  collectedAt: null,
  sdkVersion: '0.1.0',
};

describe('startAnnounceBridge', () => {
  it('dispatches nothing on a page without Twofold', () => {
    const target = new EventTarget();
    const seen: string[] = [];
    for (const type of ['twofold:request', 'twofold:withdraw', 'twofold:announce']) target.addEventListener(type, () => seen.push(type));
    const dispatch = vi.spyOn(target, 'dispatchEvent');
    startAnnounceBridge(target);
    expect(seen).toEqual([]);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('forwards string details only, drops repeats, and stops after the cap', async () => {
    const sent: unknown[] = [];
    (globalThis as { chrome?: unknown }).chrome = {
      runtime: {
        sendMessage: async (m: unknown) => {
          sent.push(m);
          return { ok: true, result: { recorded: true, withdraw: false } };
        },
      },
    };
    try {
      const target = new EventTarget();
      startAnnounceBridge(target);
      const detail = (i: number) => JSON.stringify({ ...announcement, receiptId: `rcpt-${String(i).padStart(8, '0')}` });
      target.dispatchEvent(new CustomEvent('twofold:announce', { detail: { ...announcement } }));
      target.dispatchEvent(new CustomEvent('twofold:announce', { detail: detail(0) }));
      target.dispatchEvent(new CustomEvent('twofold:announce', { detail: detail(0) }));
      for (let i = 1; i < MAX_FORWARDED_PER_PAGE + 5; i++) target.dispatchEvent(new CustomEvent('twofold:announce', { detail: detail(i) }));
      await vi.waitFor(() => expect(sent).toHaveLength(MAX_FORWARDED_PER_PAGE), { timeout: 10_000 });
      await new Promise((r) => setTimeout(r, 20));
      expect(sent).toHaveLength(MAX_FORWARDED_PER_PAGE);
      expect(sent[0]).toEqual({ type: 'ledger.announce', announcement: { ...announcement, receiptId: 'rcpt-00000000' } });
    } finally {
      delete (globalThis as { chrome?: unknown }).chrome;
    }
  });
});

describe('forwardAnnouncement', () => {
  it('validates with the shared schema before sending anything', async () => {
    const sent: unknown[] = [];
    const send = async (m: unknown) => {
      sent.push(m);
      return { ok: true, result: { recorded: true, withdraw: false } };
    };
    const target = new EventTarget();
    expect(await forwardAnnouncement('not json', target, send)).toBe(false);
    expect(await forwardAnnouncement(JSON.stringify({ ...announcement, v: 2 }), target, send)).toBe(false);
    expect(sent).toEqual([]);
    expect(await forwardAnnouncement(JSON.stringify({ ...announcement, extra: 'dropped' }), target, send)).toBe(false);
    expect(sent).toEqual([{ type: 'ledger.announce', announcement }]);
  });

  it('dispatches twofold:withdraw when the background asks, once per page', async () => {
    const target = new EventTarget();
    let withdraws = 0;
    target.addEventListener('twofold:withdraw', () => withdraws++);
    const send = async () => ({ ok: true, result: { recorded: true, withdraw: true } });
    expect(await forwardAnnouncement(JSON.stringify(announcement), target, send)).toBe(true);
    expect(await forwardAnnouncement(JSON.stringify(announcement), target, send)).toBe(false);
    expect(withdraws).toBe(1);
  });
});
