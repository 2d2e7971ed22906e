// The request log records the facts of each answer beside its English summary (both from one table,
// extension/rights-words.ts), so the ledger page can say them in Norwegian with the same numbers; a
// site's own error message stays the site's words.
import { describe, expect, it } from 'vitest';
import { logEntryFor, sendRightsRequest, type RightsAnswer } from '../../../../extension/background/ledger/rights';
import { rightsSummary } from '../../../../extension/ui/ledger/rights-words';

const ORIGIN = 'https://shop.test';
const AT = 1_765_000_000_000;
const fetchAnswering = (status: number, body: string) => async () => new Response(body, { status, headers: { 'content-type': 'application/json' } });

describe('request-log words', () => {
  const answers: [string, RightsAnswer, Parameters<typeof logEntryFor>[1]][] = [
    ['export', { ok: true, status: 200, body: { logins: [{}, {}], collections: [{}] } }, 'access'],
    ['rectified', { ok: true, status: 200, body: { loginId: 'L1', rectified: true } }, 'rectify'],
    ['already gone', { ok: true, status: 200, body: { loginId: 'L2', rectified: false } }, 'rectify'],
    ['erased', { ok: true, status: 200, body: { erased: 14, remainingRows: 0, objected: false, confirmationId: 'C-1' } }, 'erase'],
    ['objected', { ok: true, status: 200, body: { erased: 3, remainingRows: 1, objected: true, confirmationId: 'C-2' } }, 'object'],
    ['unexpected shape', { ok: true, status: 200, body: { erased: 'many' } }, 'erase'],
  ];

  it.each(answers)('%s: the English words are exactly the summary, and Norwegian says the same numbers', (_name, answer, action) => {
    const entry = logEntryFor(ORIGIN, action, answer, AT);
    expect(entry.words).toBeDefined();
    expect(rightsSummary(entry, 'en')).toBe(entry.summary);
    const nb = rightsSummary(entry, 'nb');
    expect(nb).not.toBe(entry.summary);
    for (const n of entry.summary.match(/\d+|C-\d|L\d/g) ?? []) expect(nb).toContain(n);
  });

  it("the extension's own failures carry words; the site's error message is the site's and stays as sent", async () => {
    const insecure = await sendRightsRequest(fetchAnswering(200, '{}'), 'http://shop.test/rights', 'erase', 't');
    const notJson = await sendRightsRequest(fetchAnswering(200, '<html>'), 'https://shop.test/rights', 'erase', 't');
    const bare = await sendRightsRequest(fetchAnswering(503, ''), 'https://shop.test/rights', 'erase', 't');
    const down = await sendRightsRequest(async () => Promise.reject(new TypeError('network')), 'https://shop.test/rights', 'erase', 't');
    for (const answer of [insecure, notJson, bare, down]) {
      const entry = logEntryFor(ORIGIN, 'erase', answer, AT);
      expect(entry.ok).toBe(false);
      expect(rightsSummary(entry, 'en')).toBe(entry.summary);
      expect(rightsSummary(entry, 'nb')).not.toBe(entry.summary);
    }
    expect(rightsSummary(logEntryFor(ORIGIN, 'erase', bare, AT), 'nb')).toContain('HTTP 503');

    const site = await sendRightsRequest(
      fetchAnswering(410, JSON.stringify({ error: { code: 'gone', message: 'Token already used.' } })),
      'https://shop.test/rights',
      'erase',
      't',
    );
    const entry = logEntryFor(ORIGIN, 'erase', site, AT);
    expect(entry.words).toBeUndefined();
    expect(rightsSummary(entry, 'nb')).toBe('Token already used.');
  });

  it('an entry from an older version (no words) or with an unknown kind keeps its summary', () => {
    expect(rightsSummary({ summary: 'Export received: 1 logins, 0 collections.' }, 'nb')).toBe('Export received: 1 logins, 0 collections.');
    expect(rightsSummary({ summary: 'kept', words: { kind: 'from-the-future' } as never }, 'nb')).toBe('kept');
  });
});
