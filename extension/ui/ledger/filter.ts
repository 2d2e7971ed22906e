/** The ledger page's filters and search (pure; tested in test/extension/ui/ledger-filter.test.ts). */
import type { LedgerSite } from '../../ledger-view';

/** Filters of the ledger page. */
export type LedgerFilter = 'all' | 'accounts' | 'device-data' | 'fingerprinting';

/** True when a site fingerprinted the user without a live Twofold consent on that origin. */
export function fingerprintsWithoutConsent(site: LedgerSite): boolean {
  return site.fingerprinting.length > 0 && site.twofold?.consent.state !== 'granted';
}

/** Whether `site` passes `filter` and the free-text `query` (site, controller, issuers, signals). */
export function matchesFilter(site: LedgerSite, filter: LedgerFilter, query: string): boolean {
  if (filter === 'accounts' && site.accounts.length === 0) return false;
  if (filter === 'device-data' && !site.twofold) return false;
  if (filter === 'fingerprinting' && !fingerprintsWithoutConsent(site)) return false;
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const haystack = [
    site.title,
    site.origin ?? '',
    site.twofold?.site ?? '',
    site.twofold?.controller?.name ?? '',
    ...(site.twofold?.verification.processors ?? []).map((p) => p.name),
    ...site.accounts.flatMap((a) => [a.issuer, a.label]),
    ...(site.twofold?.signals ?? []).map((s) => s.id),
    ...site.fingerprinting.map((f) => f.scriptOrigin),
  ]
    .join('\n')
    .toLowerCase();
  return haystack.includes(q);
}
