import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), 'results');

/** The median of `xs` (the mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** One measured row: a name, the numbers, and (when there is an anchor) the ratio to it. */
export type BenchRow = Record<string, string | number | boolean | null>;

/** Prints `rows` as an aligned table and writes them with machine facts to bench/results/<name>.json. */
export function writeBenchResult(name: string, rows: BenchRow[], extra: Record<string, unknown> = {}): void {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : String(v ?? ''));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ');
  console.log(`\n== ${name} ==\n${line(columns)}\n${line(widths.map((w) => '-'.repeat(w)))}`);
  for (const r of rows) console.log(line(columns.map((c) => cell(r[c]))));
  mkdirSync(resultsDir, { recursive: true });
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, platform: process.platform };
  writeFileSync(join(resultsDir, `${name}.json`), `${JSON.stringify({ name, measuredAt: new Date().toISOString(), machine, rows, ...extra }, null, 2)}\n`);
}
