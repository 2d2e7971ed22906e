/**
 * Pure summaries of `tf.inspect()` reports for developers: one row per signal with its
 * value in short, how long it took and how stable it was across runs, and the diff between two
 * collections. Shared by the CLI (sdk/server/cli), the demo inspector page and the extension's
 * devtools panel, so all three show the same numbers. No I/O, no valibot: safe in any bundle.
 */
import type { InspectReport } from './report';
import type { SignalResult } from './signals';

/** One signal summarised over one or more collections. */
export interface SignalRow {
  id: string;
  category: string;
  purpose: string;
  personalData: string;
  /** The latest value (or error), shortened for a table cell. */
  value: string;
  /** The latest error, when the latest run failed. */
  error?: string;
  /** Median and maximum duration over the runs, in ms. */
  medianMs: number;
  maxMs: number;
  /** How many runs carried this signal. */
  runs: number;
  /** How many different values (errors count as values) the runs produced: 1 = stable. */
  distinctValues: number;
}

/** One signal whose value differs between two collections. */
export interface SignalChange {
  id: string;
  kind: 'added' | 'removed' | 'changed';
  before?: string;
  after?: string;
  /** For changed object values: each dotted path that differs (e.g. `isNew`) with its short before/after, so the reason is visible. */
  fields?: { path: string; before: string; after: string }[];
}

/** JSON with object keys sorted, so equal values always compare equal. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The identity of a signal outcome: its canonical value, or its error. */
export function outcomeKey(result: SignalResult): string {
  return result.error !== undefined ? `error:${result.error}` : canonicalJson(result.value);
}

/** A value shortened to `max` characters for a table cell (strings unquoted). */
export function shortValue(result: SignalResult, max = 60): string {
  const text = result.error !== undefined ? `error: ${result.error}` : typeof result.value === 'string' ? result.value : canonicalJson(result.value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? 0 : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One row per signal over `reports` (in collection order), in the order the last report lists them. */
export function summarizeRuns(reports: readonly InspectReport[], options: { valueWidth?: number } = {}): SignalRow[] {
  const last = reports[reports.length - 1];
  if (!last) return [];
  const ids = [...new Set(reports.flatMap((r) => Object.keys(r.signals)).reverse())].reverse();
  return ids.map((id) => {
    const outcomes = reports.map((r) => r.signals[id]).filter((s): s is SignalResult => s !== undefined);
    const latest = outcomes[outcomes.length - 1]!;
    const meta = reports.map((r) => r.meta[id]).find((m) => m !== undefined);
    const durations = outcomes.map((o) => o.durationMs);
    return {
      id,
      category: meta?.category ?? 'unknown',
      purpose: meta?.purpose ?? '',
      personalData: meta?.personalData ?? 'unknown',
      value: shortValue(latest, options.valueWidth),
      ...(latest.error !== undefined ? { error: latest.error } : {}),
      medianMs: median(durations),
      maxMs: Math.max(...durations),
      runs: outcomes.length,
      distinctValues: new Set(outcomes.map(outcomeKey)).size,
    };
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Dotted paths whose values differ between two objects (nested objects up to `depth` levels). */
export function changedPaths(a: unknown, b: unknown, prefix = '', depth = 3): string[] {
  if (!isPlainObject(a) || !isPlainObject(b) || depth === 0) return canonicalJson(a) === canonicalJson(b) ? [] : [prefix || '(value)'];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((k) => changedPaths(a[k], b[k], prefix ? `${prefix}.${k}` : k, depth - 1));
}

function atPath(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (isPlainObject(v) ? v[k] : undefined), value);
}

/** What changed from `before` to `after`: signals added, removed, or with a different value/error. */
export function diffReports(
  before: Pick<InspectReport, 'signals'>,
  after: Pick<InspectReport, 'signals'>,
  options: { valueWidth?: number } = {},
): SignalChange[] {
  const changes: SignalChange[] = [];
  const ids = [...new Set([...Object.keys(before.signals), ...Object.keys(after.signals)])];
  for (const id of ids) {
    const a = before.signals[id];
    const b = after.signals[id];
    if (a && !b) changes.push({ id, kind: 'removed', before: shortValue(a, options.valueWidth) });
    else if (!a && b) changes.push({ id, kind: 'added', after: shortValue(b, options.valueWidth) });
    else if (a && b && outcomeKey(a) !== outcomeKey(b)) {
      const width = options.valueWidth ?? 60;
      const fields =
        a.error === undefined && b.error === undefined && isPlainObject(a.value) && isPlainObject(b.value)
          ? changedPaths(a.value, b.value).map((p) => ({
              path: p,
              before: shortValue({ value: atPath(a.value, p), durationMs: 0 }, width),
              after: shortValue({ value: atPath(b.value, p), durationMs: 0 }, width),
            }))
          : undefined;
      changes.push({ id, kind: 'changed', before: shortValue(a, options.valueWidth), after: shortValue(b, options.valueWidth), ...(fields ? { fields } : {}) });
    }
  }
  return changes;
}
