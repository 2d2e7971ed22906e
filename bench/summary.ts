// The numbers side by side: after `npm run bench`, one table built from every
// bench/results/<name>.json — SDK vs FingerprintJS, content-script overhead vs no extension, popup
// render, assessments/s per store vs the in-memory floor, the load test, and the attack-blocking
// table. `summarize` is pure (tested in test/bench/summary.test.ts); `teardown` (run by vitest as
// the bench config's globalSetup, after the last bench) reads the files, prints the table, writes
// bench/results/summary.json and refreshes the README's Performance table between its markers, so
// the README always shows the last measured numbers and the machine they came from.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './report';

/** One bench/results/<name>.json as written by writeBenchResult. */
export interface BenchResult {
  name: string;
  measuredAt: string;
  machine: { cpu: string; cores: number; node: string; platform: string };
  rows: BenchRow[];
  [extra: string]: unknown;
}

/** One line of the summary: what was measured, Twofold's number, its anchor, and the verdict. */
export interface SummaryRow {
  area: string;
  measurement: string;
  twofold: string;
  anchor: string;
  ratio: string;
  target: string;
  met: boolean | null;
  source: string;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const ms = (v: unknown): string => (num(v) === undefined ? '—' : `${num(v)!.toFixed(num(v)! >= 100 ? 0 : num(v)! >= 10 ? 1 : 2)} ms`);
const fixed = (v: unknown, digits = 2): string => (num(v) === undefined ? '—' : num(v)!.toFixed(digits));
const perSecond = (v: unknown): string => (num(v) === undefined ? '—' : `${Math.round(num(v)!).toLocaleString('en-US')}/s`);
const find = (rows: readonly BenchRow[], key: string, test: (v: string) => boolean): BenchRow | undefined =>
  rows.find((r) => typeof r[key] === 'string' && test(r[key] as string));

function sdkRows(r: BenchResult): SummaryRow[] {
  const out: SummaryRow[] = [];
  const row = (match: string, measurement: string, format: (v: unknown) => string, ratio: (row: BenchRow) => string) => {
    const found = find(r.rows, 'metric', (m) => m.startsWith(match));
    if (!found) return;
    out.push({
      area: 'SDK vs FingerprintJS',
      measurement,
      twofold: format(found['twofold']),
      anchor: `FingerprintJS ${format(found['fingerprintjs'])}`,
      ratio: ratio(found),
      target: String(found['target'] ?? ''),
      met: typeof found['met'] === 'boolean' ? found['met'] : null,
      source: 'sdk',
    });
  };
  row('warm: median latency', 'collect after consent, warm median', ms, (f) => fixed(f['ratio']));
  row('cold: median latency', 'collect after consent, cold (fresh page) median', ms, (f) => fixed(f['ratio']));
  row('warm: longest main-thread task', 'longest main-thread task, warm', ms, () => '—');
  row('cold: longest main-thread task', 'longest main-thread task, cold', ms, () => '—');
  const kb = (v: unknown) => (num(v) === undefined ? '—' : `${num(v)!.toFixed(1)} KB`);
  const delta = (f: BenchRow) =>
    num(f['twofold']) !== undefined && num(f['fingerprintjs']) !== undefined ? `+${(num(f['twofold'])! - num(f['fingerprintjs'])!).toFixed(1)} KB` : '—';
  row('min+gzip size (KB)', 'script size, min+gzip, with HPKE sealing', kb, delta);
  row('min+gzip size without sealing', 'script size, min+gzip, without sealing', kb, delta);
  // Two stages: what every page pays before consent, and the whole SDK once consent fetched the collector.
  row('loader min+gzip size', 'loader script, all languages (all a page loads before consent), min+gzip', kb, (f) => `${fixed(f['ratio'])}× FingerprintJS`);
  row(
    'loader, one language min+gzip size (KB): twofold.en.js',
    'loader script, English only (twofold.en.js), min+gzip',
    kb,
    (f) => `${fixed(f['ratio'])}× FingerprintJS`,
  );
  row(
    'loader, one language min+gzip size (KB): twofold.nb.js',
    'loader script, bokmål only (twofold.nb.js), min+gzip',
    kb,
    (f) => `${fixed(f['ratio'])}× FingerprintJS`,
  );
  row('loader + collector min+gzip size', 'loader + collector (after consent), all languages, min+gzip', kb, delta);
  row('loader, one language + collector', 'loader + collector (after consent), English only, min+gzip', kb, delta);
  return out;
}

function contentScriptRows(r: BenchResult): SummaryRow[] {
  const pageLoads = r.rows.filter((row) => String(row['page']).startsWith('page load'));
  const row = (label: string, page: BenchRow[]) => {
    const added = page.map((p) => num(p['added script ms'])).filter((v): v is number => v !== undefined);
    if (added.length === 0) return [];
    const target = num(page[0]?.['target ms']);
    const worst = Math.max(...added);
    return [
      {
        area: 'Extension on every page',
        measurement: label,
        twofold: `+${worst.toFixed(2)} ms`,
        anchor: 'no extension',
        ratio: '—',
        target: target === undefined ? '' : `≤ ${target} ms`,
        met: target === undefined ? null : worst <= target,
        source: 'content-script',
      },
    ];
  };
  // The OTP script per page (its target is per page load); the whole extension as its worst page.
  const otp = pageLoads.filter((p) => p['config'] === 'OTP content script only');
  const whole = pageLoads.filter((p) => p['config'] === 'whole extension');
  return [
    ...otp.flatMap((p) => row(`OTP content script, added script time: ${String(p['page']).replace(/^page load: /, '')}`, [p])),
    ...row(`whole extension (with the fingerprint detector), worst of ${whole.length} page loads`, whole),
  ];
}

function popupRows(r: BenchResult): SummaryRow[] {
  return ['chromium', 'firefox'].flatMap((browser) => {
    const render = r.rows.find((row) => row['browser'] === browser && String(row['measure']).startsWith('popup open'));
    if (!render) return [];
    const base = r.rows.find((row) => row['browser'] === browser && String(row['measure']).startsWith('baseline'));
    const target = num(render['target_ms']);
    return [
      {
        area: 'Extension popup',
        measurement: `popup open → ${num(r['accounts']) ?? 200} codes rendered, ${browser}`,
        twofold: ms(render['median_ms']),
        anchor: base ? `empty extension page ${ms(base['median_ms'])}` : '—',
        ratio: base ? fixed(num(render['median_ms'])! / num(base['median_ms'])!) : '—',
        target: target === undefined ? '' : `≤ ${target} ms`,
        met: typeof render['meets_target'] === 'boolean' ? render['meets_target'] : null,
        source: 'popup',
      },
    ];
  });
}

function assessRows(r: BenchResult): SummaryRow[] {
  const memory = find(r.rows, 'store', (s) => s === 'memory');
  const floor = num(memory?.['assess/s']);
  return r.rows.map((row) => {
    const rate = num(row['assess/s']);
    const isSqlite = String(row['store']).startsWith('sqlite');
    return {
      area: 'Risk assessments',
      measurement: `assessments/s, ${String(row['store'])} store, ${num(row['users'])?.toLocaleString('en-US') ?? '?'} users of history (p99 ${ms(row['p99 ms'])})`,
      twofold: perSecond(rate),
      anchor: row === memory ? '(the floor: same engine, in memory)' : `in-memory ${perSecond(floor)}`,
      ratio: rate !== undefined && floor ? fixed(rate / floor) : '—',
      target: isSqlite ? '≥ 20,000/s' : '',
      met: isSqlite && rate !== undefined ? rate >= 20_000 : null,
      source: 'assess',
    };
  });
}

/** The issue's throughput targets, read against the rows and ratios of the same load run. */
const LOAD_TARGETS: { key: string; measurement: string; target: string; met: (ratio: number) => boolean }[] = [
  { key: 'sqlite / floor', measurement: 'SQLite (workers = cores) vs the bare node:http floor, req/s', target: '≥ 0.30', met: (x) => x >= 0.3 },
  { key: 'postgres / sqlite', measurement: 'PostgreSQL vs SQLite, one instance (workers = cores), req/s', target: '≥ 1', met: (x) => x >= 1 },
  { key: 'postgres 2 instances / 1 instance', measurement: 'PostgreSQL, two instances vs one (1 worker each), req/s', target: '≥ 1.6', met: (x) => x >= 1.6 },
];

function loadRows(r: BenchResult): SummaryRow[] {
  const rows = r.rows.map((row): SummaryRow => {
    const backend = String(row['backend']);
    const floor = backend.startsWith('floor');
    // The first row is the SQLite one the issue's absolute target is about.
    const sqliteMain = row === r.rows[0] && backend.startsWith('sqlite');
    const clean = num(row['errors']) === 0 && (num(row['lost']) ?? 0) === 0;
    return {
      area: 'HTTP load (second process)',
      measurement: `${backend}: ${num(row['requests'])?.toLocaleString('en-US') ?? '?'} requests, nonce/assess/record/rights mix`,
      twofold: `${perSecond(row['req/s'])}, p50 ${ms(row['p50 ms'])}, p99 ${ms(row['p99 ms'])}`,
      anchor: '—',
      ratio: '—',
      target: floor ? '' : sqliteMain ? '≥ 3,000/s, p99 ≤ 25 ms, 0 errors, 0 lost' : '0 errors, 0 lost',
      met: floor ? null : sqliteMain ? clean && (num(row['req/s']) ?? 0) >= 3000 && (num(row['p99 ms']) ?? Infinity) <= 25 : clean,
      source: 'load',
    };
  });
  const ratios = (r['ratios'] ?? {}) as Record<string, unknown>;
  for (const t of LOAD_TARGETS) {
    const x = num(ratios[t.key]);
    if (x === undefined) continue;
    rows.push({
      area: 'HTTP load (second process)',
      measurement: t.measurement,
      twofold: '—',
      anchor: '—',
      ratio: x.toFixed(2),
      target: t.target,
      met: t.met(x),
      source: 'load',
    });
  }
  return rows;
}

function riskRows(r: BenchResult): SummaryRow[] {
  // The first seed is the headline; the file keeps every seed.
  const seed = r.rows[0]?.['seed'];
  return r.rows
    .filter((row) => row['seed'] === seed && String(row['population']).startsWith('attack'))
    .map((row) => ({
      area: 'Attacks blocked at 1 / 5 / 10 % of legitimate logins challenged',
      measurement: String(row['population']).replace(/^attack: /, ''),
      twofold: `${fixed(row['blocked @1% legit challenged'], 1)} / ${fixed(row['@5%'], 1)} / ${fixed(row['@10%'], 1)} %`,
      anchor: '—',
      ratio: '—',
      target: '',
      met: null,
      source: 'risk',
    }));
}

function otpFieldRows(r: BenchResult): SummaryRow[] {
  const row = find(r.rows, 'measurement', (m) => m === 'findOtpFields');
  if (!row) return [];
  const target = num(row['target_ms']);
  return [
    {
      area: 'Extension on every page',
      measurement: `findOtpFields on a ${num(row['elements'])?.toLocaleString('en-US') ?? '?'}-element page`,
      twofold: ms(row['median_ms']),
      anchor: `a bare walk of every element ${ms(row['baseline_ms (visit every element)'])}`,
      ratio: fixed(row['ratio_to_baseline']),
      target: target === undefined ? '' : `≤ ${target} ms`,
      met: typeof row['within_target'] === 'boolean' ? row['within_target'] : null,
      source: 'otp-fields',
    },
  ];
}

function fpDetectorRows(r: BenchResult): SummaryRow[] {
  // Row 0 is the page load with the built extension (detector only); the rest measure the code alone.
  const row = r.rows[0];
  if (!row || num(row['overhead_pct']) === undefined || num(row['overhead_ms']) === undefined) return [];
  const floor = num(row['floor_overhead_pct']) === undefined ? '' : `; a do-nothing extension of the same shape: +${fixed(row['floor_overhead_pct'], 1)} %`;
  return [
    {
      area: 'Extension on every page',
      measurement: `fingerprint detector, ${String(row['measurement'])}`,
      twofold: `+${fixed(row['overhead_pct'], 1)} % (+${fixed(row['overhead_ms'], 1)} ms)`,
      anchor: `no extension ${ms(row['median_without_ms'])}${floor}`,
      ratio: '—',
      target: num(row['target_pct']) === undefined ? '' : `≤ ${num(row['target_pct'])} %`,
      met: typeof row['meets_target'] === 'boolean' ? row['meets_target'] : null,
      source: 'fp-detector',
    },
  ];
}

/** Which result file feeds which rows, in the order the summary shows them. */
const SECTIONS: [name: string, rows: (r: BenchResult) => SummaryRow[]][] = [
  ['sdk', sdkRows],
  ['content-script', contentScriptRows],
  ['otp-fields', otpFieldRows],
  ['fp-detector', fpDetectorRows],
  ['popup', popupRows],
  ['assess', assessRows],
  ['load', loadRows],
  ['risk', riskRows],
];

/** The summary table from the per-bench results (missing files simply contribute no rows). */
export function summarize(results: ReadonlyMap<string, BenchResult>): SummaryRow[] {
  return SECTIONS.flatMap(([name, rows]) => {
    const result = results.get(name);
    return result ? rows(result) : [];
  });
}

const verdict = (met: boolean | null) => (met === null ? '' : met ? 'yes' : 'no');

/** The summary as a Markdown table (the README's Performance table). */
export function toMarkdown(rows: readonly SummaryRow[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = ['| area | measurement | Twofold | anchor | ratio | target | met |', '|---|---|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${[r.area, r.measurement, r.twofold, r.anchor, r.ratio, r.target, verdict(r.met)].map(esc).join(' | ')} |`);
  return lines.join('\n');
}

/** The summary as an aligned plain-text table for the terminal. */
export function toText(rows: readonly SummaryRow[]): string {
  const columns = ['measurement', 'twofold', 'anchor', 'ratio', 'target', 'met'] as const;
  const cells = rows.map((r) => columns.map((c) => (c === 'met' ? verdict(r.met) : r[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out: string[] = [line(columns), line(widths.map((w) => '-'.repeat(w)))];
  let area = '';
  rows.forEach((r, i) => {
    if (r.area !== area) {
      area = r.area;
      out.push(`-- ${area}`);
    }
    out.push(line(cells[i]!));
  });
  return out.join('\n');
}

const README_START = '<!-- bench:summary:start -->';
const README_END = '<!-- bench:summary:end -->';

/** `readme` with the text between the summary markers replaced by `table`; unchanged when the markers are missing. */
export function replaceReadmeTable(readme: string, table: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) return readme;
  return `${readme.slice(0, start + README_START.length)}\n${table}\n${readme.slice(end)}`;
}

/** Where and when: the machine the numbers came from and each source file's measurement time. */
function machineFacts(results: ReadonlyMap<string, BenchResult>): Record<string, unknown> {
  const first = [...results.values()][0];
  const sdk = results.get('sdk');
  return {
    cpu: first?.machine.cpu ?? cpus()[0]?.model ?? 'unknown',
    cores: first?.machine.cores ?? cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: first?.machine.node ?? process.version,
    os: `${process.platform} ${release()}`,
    chromium: typeof sdk?.['browser'] === 'string' ? sdk['browser'] : undefined,
    loadAverageAtSummary: loadavg().map((v) => Math.round(v * 100) / 100),
  };
}

/** Reads bench/results/*.json, prints the summary, writes summary.json and refreshes the README table. */
export function writeSummary(resultsDir: string, readmePath?: string): SummaryRow[] {
  const results = new Map<string, BenchResult>();
  for (const file of readdirSync(resultsDir)
    .filter((f) => f.endsWith('.json') && f !== 'summary.json')
    .sort()) {
    const parsed = JSON.parse(readFileSync(join(resultsDir, file), 'utf8')) as BenchResult;
    if (Array.isArray(parsed.rows)) results.set(parsed.name ?? file.replace(/\.json$/, ''), parsed);
  }
  const rows = summarize(results);
  const machine = machineFacts(results);
  const measuredAt = Object.fromEntries([...results].map(([name, r]) => [name, r.measuredAt]));
  console.log(`\n== summary (bench/results/summary.json) ==\n${toText(rows)}\n\nmachine: ${JSON.stringify(machine)}`);
  writeFileSync(join(resultsDir, 'summary.json'), `${JSON.stringify({ name: 'summary', machine, measuredAt, rows }, null, 2)}\n`);
  if (readmePath && existsSync(readmePath)) {
    const chromium = machine['chromium'] ? `, Chromium ${String(machine['chromium'])}` : '';
    const stamp = `Measured ${Object.values(measuredAt).sort().at(-1)?.slice(0, 10) ?? '?'} on ${String(machine['cores'])}-core ${String(machine['cpu'])}, ${String(machine['memoryGiB'])} GiB, Node ${String(machine['node']).replace(/^v/, '')}${chromium} (bench/results/summary.json).`;
    const readme = readFileSync(readmePath, 'utf8');
    const updated = replaceReadmeTable(readme, `${stamp}\n\n${toMarkdown(rows)}`);
    if (updated !== readme) writeFileSync(readmePath, updated);
  }
  return rows;
}

const here = dirname(fileURLToPath(import.meta.url));

/** vitest globalSetup hook: runs once after every bench file has finished. */
export function teardown(): void {
  writeSummary(join(here, 'results'), join(here, '..', 'README.md'));
}
