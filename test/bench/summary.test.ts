// The bench summary: one table from the per-bench result files, and the README refresh.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { replaceReadmeTable, summarize, toMarkdown, writeSummary, type BenchResult } from '../../bench/summary';
import type { BenchRow } from '../../bench/report';

const machine = { cpu: 'Test CPU', cores: 2, node: 'v20.20.2', platform: 'linux' };
const result = (name: string, rows: BenchRow[], extra: Record<string, unknown> = {}): BenchResult => ({
  name,
  measuredAt: '2026-11-23T20:00:00.000Z',
  machine,
  rows,
  ...extra,
});

const results = new Map<string, BenchResult>([
  [
    'sdk',
    result(
      'sdk',
      [
        { metric: 'warm: median latency (ms), 21 interleaved', twofold: 80, fingerprintjs: 64, ratio: 1.25, target: 'ratio <= 1.10', met: false },
        { metric: 'min+gzip size (KB)', twofold: 30.25, fingerprintjs: 16, ratio: 1.89, target: 'delta <= 8 KB', met: false },
      ],
      { browser: '156.0' },
    ),
  ],
  [
    'assess',
    result('assess', [
      { store: 'memory', users: 10000, 'assess/s': 20000, 'p99 ms': 0.1 },
      { store: 'sqlite (file, WAL)', users: 10000, 'assess/s': 25000, 'p99 ms': 0.2 },
      { store: 'postgres', users: 10000, 'assess/s': 2000, 'p99 ms': 1.5 },
    ]),
  ],
  [
    'load',
    result(
      'load',
      [
        { backend: 'sqlite', requests: 5000, 'req/s': 3100, 'p50 ms': 4, 'p99 ms': 20, errors: 0, lost: 0 },
        { backend: 'postgres', requests: 5000, 'req/s': 700, 'p50 ms': 5, 'p99 ms': 40, errors: 2, lost: 0 },
        { backend: 'floor: bare node:http', requests: 5000, 'req/s': 9000, 'p50 ms': 1, 'p99 ms': 3 },
      ],
      { ratios: { 'sqlite / floor': 0.34, 'postgres / sqlite': 0.23, 'postgres 2 instances / 1 instance': 1.2 } },
    ),
  ],
  [
    'risk',
    result('risk', [
      { seed: 1, population: 'legitimate', 'blocked @1% legit challenged': 1, '@5%': 5, '@10%': 10 },
      { seed: 1, population: 'attack: naive', 'blocked @1% legit challenged': 96.8, '@5%': 98.7, '@10%': 98.9 },
      { seed: 2, population: 'attack: naive', 'blocked @1% legit challenged': 50, '@5%': 60, '@10%': 70 },
    ]),
  ],
  [
    'content-script',
    result('content-script', [
      { page: 'page load: a', config: 'OTP content script only', 'added script ms': 1.2, 'target ms': 2 },
      { page: 'page load: b', config: 'OTP content script only', 'added script ms': 2.5, 'target ms': 2 },
      { page: 'user clicks', config: 'OTP content script only', 'added script ms': 9, 'target ms': null },
    ]),
  ],
]);

describe('summarize', () => {
  const rows = summarize(results);

  it('puts Twofold beside its anchor with the ratio and the verdict', () => {
    const warm = rows.find((r) => r.source === 'sdk' && r.measurement.includes('warm'))!;
    expect(warm).toMatchObject({ twofold: '80.0 ms', anchor: 'FingerprintJS 64.0 ms', ratio: '1.25', met: false });
    expect(rows.find((r) => r.measurement.includes('with HPKE'))).toMatchObject({ ratio: '+14.3 KB' });
  });

  it('shows the two-stage SDK sizes: the loader against FingerprintJS, and loader + collector as a delta', () => {
    const sdk = summarize(
      new Map([
        [
          'sdk',
          result('sdk', [
            { metric: 'loader min+gzip size (KB)', twofold: 9.6, fingerprintjs: 16, ratio: 0.6, target: 'twofold <= 6 KB', met: false },
            { metric: 'loader + collector min+gzip size (KB)', twofold: 30.8, fingerprintjs: 16, ratio: 1.93, target: 'delta <= 8 KB', met: false },
          ]),
        ],
      ]),
    );
    expect(sdk.find((r) => r.measurement.startsWith('loader script'))).toMatchObject({
      twofold: '9.6 KB',
      ratio: '0.60× FingerprintJS',
      target: 'twofold <= 6 KB',
      met: false,
    });
    expect(sdk.find((r) => r.measurement.startsWith('loader + collector'))).toMatchObject({ twofold: '30.8 KB', ratio: '+14.8 KB', met: false });
  });

  it('compares each store with the in-memory floor of the same engine', () => {
    const stores = rows.filter((r) => r.source === 'assess');
    expect(stores.map((r) => r.ratio)).toEqual(['1.00', '1.25', '0.10']);
    expect(stores.find((r) => r.measurement.includes('sqlite'))).toMatchObject({ twofold: '25,000/s', met: true });
  });

  it('fails a load row with errors, judges the SQLite row and the ratios against their targets, and the content script per page load', () => {
    expect(rows.filter((r) => r.source === 'load').map((r) => [r.ratio, r.met])).toEqual([
      ['—', true],
      ['—', false],
      ['—', null],
      ['0.34', true],
      ['0.23', false],
      ['1.20', false],
    ]);
    const slow = summarize(
      new Map([['load', result('load', [{ backend: 'sqlite', requests: 5000, 'req/s': 2900, 'p50 ms': 4, 'p99 ms': 20, errors: 0, lost: 0 }])]]),
    );
    expect(slow.find((r) => r.source === 'load')).toMatchObject({ target: '≥ 3,000/s, p99 ≤ 25 ms, 0 errors, 0 lost', met: false });
    expect(rows.filter((r) => r.source === 'content-script').map((r) => [r.twofold, r.met])).toEqual([
      ['+1.20 ms', true],
      ['+2.50 ms', false],
    ]);
  });

  it('shows the attack table of the first seed only, without the legitimate population', () => {
    expect(rows.filter((r) => r.source === 'risk')).toEqual([expect.objectContaining({ measurement: 'naive', twofold: '96.8 / 98.7 / 98.9 %' })]);
  });

  it('shows the fingerprint detector as one figure measured with the built extension, and skips the old two-figure rows', () => {
    const fp = (rows: BenchRow[]) => summarize(new Map([['fp-detector', result('fp-detector', rows)]]));
    const measured = fp([
      {
        measurement: 'page load, built extension (detector only) vs no extension',
        runs: 31,
        median_without_ms: 300,
        overhead_ms: 6,
        overhead_pct: 2,
        target_pct: 3,
        meets_target: true,
      },
      { measurement: 'detector code alone (no extension), in-page A/B', runs: 120, median_without_ms: 26, overhead_pct: 7 },
    ]);
    expect(measured).toEqual([
      expect.objectContaining({ area: 'Extension on every page', twofold: '+2.0 % (+6.0 ms)', anchor: 'no extension 300 ms', ratio: '—', met: true }),
    ]);
    expect(fp([{ measurement: 'page load (nav start → end of page script)', median_without_ms: 256, median_with_ms: 257.1, overhead_pct: 5.8 }])).toEqual([]);
  });

  it('leaves out what was not measured', () => {
    expect(summarize(new Map())).toEqual([]);
    expect(rows.some((r) => r.source === 'popup')).toBe(false);
  });
});

describe('the README table', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('replaces only the text between the markers, and leaves a README without markers alone', () => {
    const readme = 'intro\n<!-- bench:summary:start -->\nold\n<!-- bench:summary:end -->\noutro\n';
    expect(replaceReadmeTable(readme, 'new')).toBe('intro\n<!-- bench:summary:start -->\nnew\n<!-- bench:summary:end -->\noutro\n');
    expect(replaceReadmeTable('no markers', 'new')).toBe('no markers');
  });

  it('escapes pipes inside cells', () => {
    expect(toMarkdown([{ area: 'a', measurement: 'x | y', twofold: '1', anchor: '2', ratio: '—', target: '', met: null, source: 's' }])).toContain('x \\| y');
  });

  it('writes summary.json and the README table from the result files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twofold-summary-'));
    dirs.push(dir);
    for (const [name, r] of results) writeFileSync(join(dir, `${name}.json`), JSON.stringify(r));
    const readme = join(dir, 'README.md');
    writeFileSync(readme, '# x\n<!-- bench:summary:start -->\n<!-- bench:summary:end -->\n');
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const rows = writeSummary(dir, readme);
    const written = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as {
      rows: unknown[];
      machine: { cpu: string; chromium: string };
      measuredAt: Record<string, string>;
    };
    expect(written.rows).toEqual(rows);
    expect(written.machine).toMatchObject({ cpu: 'Test CPU', chromium: '156.0' });
    expect(Object.keys(written.measuredAt).sort()).toEqual(['assess', 'content-script', 'load', 'risk', 'sdk']);
    const text = readFileSync(readme, 'utf8');
    expect(text).toContain('Measured 2026-11-23 on 2-core Test CPU');
    expect(text).toContain('| Risk assessments | assessments/s, sqlite (file, WAL) store');
    // A second run over its own output does not read summary.json as a bench.
    expect(writeSummary(dir)).toEqual(rows);
  });
});
