/**
 * What is stored per SDK collection: the bounded feature values the risk rules read from a report
 * (device and visitor id, time zone, languages, automation, consent) and the ids of the signals
 * sent — never the raw report. A client may pad a sealed report to the 64 KB envelope limit; what
 * reaches the database stays under MAX_COLLECTION_BYTES whatever it sends, and the rights export
 * shows exactly these values.
 */
import type { SignalReport } from '../protocol/report';
import { attemptFromReport } from './risk/report';
import type { LoginAttempt } from './risk/types';
import type { FeatureValue } from './store/types';

/** Most signal ids kept per collection (the SDK registry has about 30). */
export const MAX_COLLECTION_SIGNALS = 48;
/** Signal ids kept: the SDK's are short kebab-case names; anything else is not one of ours. */
const SIGNAL_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** Longest device / visitor id kept (as the protocol's MAX_DEVICE_ID_LENGTH). */
const MAX_ID_LENGTH = 200;
const MAX_TIMEZONE_LENGTH = 64;
const MAX_LANGUAGES = 10;
const MAX_LANGUAGE_LENGTH = 35;

/**
 * Upper bound of the JSON a collection row holds in `features` plus `signals` (worst case of every
 * bound above, JSON-escaped characters included; test/sdk/server/collection.test.ts builds it).
 */
export const MAX_COLLECTION_BYTES = 8 * 1024;

const printable = (text: string, max: number): string | undefined => (text.length > 0 && text.length <= max && /^[\x20-\x7e]+$/.test(text) ? text : undefined);

/** The feature values a collection keeps, from the (already bounded) attempt built from its report. */
export function collectionFeatures(attempt: LoginAttempt): FeatureValue[] {
  const out: FeatureValue[] = [];
  const add = (feature: string, value: string | undefined) => {
    if (value !== undefined) out.push({ feature, value });
  };
  add('device-id', attempt.deviceId === undefined ? undefined : printable(attempt.deviceId, MAX_ID_LENGTH));
  add('visitor-id', attempt.visitorId === undefined ? undefined : printable(attempt.visitorId, MAX_ID_LENGTH));
  add('time-zone', attempt.timezone === undefined ? undefined : printable(attempt.timezone, MAX_TIMEZONE_LENGTH));
  for (const language of (attempt.languages ?? []).slice(0, MAX_LANGUAGES)) add('language', printable(language, MAX_LANGUAGE_LENGTH));
  if (attempt.automation !== undefined) add('automation', String(attempt.automation));
  if (attempt.consent !== undefined) add('consent', attempt.consent ? 'granted' : 'refused');
  return out;
}

/** The signal ids a collection keeps: the report's own ids that look like SDK signal names, sorted, capped. */
export function collectionSignals(report: SignalReport): string[] {
  return Object.keys(report.signals)
    .filter((id) => SIGNAL_ID.test(id))
    .sort()
    .slice(0, MAX_COLLECTION_SIGNALS);
}

/** The bounded projection of a report: what `store.recordCollection` gets besides ids and time. */
export function collectionOf(report: SignalReport, attempt: LoginAttempt): { signals: string[]; features: FeatureValue[] } {
  return { signals: collectionSignals(report), features: collectionFeatures(attempt) };
}

/**
 * The features of a report stored whole by an earlier version (the schema migration that drops
 * the raw reports uses it); an unreadable report projects to none.
 */
export function featuresOfStoredReport(report: unknown): FeatureValue[] {
  const signals = typeof report === 'object' && report !== null ? (report as { signals?: unknown }).signals : undefined;
  if (typeof signals !== 'object' || signals === null || Array.isArray(signals)) return [];
  try {
    return collectionFeatures(attemptFromReport(report as SignalReport, { userId: 'migration', ip: '0.0.0.0', userAgent: '', time: 0 }));
  } catch {
    return [];
  }
}
