/**
 * The SDK's side of the announcement protocol (docs/announce-protocol.md): after a consented
 * collection it tells the Twofold extension, through DOM events on `document`, which site collected
 * which signals under which receipt. Before consent and after a refusal it says nothing (and reads
 * nothing: the listeners only look at the SDK's own in-memory state). Event details are JSON
 * strings because objects do not cross from the page to a content script's isolated world
 * (Chromium: detail reads as null; Firefox: Xray wrappers hide page objects).
 */
import { ANNOUNCE_EVENT, ANNOUNCE_REQUEST_EVENT, ANNOUNCEMENT_VERSION, MAX_TOKEN_LENGTH, WITHDRAW_EVENT } from '../protocol/announce-events';
import type { Announcement } from '../protocol/announce';
import { ValidationError } from '../protocol/errors';
import type { ConsentReceipt, Controller } from '../protocol/receipt';
import type { SignalReport } from '../protocol/report';
import type { ConsentState } from './consent/controller';

/** What the announcer needs from the SDK instance; consent is read live on every event. */
export interface AnnouncerConfig {
  site: string;
  controller?: Controller;
  sdkVersion: string;
  consent: { readonly state: ConsentState; readonly receipt: ConsentReceipt | null; revoke(): Promise<void> };
  /** Where events are listened for and dispatched; `document` on pages. */
  target?: EventTarget;
}

/** The announcer of one SDK instance. */
export interface Announcer {
  /** Call after each consented collection: remembers what was collected and announces it. */
  collected(report: SignalReport): void;
  /** Call on every consent change: a withdrawal is announced once. */
  consentChanged(state: ConsentState, receipt: ConsentReceipt | null): void;
  /** `tf.setRightsToken`: holds the site-issued token (and receipt signature) in memory and re-announces. */
  setRightsToken(token: string, signature?: string): void;
}

function checkToken(name: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_TOKEN_LENGTH) {
    throw new ValidationError('tf.setRightsToken', [
      `${name}: expected the non-empty string (at most ${MAX_TOKEN_LENGTH} characters) your server returned from POST /twofold/assess`,
    ]);
  }
}

/** Starts listening for `twofold:request` and `twofold:withdraw`; see Announcer. */
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
      sdkVersion: config.sdkVersion,
    } satisfies Announcement);
  }

  /** The current announcement, or null when there is nothing consented to announce on this page. */
  function current(): string | null {
    const { state, receipt } = config.consent;
    // Only after this page collected (or the site handed over its rights token for this consent).
    return withdrawal ?? (state === 'granted' && receipt && (collectedAt !== null || rights.rightsToken !== undefined) ? payload(receipt, 'granted') : null);
  }

  target.addEventListener(ANNOUNCE_REQUEST_EVENT, () => dispatch(current()));
  target.addEventListener(WITHDRAW_EVENT, () => {
    // Only a live consent can be withdrawn; pending or refused consent has nothing stored to wipe
    // (and reading storage to check would break the zero-touch rule).
    if (config.consent.state === 'granted') config.consent.revoke().catch(() => {});
  });

  return {
    collected(report) {
      collectedAt = report.collectedAt;
      collectedIds = Object.keys(report.signals);
      withdrawal = null;
      dispatch(current());
    },
    consentChanged(state, receipt) {
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
    setRightsToken(token, signature) {
      checkToken('token', token);
      if (signature !== undefined) checkToken('signature', signature);
      // Consent was withdrawn on this page: the token's device data is being erased; hold nothing.
      if (withdrawal) return;
      rights = { rightsToken: token, ...(signature !== undefined ? { receiptSignature: signature } : {}) };
      dispatch(current());
    },
  };
}
