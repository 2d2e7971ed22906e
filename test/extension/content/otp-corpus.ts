import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the corpus lives: HTML pages plus expected.json. */
export const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/otp-pages');

/** One page and the targets it should yield: each target is input ids in fill order. */
export interface CorpusPage {
  file: string;
  lang: string;
  html: string;
  targets: string[][];
}

/** Loads every page with its expectation; a page missing from expected.json is an error. */
export function loadCorpus(): CorpusPage[] {
  const manifest = JSON.parse(readFileSync(join(CORPUS_DIR, 'expected.json'), 'utf8')) as {
    pages: Record<string, { lang: string; targets: string[][] }>;
  };
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((file) => {
      const expected = manifest.pages[file];
      if (!expected) throw new Error(`${file} has no entry in expected.json`);
      return { file, lang: expected.lang, html: readFileSync(join(CORPUS_DIR, file), 'utf8'), targets: expected.targets };
    });
}

/** Counts for one page or a sum of pages. */
export interface Tally {
  pages: number;
  expected: number;
  tp: number;
  fp: number;
  fn: number;
}

/** Compares found with expected targets: a target is right only with exactly the same ids in order. */
export function compareTargets(expected: string[][], found: string[][]): Omit<Tally, 'pages'> & { missed: string[]; extra: string[] } {
  const key = (t: string[]) => t.join(',');
  const want = new Set(expected.map(key));
  const got = new Set(found.map(key));
  const missed = [...want].filter((k) => !got.has(k));
  const extra = [...got].filter((k) => !want.has(k));
  return { expected: want.size, tp: want.size - missed.length, fp: extra.length, fn: missed.length, missed, extra };
}

/** Sums tallies and formats the precision/recall table printed by the corpus tests. */
export function summarize(rows: { lang: string; tally: Omit<Tally, 'pages'> }[]): { table: string; precision: number; recall: number } {
  const groups = new Map<string, Tally>();
  const add = (name: string, t: Omit<Tally, 'pages'>) => {
    const g = groups.get(name) ?? { pages: 0, expected: 0, tp: 0, fp: 0, fn: 0 };
    g.pages += 1;
    g.expected += t.expected;
    g.tp += t.tp;
    g.fp += t.fp;
    g.fn += t.fn;
    groups.set(name, g);
  };
  for (const r of rows) {
    add(r.lang, r.tally);
    add('all', r.tally);
  }
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  const lines = ['lang  pages  targets  TP  FP  FN  precision  recall'];
  for (const [name, g] of [...groups].sort(([a], [b]) => (a === 'all' ? 1 : b === 'all' ? -1 : a.localeCompare(b)))) {
    lines.push(
      `${name.padEnd(4)}  ${String(g.pages).padStart(5)}  ${String(g.expected).padStart(7)}  ${String(g.tp).padStart(2)}  ${String(g.fp).padStart(2)}  ${String(g.fn).padStart(2)}  ${ratio(
        g.tp,
        g.tp + g.fp,
      )
        .toFixed(3)
        .padStart(9)}  ${ratio(g.tp, g.tp + g.fn)
        .toFixed(3)
        .padStart(6)}`,
    );
  }
  const all = groups.get('all')!;
  return { table: lines.join('\n'), precision: ratio(all.tp, all.tp + all.fp), recall: ratio(all.tp, all.tp + all.fn) };
}
