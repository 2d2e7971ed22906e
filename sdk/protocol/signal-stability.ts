/**
 * Whether a signal was stable across collections, not counting the fields that change by design:
 * the device id's `isNew` (true on the first collection only) and the local time (the clock moves).
 * A developer reading "unstable" should look for a real problem, so those fields are set aside and
 * named instead. Shared by the demo inspector and the extension's devtools panel. Pure, no I/O.
 */
import { canonicalJson, outcomeKey } from './inspect-summary';
import type { InspectReport } from './report';
import type { SignalResult } from './signals';

/** Fields of a signal's value that change between collections by design, and why (shown to the developer). */
export const CHANGES_BY_DESIGN: Readonly<Record<string, { fields: readonly string[] | 'all'; why: string }>> = {
  'device-id': { fields: ['isNew'], why: 'isNew is true only on the first collection' },
  'local-time': { fields: 'all', why: 'the local clock moves between collections' },
};

/** A signal's stability over the runs that carried it. */
export type Stability =
  | { kind: 'stable'; runs: number }
  /** Only fields that change by design differed (or the whole value does by design). */
  | { kind: 'by-design'; runs: number; why: string }
  | { kind: 'unstable'; runs: number; distinctValues: number };

function withoutFields(value: unknown, fields: readonly string[]): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([k]) => !fields.includes(k)));
}

/** The stability of signal `id` over its `outcomes` (in collection order); errors count as values. */
export function stabilityOf(id: string, outcomes: readonly SignalResult[]): Stability {
  const runs = outcomes.length;
  const raw = new Set(outcomes.map(outcomeKey)).size;
  const design = Object.hasOwn(CHANGES_BY_DESIGN, id) ? CHANGES_BY_DESIGN[id] : undefined;
  if (!design) return raw <= 1 ? { kind: 'stable', runs } : { kind: 'unstable', runs, distinctValues: raw };
  const { fields, why } = design;
  const key = (o: SignalResult) =>
    o.error !== undefined ? `error:${o.error}` : fields === 'all' ? 'by-design' : canonicalJson(withoutFields(o.value, fields));
  const rest = new Set(outcomes.map(key)).size;
  if (rest > 1) return { kind: 'unstable', runs, distinctValues: rest };
  return raw <= 1 && fields !== 'all' ? { kind: 'stable', runs } : { kind: 'by-design', runs, why };
}

/** Stability per signal id over `reports` (in collection order). */
export function stabilityByRun(reports: readonly Pick<InspectReport, 'signals'>[]): Map<string, Stability> {
  const ids = new Set(reports.flatMap((r) => Object.keys(r.signals)));
  return new Map(
    [...ids].map((id) => [
      id,
      stabilityOf(
        id,
        reports.map((r) => r.signals[id]).filter((s): s is SignalResult => s !== undefined),
      ),
    ]),
  );
}

/** The stability cell in words: "yes (3/3)", "changes by design (…)", "no: 2 values in 3 runs". */
export function stabilityText(s: Stability): string {
  if (s.kind === 'stable') return `yes (${s.runs}/${s.runs})`;
  if (s.kind === 'by-design') return `yes; changes by design (${s.why})`;
  return `no: ${s.distinctValues} values in ${s.runs} runs`;
}
