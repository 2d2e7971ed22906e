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
import type { SignalCollector } from './types';
import { userAgentSignal } from './user-agent';
import { visitorIdSignal } from './visitor-id';

/**
 * How each signal is collected, in the registry's order (catalogue.ts lists the same ids). Slow
 * asynchronous signals come first so they start before the quick synchronous reads and overlap
 * with them. Only the collector chunk bundles this list (and with it FingerprintJS).
 */
export const COLLECTORS = [
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
] as const satisfies readonly SignalCollector[];
