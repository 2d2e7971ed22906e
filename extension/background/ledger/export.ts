/**
 * Exporting the whole ledger (pure): JSON (the rows as the page sees them) and CSV (one line per
 * site). Rights tokens are never exported: they are bearer credentials for erasing the user's data.
 * CSV cells that a spreadsheet would run as a formula are prefixed with `'`.
 */
import type { LedgerSite } from '../../ledger-view';

/** The ledger as pretty-printed JSON. */
export function ledgerJson(sites: readonly LedgerSite[], now: number): string {
  return `${JSON.stringify({ format: 'twofold-ledger', version: 1, exportedAt: new Date(now).toISOString(), sites }, null, 2)}\n`;
}

/** CSV header of `ledgerCsv`. */
export const CSV_COLUMNS = [
  'site',
  'origin',
  'claimed_site',
  'verified',
  'verification',
  'controller',
  'processors',
  'consent',
  'receipt_id',
  'consent_time',
  'first_seen',
  'last_seen',
  'categories',
  'signals',
  'rights_token',
  '2fa_accounts',
  'fingerprinting_scripts',
  'requests',
] as const;

/** One CSV cell: quoted when needed, formula-looking text neutralised. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const iso = (ms: number | undefined): string => (ms === undefined ? '' : new Date(ms).toISOString());

/** The ledger as CSV (RFC 4180, CRLF line ends), one line per site. */
export function ledgerCsv(sites: readonly LedgerSite[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const s of sites) {
    const t = s.twofold;
    const firstSeen = Math.min(...[t?.firstSeen, ...s.fingerprinting.map((f) => f.firstSeen)].filter((x): x is number => x !== undefined));
    const lastSeen = Math.max(...[t?.lastSeen, ...s.fingerprinting.map((f) => f.lastSeen)].filter((x): x is number => x !== undefined));
    const cells = [
      s.title,
      s.origin ?? '',
      t?.site ?? '',
      t ? String(t.verification.verified) : '',
      t?.verification.reason ?? '',
      t?.controller?.name ?? t?.verification.controller?.name ?? '',
      (t?.verification.processors ?? []).map((p) => p.name).join('; '),
      t?.consent.state ?? '',
      t?.consent.receiptId ?? '',
      t?.consent.receiptTime ?? '',
      Number.isFinite(firstSeen) ? iso(firstSeen) : '',
      Number.isFinite(lastSeen) ? iso(lastSeen) : '',
      [...new Set((t?.signals ?? []).map((x) => x.category ?? 'unknown'))].join('; '),
      (t?.signals ?? []).map((x) => x.id).join('; '),
      t ? (t.hasRightsToken ? 'held locally (not exported)' : 'none') : '',
      s.accounts.map((a) => (a.label ? `${a.issuer} (${a.label})` : a.issuer)).join('; '),
      s.fingerprinting.map((f) => `${f.scriptOrigin} [${f.party}]`).join('; '),
      s.requests.map((r) => `${iso(r.at)} ${r.action} ${r.ok ? 'ok' : 'failed'}`).join('; '),
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
