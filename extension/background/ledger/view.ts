/**
 * The ledger page's rows (pure): the three sources merged per site. Twofold entries and
 * fingerprinting observations are keyed by origin; 2FA accounts by their bound sites, attached to
 * every origin row their binding matches (siteMatches, the same rule autofill uses) and listed on
 * their own otherwise. The rights token is stripped here: nothing below the background sees it.
 */
import type { FingerprintRecord } from '../../fp-report';
import type { LedgerAccount, LedgerSite, RightsLogEntry, TwofoldSiteEntry } from '../../ledger-view';
import { siteMatches } from '../sites';

/** A vault account's names and bound sites (never its secret). */
export interface BoundAccount extends LedgerAccount {
  sites: string[];
}

const hostOf = (origin: string): string => {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
};

/** Merges the sources into rows, most recently seen first. */
export function buildLedgerSites(
  entries: readonly TwofoldSiteEntry[],
  requests: readonly RightsLogEntry[],
  accounts: readonly BoundAccount[],
  fingerprints: readonly FingerprintRecord[],
): LedgerSite[] {
  const rows = new Map<string, LedgerSite>();
  const row = (origin: string): LedgerSite => {
    let r = rows.get(origin);
    if (!r) {
      r = { key: origin, title: hostOf(origin), origin, accounts: [], fingerprinting: [], requests: [] };
      rows.set(origin, r);
    }
    return r;
  };
  for (const { rightsToken, ...entry } of entries) row(entry.origin).twofold = { ...entry, hasRightsToken: rightsToken !== undefined };
  for (const record of fingerprints) row(record.site).fingerprinting.push(record);
  for (const request of requests) row(request.origin).requests.push(request);

  const originRows = [...rows.values()];
  for (const account of accounts) {
    const names: LedgerAccount = { issuer: account.issuer, label: account.label };
    const matched = originRows.filter((r) => r.origin !== undefined && siteMatches(account.sites, r.origin));
    for (const r of matched) r.accounts.push(names);
    if (matched.length > 0) continue;
    for (const site of account.sites) {
      const key = `site:${site}`;
      let r = rows.get(key);
      if (!r) {
        r = { key, title: site, accounts: [], fingerprinting: [], requests: [] };
        rows.set(key, r);
      }
      r.accounts.push(names);
    }
  }
  const lastSeen = (r: LedgerSite) => Math.max(r.twofold?.lastSeen ?? 0, ...r.fingerprinting.map((f) => f.lastSeen), ...r.requests.map((q) => q.at));
  return [...rows.values()].sort((a, b) => lastSeen(b) - lastSeen(a) || a.title.localeCompare(b.title));
}
