/**
 * The collector: the second stage, fetched by the loader (twofold.js / twofold.mjs) from the same
 * directory only after the visitor consented. It holds everything that reads the device —
 * FingerprintJS, every signal's collect(), the device-id store — the sealing code, and the announcer
 * (announce.ts), which only ever speaks after a granted consent. Built as
 * dist/sdk/twofold-collector.mjs (this module) and dist/sdk/twofold-collector.js (collector-script.ts).
 */
import { prepareForSources } from '@fingerprintjs/fingerprintjs';
import type { SignalResult } from '../protocol/signals';
import type { SignalReport } from '../protocol/report';
import { sealReport } from '../protocol/seal-envelope';
import { createAnnouncer, type Announcer, type AnnouncerConfig } from './announce';
import { runSignals } from './collect';
import { proveDevice } from './device-proof';
import { type PageErrorClass, rethrowAs } from './page-error';
import type { BrowserSealOptions } from './seal';
import { rawPublicKey } from './seal-key';
import { COLLECTORS } from './signals/collectors';
import type { CollectContext } from './signals/types';
import { version } from './version';

/** What the collector gives the loader. */
export interface Collector {
  /** The SDK version the collector was built as; the loader refuses a collector from another build. */
  version: string;
  /** Runs the registry's signals with these ids (registry order), each within its budget; never rejects. */
  collectSignals(ids: readonly string[], ctx: CollectContext): Promise<Record<string, SignalResult>>;
  /**
   * Seals a report to the site key (base64url raw point or P-256 JWK; sdk/protocol/seal-envelope.ts);
   * a Twofold error reaches the loader as its own TwofoldError (`pageError`, page-error.ts).
   */
  sealReport(report: SignalReport, options: BrowserSealOptions & { pageError: PageErrorClass }): Promise<string>;
  /** The announcer of one SDK instance (announce.ts): the loader relays its announcement calls to it. */
  createAnnouncer(config: AnnouncerConfig): Announcer;
}

export const collector: Collector = {
  version,
  // Collection starts when the page is next idle (at most 100 ms: FingerprintJS' own wait before its
  // sources, which `FingerprintJS.load()` does too), so the consent click's own work finishes first.
  // Waited for here, once, before any signal starts, not by the visitor-id signal after the others
  // started: their start-up tasks (one per signal) kept the page busy, and so delayed FingerprintJS'
  // sources by ~30-50 ms on a cold page, when they can run in the gaps of those sources instead.
  collectSignals: async (ids, ctx) => {
    await prepareForSources();
    return runSignals(
      COLLECTORS.filter((s) => ids.includes(s.id)),
      ctx,
    );
  },
  // Every report the collector seals carries the device proof (device-proof.ts; consent-checked there).
  sealReport: async (report, { pageError, ...options }) => {
    try {
      return await sealReport(report, { ...options, publicKey: rawPublicKey(options.publicKey), prove: (binding) => proveDevice(report, binding) });
    } catch (error) {
      rethrowAs(pageError, error);
    }
  },
  createAnnouncer,
};
