/**
 * The loader's side of the announcement protocol (docs/announce-protocol.md). Announcements are built
 * and dispatched by the collector (announce.ts), which the loader requests the moment consent is
 * granted, and every announcement follows a granted consent; so the loader carries only what must
 * exist before the collector arrives: the `twofold:request` and `twofold:withdraw` listeners, the
 * checks of `tf.setRightsToken` (its ValidationError is thrown at the call), and a queue. What happens
 * while the collector loads (a request, a consent change, a rights token) is held, with the consent as
 * it was then, and replayed to the collector's announcer in order when it arrives. Before consent and
 * after a refusal the listeners only look at the SDK's in-memory state: no storage, no fingerprinting
 * surface, and the collector is not requested for them.
 */
import { ANNOUNCE_REQUEST_EVENT, MAX_TOKEN_LENGTH, WITHDRAW_EVENT } from '../protocol/announce-events';
import { ValidationError } from '../protocol/errors';
import type { Announcer } from './announce';
import type { ConsentController } from './consent/controller';

/** The loader's relay of one SDK instance to its announcer in the collector. */
export interface AnnouncementRelay {
  /** Runs `call` on the announcer with the consent as it is now: at once, or when the collector arrives. */
  relay(call: (announcer: Announcer, consent: Pick<ConsentController, 'state' | 'receipt'>) => void): void;
  /** The collector arrived with this instance's announcer: replays what was held, in order. */
  arrived(announcer: Announcer): void;
  /** `tf.setRightsToken`: checks the token and signature here, then relays them. */
  setRightsToken(token: string, signature?: string): void;
}

function checkToken(name: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_TOKEN_LENGTH) {
    throw new ValidationError('tf.setRightsToken', [
      `${name}: expected the non-empty string (at most ${MAX_TOKEN_LENGTH} characters) your server returned from POST /twofold/record`,
    ]);
  }
}

/** Starts listening for `twofold:request` and `twofold:withdraw` on `target` for this consent controller. */
export function relayAnnouncements(consent: ConsentController, target: EventTarget): AnnouncementRelay {
  let announcer: Announcer | undefined;
  const held: ((announcer: Announcer) => void)[] = [];
  /** The last call held is a request: more requests in a row would each get the same answer, so one is kept. */
  let requestHeld = false;
  const relay: AnnouncementRelay['relay'] = (call) => {
    const now = { state: consent.state, receipt: consent.receipt };
    if (announcer) call(announcer, now);
    else held.push((a) => call(a, now));
  };
  consent.onChange((state, receipt) => {
    requestHeld = false;
    relay((a) => a.consentChanged({ state, receipt }));
  });
  target.addEventListener(ANNOUNCE_REQUEST_EVENT, () => {
    if (!announcer && requestHeld) return;
    requestHeld = true;
    relay((a, now) => a.requested(now));
  });
  target.addEventListener(WITHDRAW_EVENT, () => {
    // Only a live consent can be withdrawn; pending or refused consent has nothing stored to wipe
    // (and reading storage to check would break the zero-touch rule).
    if (consent.state === 'granted') consent.revoke().catch(() => {});
  });
  return {
    relay,
    arrived(a) {
      // Taken in order; a call made during the replay (a page listener reacting to an announcement)
      // joins the end of the queue rather than overtaking the calls still held.
      while (held.length > 0) held.shift()!(a);
      announcer = a;
    },
    setRightsToken(token, signature) {
      checkToken('token', token);
      if (signature !== undefined) checkToken('signature', signature);
      requestHeld = false;
      relay((a, now) => a.setRightsToken(now, token, signature));
    },
  };
}
