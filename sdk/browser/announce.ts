/**
 * The collector's side of the announcement protocol (docs/announce-protocol.md): builds and dispatches
 * the announcements that tell the Twofold extension, through DOM events on `document`, which site
 * collected which signals under which receipt. It lives in the collector, fetched only after consent,
 * because it only ever speaks after a granted consent; the loader keeps what must work before the
 * collector arrives (announce-relay.ts: the event listeners, the rights-token checks) and replays to
 * this announcer, in order, what happened while it loaded. Each call carries the consent as it was
 * when the loader made it, so a replayed call announces exactly what it would have announced then.
 * Event details are JSON strings because objects do not cross from the page to a content script's
 * isolated world (Chromium: detail reads as null; Firefox: Xray wrappers hide page objects).
 */
import { ANNOUNCE_EVENT, ANNOUNCEMENT_VERSION } from '../protocol/announce-events';
import type { Announcement } from '../protocol/announce';
import type { ConsentReceipt, Controller } from '../protocol/receipt';
import type { SignalReport } from '../protocol/report';
import type { ConsentState } from './consent/controller';
import { version } from './version';

/** What the announcer needs from the SDK instance. */
export interface AnnouncerConfig {
  site: string;
  controller?: Controller;
  /** Where announcements are dispatched; `document` on pages. */
  target?: EventTarget;
}

/** The SDK instance's consent at the moment of a call (a replayed call keeps the moment it was made). */
export interface ConsentSnapshot {
  readonly state: ConsentState;
  readonly receipt: ConsentReceipt | null;
}

/** The announcer of one SDK instance (created by the collector, driven by the loader's relay). */
export interface Announcer {
  /** A `twofold:request` arrived: answers with the current announcement, if there is one. */
  requested(consent: ConsentSnapshot): void;
  /** After each consented collection: remembers what was collected and announces it. */
  collected(consent: ConsentSnapshot, report: SignalReport): void;
  /** On every consent change: a withdrawal is announced once. */
  consentChanged(consent: ConsentSnapshot): void;
  /** `tf.setRightsToken` (already checked by the loader): holds the token (and receipt signature) in memory and re-announces. */
  setRightsToken(consent: ConsentSnapshot, token: string, signature?: string): void;
}

/** The announcer of one SDK instance; see Announcer. */
export function createAnnouncer(config: AnnouncerConfig): Announcer {
  const target = config.target ?? document;
  let collectedAt: string | null = null;
  let collectedIds: string[] | null = null;
  let rights: { rightsToken?: string; receiptSignature?: string } = {};
  /** The withdrawal announcement of this page, once consent was withdrawn here (answered to later requests too). */
  let withdrawal: string | null = null;

  const dispatch = (detail: string | null) => detail && target.dispatchEvent(new CustomEvent(ANNOUNCE_EVENT, { detail }));

  function payload(receipt: ConsentReceipt, consent: Announcement['consent'], withdrawnAt?: string): string {
    // JSON.stringify leaves out undefined fields: without a controller, a policy URL or a
    // withdrawal, the announcement has no such key at all.
    return JSON.stringify({
      v: ANNOUNCEMENT_VERSION,
      site: config.site,
      origin: receipt.origin,
      controller: config.controller,
      policyUrl: receipt.policyUrl || undefined,
      // The receipt lists exactly the signals this instance asks for (a stored receipt is reused
      // only for the same list): all of them, or after a collection the ones collected.
      signals: receipt.signals.filter((s) => !collectedIds || collectedIds.includes(s.id)).map(({ id, category }) => ({ id, category })),
      receiptId: receipt.receiptId,
      receiptTime: receipt.timestamp,
      consent,
      collectedAt,
      withdrawnAt,
      ...rights,
      sdkVersion: version,
    } satisfies Announcement);
  }

  /** The current announcement, or null when there is nothing consented to announce on this page. */
  function current({ state, receipt }: ConsentSnapshot): string | null {
    // Only after this page collected (or the site handed over its rights token for this consent).
    return withdrawal ?? (state === 'granted' && receipt && (collectedAt !== null || rights.rightsToken !== undefined) ? payload(receipt, 'granted') : null);
  }

  return {
    requested: (consent) => dispatch(current(consent)),
    collected(consent, report) {
      collectedAt = report.collectedAt;
      collectedIds = Object.keys(report.signals);
      withdrawal = null;
      dispatch(current(consent));
    },
    consentChanged({ state, receipt }) {
      const last = receipt?.events[receipt.events.length - 1];
      if (state === 'granted') withdrawal = null;
      else if (state === 'denied' && receipt && last?.state === 'withdrawn' && !withdrawal) {
        withdrawal = payload(receipt, 'withdrawn', last.at);
        // The device id and receipt are wiped; a token for them must not outlive the consent on this page.
        rights = {};
        collectedAt = collectedIds = null;
        dispatch(withdrawal);
      }
    },
    setRightsToken(consent, token, signature) {
      // Consent was withdrawn on this page: the token's device data is being erased; hold nothing.
      if (withdrawal) return;
      rights = { rightsToken: token, ...(signature !== undefined ? { receiptSignature: signature } : {}) };
      dispatch(current(consent));
    },
  };
}
