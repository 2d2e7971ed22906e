import type { SignalMeta } from '../../protocol/signals';

/** Locales the SDK ships texts for. */
export type Locale = 'en' | 'nb';

/** What a signal's collect() receives: the init options it may depend on (never storage handles). */
export interface SignalContext {
  /** The site opted in to location (`Twofold.init({ location: true })`). */
  location: boolean;
}

/**
 * One signal: its metadata (what the banner, receipt and inspector show) plus a small collect().
 * `collect` may resolve to a named sentinel string (`'unsupported'`, `'not-permitted'`) for
 * expected states; it throws only for real failures, which become an error entry in the report.
 */
export interface Signal<T = unknown> extends SignalMeta {
  /** Short name and purpose per locale for the banner (English purpose is `purpose`). */
  text: Record<Locale, { name: string; purpose?: string }>;
  /** Longest time collect() may take before the report records a timeout for it. */
  budgetMs: number;
  /** Only listed (and collected) when this returns true for the init options, e.g. location opt-in. */
  enabled?: (ctx: SignalContext) => boolean;
  collect(ctx: SignalContext): Promise<T>;
}

/** Identity helper that keeps each signal's literal id and value type while checking the descriptor shape. */
export function defineSignal<const Id extends string, T>(signal: Signal<T> & { id: Id }): Signal<T> & { id: Id } {
  return signal;
}
