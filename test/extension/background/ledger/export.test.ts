// Whole-ledger export (CSV cells quoted and formula-safe) and the ledger page's filters.
import { describe, expect, it } from 'vitest';
import { buildLedgerSites, csvCell, ledgerCsv } from '../../../../extension/background/ledger';
import type { TwofoldSiteEntry } from '../../../../extension/ledger-view';
import { fingerprintsWithoutConsent, matchesFilter } from '../../../../extension/ui/ledger/filter';

const entry: TwofoldSiteEntry = {
  origin: 'https://shop.example',
  site: 'shop.example',
  controller: { name: '=HYPERLINK("x")', contact: 'a@b', policyUrl: 'p' },
  signals: [{ id: 'device-id', category: 'device' }],
  firstSeen: 1,
  lastSeen: 2,
  collectedAt: null,
  consent: { state: 'granted', receiptId: 'rcpt-1, "q"', receiptTime: 't' },
  verification: { verified: true, reason: 'verified', checkedAt: 1 },
  rightsToken: 'rt1.secret.token',
};
const fp = { site: 'https://news.example', scriptOrigin: 'https://cdn.fp.test', party: 'third-party' as const, kinds: {}, firstSeen: 5, lastSeen: 6 };

describe('ledger export and filters', () => {
  it('quotes CSV cells and neutralises formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('-2')).toBe("'-2");
  });

  it('writes one CSV line per site without the rights token', () => {
    const sites = buildLedgerSites([entry], [], [{ issuer: 'Shop', label: 'me', sites: ['shop.example'] }], [fp]);
    const csv = ledgerCsv(sites);
    expect(csv).not.toContain('rt1.secret.token');
    expect(csv).toContain(`'=HYPERLINK(""x"")`);
    expect(csv).toContain('"rcpt-1, ""q"""');
    expect(csv.trimEnd().split('\r\n')).toHaveLength(3);
  });

  it('filters by source and searches names, signals and script origins', () => {
    const sites = buildLedgerSites([entry], [], [{ issuer: 'Shop', label: 'me', sites: ['shop.example'] }], [fp]);
    const shop = sites.find((s) => s.key === 'https://shop.example')!;
    const news = sites.find((s) => s.key === 'https://news.example')!;
    expect(matchesFilter(shop, 'accounts', '')).toBe(true);
    expect(matchesFilter(news, 'accounts', '')).toBe(false);
    expect(matchesFilter(shop, 'device-data', '')).toBe(true);
    expect(matchesFilter(news, 'device-data', '')).toBe(false);
    expect(fingerprintsWithoutConsent(news)).toBe(true);
    expect(matchesFilter(shop, 'fingerprinting', '')).toBe(false);
    expect(matchesFilter(news, 'all', 'cdn.fp')).toBe(true);
    expect(matchesFilter(shop, 'all', 'DEVICE-ID')).toBe(true);
    expect(matchesFilter(shop, 'all', 'nothing-like-this')).toBe(false);
  });
});
