/** Text output of `twofold inspect`: a fixed-width table a developer can read in a terminal. */
import type { SignalRow } from '../../protocol/inspect-summary';
import { type Stability, stabilityText } from '../../protocol/signal-stability';

type Row = SignalRow & { stability?: Stability };

/** Table columns: header and how to read a row. */
const COLUMNS: { header: string; cell: (row: Row) => string; right?: boolean }[] = [
  { header: 'signal', cell: (r) => r.id },
  { header: 'category', cell: (r) => r.category },
  { header: 'personal data', cell: (r) => r.personalData },
  { header: 'ms (median)', cell: (r) => r.medianMs.toFixed(1), right: true },
  // The same words as the demo inspector and the devtools panel: fields that change by design
  // (the device id's isNew, the local time) are named, not flagged, so "no" means look closer.
  {
    header: 'stable',
    cell: (r) =>
      stabilityText(
        r.stability ?? (r.distinctValues === 1 ? { kind: 'stable', runs: r.runs } : { kind: 'unstable', runs: r.runs, distinctValues: r.distinctValues }),
      ),
  },
  { header: 'value', cell: (r) => r.value },
];

/** Renders the rows as an aligned table (no colours: output is often piped); `stability` from stabilityByRun. */
export function formatTable(rows: readonly SignalRow[], stability?: ReadonlyMap<string, Stability>): string {
  const withStability: Row[] = rows.map((row) => {
    const s = stability?.get(row.id);
    return s ? { ...row, stability: s } : row;
  });
  const cells = withStability.map((row) => COLUMNS.map((c) => c.cell(row).replace(/\s+/g, ' ')));
  const widths = COLUMNS.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (COLUMNS[i]!.right ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(COLUMNS.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** The header line above the table: what was inspected and how. */
export function formatHeader(info: { url: string; site: string; consent: string; runs: number; sealedBytes?: number }): string {
  const sealed = info.sealedBytes === undefined ? '' : `, sealed payload ${info.sealedBytes} bytes`;
  return `Twofold inspect ${info.url}\nsite "${info.site}", consent ${info.consent}, ${info.runs} run${info.runs === 1 ? '' : 's'}${sealed}\n`;
}
