import { activeSignals as activeInfos, SIGNAL_INFOS } from './catalogue';
import { COLLECTORS } from './collectors';
import type { Signal, SignalCollector, SignalContext } from './types';

/**
 * The ordered signal registry: each signal's description (catalogue.ts, what the loader bundles)
 * joined with its collector (collectors.ts, what the collector chunk bundles). The banner, the
 * receipt, collect() and the inspector all follow this one order.
 */
export const SIGNALS: readonly Signal[] = SIGNAL_INFOS.map((info, i) => {
  const collector: SignalCollector = COLLECTORS[i]!;
  if (collector.id !== info.id) throw new Error(`signal registry out of order: ${info.id} vs ${collector.id}`);
  return { ...info, ...collector };
});

/** The value each signal reports, by id, derived from the registry (a report's `signals[id].value`). */
export type SignalValues = { [S in (typeof COLLECTORS)[number] as S['id']]: Exclude<Awaited<ReturnType<S['collect']>>, undefined> };

/** Every signal id. */
export type SignalId = keyof SignalValues;

/** Signals active for these options (location only when the site opted in); the full registry by default. */
export function activeSignals(ctx: SignalContext, registry: readonly Signal[] = SIGNALS): Signal[] {
  return activeInfos(ctx, registry);
}

export { metaOf, SIGNAL_INFOS } from './catalogue';
export { COLLECTORS } from './collectors';
export type { CollectContext, Signal, SignalCollector, SignalContext, SignalInfo, Locale } from './types';
