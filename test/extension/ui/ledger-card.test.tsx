// @vitest-environment jsdom
// The ledger card after "Erase my data" and "Export my data", as a new user found them: the erase
// dialog's buttons say what they do; after a confirmed erase the card says the site holds nothing
// from this device, since when, with the site's confirmation (until the site collects again); an
// export is shown readably (field names in words, times as dates) with the raw JSON kept.
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LedgerSite, RightsLogEntry } from '../../../extension/ledger-view';
import { heldNow } from '../../../extension/ui/ledger/held-now';
import { asTime, fieldLabel, MAX_ITEMS, readable } from '../../../extension/ui/ledger/readable';
import { until } from './until';

const answers = new Map<string, unknown>();
vi.mock('webextension-polyfill', () => ({
  default: { runtime: { sendMessage: async (m: { type: string }) => ({ ok: true, result: answers.get(m.type) }) } },
}));
const { SiteCard } = await import('../../../extension/ui/ledger/SiteCard');

const SEEN = Date.UTC(2026, 10, 2, 9, 0);
const ERASED = Date.UTC(2026, 10, 3, 14, 30);
const SIGNALS = ['visitor-id', 'user-agent', 'device-type', 'languages', 'time-zone', 'local-time', 'screen', 'hardware', 'touch', 'automation', 'device-id'];

function site(requests: RightsLogEntry[] = [], lastSeen = SEEN): LedgerSite {
  return {
    key: 'https://bank.test',
    title: 'bank.test',
    origin: 'https://bank.test',
    accounts: [],
    fingerprinting: [],
    requests,
    twofold: {
      origin: 'https://bank.test',
      site: 'bank.test',
      signals: SIGNALS.map((id) => ({ id, category: 'device' as const })),
      firstSeen: SEEN - 86_400_000,
      lastSeen,
      collectedAt: new Date(lastSeen).toISOString(),
      consent: { state: 'granted', receiptId: 'r-1', receiptTime: new Date(SEEN).toISOString() },
      verification: { verified: true, reason: 'verified', checkedAt: SEEN },
      hasRightsToken: true,
    },
  };
}
const erase: RightsLogEntry = {
  id: 1,
  origin: 'https://bank.test',
  action: 'erase',
  at: ERASED,
  ok: true,
  status: 200,
  summary: '14 rows erased, 0 left. Confirmation c-77.',
  confirmationId: 'c-77',
};

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  answers.clear();
});

describe('what a site holds now', () => {
  it('erased after a confirmed erase newer than the last announcement; holds again after a newer one', () => {
    expect(heldNow(site()).state).toBe('holds');
    expect(heldNow(site([erase]))).toEqual({ state: 'erased', erasedAt: ERASED, confirmationId: 'c-77', summary: erase.summary, signalsBefore: 11 });
    expect(heldNow(site([erase], ERASED + 1)).state).toBe('holds'); // collected again since
    expect(heldNow(site([{ ...erase, ok: false }])).state).toBe('holds'); // the site refused
    // A withdrawal that reached the site erases too; one only recorded locally (no status) does not.
    expect(heldNow(site([{ ...erase, action: 'withdraw' }])).state).toBe('erased');
    expect(heldNow(site([{ ...erase, action: 'withdraw', status: undefined }])).state).toBe('holds');
    expect(heldNow(site([{ ...erase, action: 'access' }])).state).toBe('holds');
  });

  it('the card: Erase/Cancel buttons, then what the site holds now with the erase date and confirmation', async () => {
    answers.set('ledger.erase', { log: erase });
    let changed = 0;
    render(<SiteCard site={site()} onChanged={() => changed++} />, root);
    expect(root.querySelector('[data-testid=holds]')!.getAttribute('data-state')).toBe('holds');
    root.querySelector<HTMLButtonElement>('[data-testid=erase-data]')!.click();
    const dialog = await until(() => root.querySelector('[role=alertdialog]'), 'the erase dialog');
    expect([...dialog.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Erase', 'Cancel']);
    expect(dialog.getAttribute('aria-labelledby')).toBe(dialog.querySelector('p')!.id);
    root.querySelector<HTMLButtonElement>('[data-testid=cancel]')!.click();
    await until(() => !root.querySelector('[role=alertdialog]'), 'the dialog closed');
    root.querySelector<HTMLButtonElement>('[data-testid=erase-data]')!.click();
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid=confirm]'), 'confirm')).click();
    expect((await until(() => root.querySelector('[data-testid=site-status]'), 'status')).textContent).toBe(erase.summary);
    await until(() => changed > 0, 'the ledger reloaded');

    // The reloaded listing carries the erase in the request log.
    render(<SiteCard site={site([erase])} onChanged={() => undefined} />, root);
    expect(root.querySelector('[data-testid=erased-badge]')!.textContent).toBe('Data erased');
    expect(root.querySelector('[data-testid=erased]')!.textContent).toContain('The site confirmed: 14 rows erased, 0 left. Confirmation c-77.');
    const holds = root.querySelector('[data-testid=holds]')!;
    expect(holds.getAttribute('data-state')).toBe('erased');
    expect(holds.querySelector('.categories')).toBeNull();
    expect(holds.textContent).toMatch(/^Nothing from this device since /);
    expect(holds.querySelector('summary')!.textContent).toBe('Held before the erase (11)');
  });

  it('a refused request is shown as an error', async () => {
    answers.set('ledger.erase', { log: { ...erase, ok: false, status: 409, summary: 'The site refused: token spent.' } });
    render(<SiteCard site={site()} onChanged={() => undefined} />, root);
    root.querySelector<HTMLButtonElement>('[data-testid=erase-data]')!.click();
    (await until(() => root.querySelector<HTMLButtonElement>('[data-testid=confirm]'), 'confirm')).click();
    const status = await until(() => root.querySelector('[data-testid=site-status]'), 'status');
    expect(status.getAttribute('role')).toBe('alert');
  });
});

describe('export shown readably', () => {
  const words = { when: (ms: number) => new Date(ms).toISOString().slice(0, 16), yes: 'yes', no: 'no' };

  it('field names in words, epoch-ms / seconds / ISO times as dates, other numbers left alone, lists bounded', () => {
    expect(fieldLabel('collectedAt')).toBe('Collected at');
    expect(fieldLabel('device_id')).toBe('Device id');
    expect(asTime('time', 1_764_000_000_000)).toBe(1_764_000_000_000);
    expect(asTime('expires', 1_764_000_000)).toBe(1_764_000_000_000);
    expect(asTime('count', 1_764_000_000_000)).toBeNull();
    expect(asTime('anything', '2026-11-03T14:30:00.000Z')).toBe(ERASED);
    const view = readable({ subject: { deviceId: 'd1' }, logins: [{ time: ERASED, ok: true }], rows: 3 }, words);
    expect(view).toEqual({
      kind: 'fields',
      fields: [
        { key: 'subject', label: 'Subject', value: { kind: 'fields', fields: [{ key: 'deviceId', label: 'Device id', value: { kind: 'text', text: 'd1' } }] } },
        {
          key: 'logins',
          label: 'Logins',
          value: {
            kind: 'list',
            more: 0,
            items: [
              {
                kind: 'fields',
                fields: [
                  { key: 'time', label: 'Time', value: { kind: 'text', text: '2026-11-03T14:30', date: true } },
                  { key: 'ok', label: 'Ok', value: { kind: 'text', text: 'yes' } },
                ],
              },
            ],
          },
        },
        { key: 'rows', label: 'Rows', value: { kind: 'text', text: '3' } },
      ],
    });
    const long = readable(
      Array.from({ length: MAX_ITEMS + 7 }, (_, i) => i),
      words,
    );
    expect(long.kind === 'list' && [long.items.length, long.more]).toEqual([MAX_ITEMS, 7]);
    // Deep nesting from a hostile site stops at a bounded depth.
    let deep: unknown = 'x';
    for (let i = 0; i < 50; i++) deep = { a: deep };
    expect(JSON.stringify(readable(deep, words)).length).toBeLessThan(2000);
  });

  it('the card shows the readable export and keeps the raw JSON and the download', async () => {
    const data = { subject: { userId: 'u1', deviceId: 'd1' }, collections: [{ id: 'c1', collectedAt: ERASED }] };
    answers.set('ledger.access', { log: { ...erase, action: 'access', summary: 'Export received.' }, data, logins: [] });
    render(<SiteCard site={site()} onChanged={() => undefined} />, root);
    root.querySelector<HTMLButtonElement>('[data-testid=export-data]')!.click();
    const view = await until(() => root.querySelector('[data-testid=server-export-readable]'), 'the readable export');
    expect([...view.querySelectorAll('dt')].map((d) => d.textContent)).toEqual(['Subject', 'User id', 'Device id', 'Collections', 'Id', 'Collected at']);
    expect(view.querySelector('time')!.textContent).not.toContain(String(ERASED));
    expect(JSON.parse(root.querySelector('[data-testid=server-export]')!.textContent!)).toEqual(data);
  });
});
