/**
 * What a page can make this frame ask the background (otp.suggest) by moving focus. A hostile page
 * can run a real focus()/blur() loop on a code field (or on many), and the background is one worker
 * shared by every tab: unbounded, one tab's loop delays the user's fills everywhere else.
 *   - One ask in flight per frame: a focus while one is pending waits for that answer.
 *   - An answer is reused for ANSWER_TTL_MS when the same target (keyed by its first input) is
 *     focused again; `invalidate()` drops it (the background said something changed), and a DOM
 *     change that replaces the target changes the key. Only answers the caller calls reusable are
 *     kept (a locked vault's must not outlive the unlock).
 *   - A token bucket: ASK_BURST asks at once, then ASK_PER_SECOND; beyond it a focus asks nothing
 *     until the bucket refills. A person tabbing between fields or refocusing a code field stays
 *     far below it (and mostly hits the reused answer).
 * Asks the background itself caused (the fill shortcut, a new binding: the user's gestures, which a
 * page cannot forge) skip the bucket but still join the pending ask. The background bounds each tab
 * again (background/tab-budget.ts), in case this frame's script misbehaves.
 */
import { takeToken, type BucketRate } from '../token-bucket';

/** Asks a frame may make at once, before the refill rate applies. */
export const ASK_BURST = 4;
/** Asks per second a frame regains once its burst is spent. */
export const ASK_PER_SECOND = 1;
const ASK_RATE: BucketRate = { burst: ASK_BURST, perSecond: ASK_PER_SECOND };
/** How long an answer serves repeated focuses of the same target. */
export const ANSWER_TTL_MS = 2000;

/** The frame's gate in front of one kind of background ask. */
export interface AskBudget<A> {
  /** The answer for the target `key`: reused, the pending ask's, or a new ask; null when over budget (ask nothing). */
  answer(key: object, trusted?: boolean): Promise<A> | null;
  /** Forgets the reused answer and the pending ask: the next `answer` asks afresh. */
  invalidate(): void;
}

/** A gate over `send`; `reusable` says which answers may serve later focuses. */
export function askBudget<A>(send: () => Promise<A>, reusable: (answer: A) => boolean, now: () => number = () => performance.now()): AskBudget<A> {
  // The token bucket: when it is full again (token-bucket.ts, the background's per-tab budget's too).
  let full = -Infinity;
  // The latest ask and its target; `until` is 0 while it is in flight, then the time its answer
  // stops serving (-1: never). invalidate() drops it: an answer still in flight then serves its
  // callers and nobody after.
  let latest: Promise<A> | null = null;
  let latestKey: object | null = null;
  let until = 0;
  return {
    answer(key, trusted) {
      if (latest && (!until || (key === latestKey && now() < until))) return latest;
      if (!trusted) {
        const take = takeToken(full, now(), ASK_RATE);
        full = take.fullAt;
        if (!take.allowed) return null;
      }
      const asked = send();
      [latest, latestKey, until] = [asked, key, 0];
      asked
        .then(reusable, () => false)
        .then((keep) => {
          if (latest === asked) until = keep ? now() + ANSWER_TTL_MS : -1;
        });
      return asked;
    },
    invalidate() {
      latest = null;
    },
  };
}
