import type { SignalMeta } from '../../protocol/signals';
import { automationSignal } from './automation';
import { deviceIdSignal } from './device-id';
import { deviceTypeSignal } from './device-type';
import { hardwareSignal } from './hardware';
import { languagesSignal } from './languages';
import { localTimeSignal } from './local-time';
import { locationSignal } from './location';
import { screenSignal } from './screen';
import { timeZoneSignal } from './time-zone';
import { touchSignal } from './touch';
import type { Signal, SignalContext } from './types';
import { userAgentSignal } from './user-agent';
import { visitorIdSignal } from './visitor-id';

/**
 * The ordered signal registry: the single list the banner, the receipt, collect() and the
 * inspector read. Slow asynchronous signals come first so they start before the quick synchronous
 * reads and overlap with them; the order is also the banner's listing order within a category.
 */
export const SIGNALS = [
  visitorIdSignal, // ~hundreds of ms: FingerprintJS sources (canvas, audio, fonts)
  locationSignal, // async permission check, then a position if already permitted
  userAgentSignal, // async high-entropy client hints
  deviceIdSignal, // async IndexedDB
  deviceTypeSignal,
  languagesSignal,
  timeZoneSignal,
  localTimeSignal,
  screenSignal,
  hardwareSignal,
  touchSignal,
  automationSignal,
] as const satisfies readonly Signal[];

/** The value each signal reports, by id, derived from the registry (a report's `signals[id].value`). */
export type SignalValues = { [S in (typeof SIGNALS)[number] as S['id']]: Exclude<Awaited<ReturnType<S['collect']>>, undefined> };

/** Every signal id. */
export type SignalId = keyof SignalValues;

/** Signals active for these options (location only when the site opted in). */
export function activeSignals(ctx: SignalContext, registry: readonly Signal[] = SIGNALS): Signal[] {
  return registry.filter((s) => (s.enabled ? s.enabled(ctx) : true));
}

/** Just the metadata of a signal (what it is and why), as published in `Twofold.signals`. */
export function metaOf(signal: Signal): SignalMeta {
  return { id: signal.id, category: signal.category, purpose: signal.purpose, personalData: signal.personalData };
}

export type { Signal, SignalContext, Locale } from './types';
