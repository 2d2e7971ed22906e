import type { SignalMeta } from '../../protocol/signals';

/** Locales the SDK ships texts for. */
export type Locale = 'en' | 'nb';

/** The init options that decide which signals are asked for (`enabled`). */
export interface SignalContext {
  /** The site opted in to location (`Twofold.init({ location: true })`). */
  location: boolean;
}

/** What a signal's collect() receives: the init options it may depend on (never storage handles). */
export interface CollectContext extends SignalContext {
  /** The site name from `Twofold.init({ site })`: identifiers are keyed to it (visitor-id.ts). */
  site: string;
}

/**
 * What a signal is, without how it is collected: all the loader needs for the banner and receipt
 * (catalogue.ts); its name per locale is in the banner texts (consent/texts-<locale>.ts).
 */
export interface SignalInfo extends SignalMeta {
  /** Only listed (and collected) when this returns true for the init options, e.g. location opt-in. */
  enabled?: (ctx: SignalContext) => boolean;
}

/**
 * How a signal is collected (bundled only in the collector chunk): its id, time budget and a small
 * collect(). `collect` may resolve to a named sentinel string (`'unsupported'`, `'not-permitted'`)
 * for expected states; it throws only for real failures, which become an error entry in the report.
 */
export interface SignalCollector<T = unknown> {
  id: string;
  /** Longest time collect() may take before the report records a timeout for it. */
  budgetMs: number;
  collect(ctx: CollectContext): Promise<T>;
}

/** One signal: its description and its collector. */
export interface Signal<T = unknown> extends SignalInfo, SignalCollector<T> {}

/** Identity helper that keeps a description's literal id while checking its shape. */
export function defineSignalInfo<const Id extends string>(info: SignalInfo & { id: Id }): SignalInfo & { id: Id } {
  return info;
}

/** Identity helper that keeps a collector's literal id and value type while checking its shape. */
export function defineCollector<const Id extends string, T>(collector: SignalCollector<T> & { id: Id }): SignalCollector<T> & { id: Id } {
  return collector;
}

/** Identity helper for a whole signal (tests build small fake registries with it). */
export function defineSignal<const Id extends string, T>(signal: Signal<T> & { id: Id }): Signal<T> & { id: Id } {
  return signal;
}
