/**
 * A token bucket as one number, the time it is full again (GCRA's "virtual scheduling" form): a
 * take moves that time one interval on, and a take that would put it more than a burst ahead of the
 * clock is refused. The one bucket of the content script's per-frame ask budget
 * (content/ask-budget.ts) and the background's per-tab budget (background/tab-budget.ts); pure, so
 * each keeps its numbers its own way. A few lines in content.js, which every frame loads.
 */

/** Takes a bucket allows at once (`burst`) and how fast it refills (`perSecond`). */
export interface BucketRate {
  readonly burst: number;
  readonly perSecond: number;
}

/** One take at `now` (ms) from the bucket full again at `fullAt` (-Infinity: never taken from); the caller keeps the new `fullAt` either way. */
export function takeToken(fullAt: number, now: number, rate: BucketRate): { allowed: boolean; fullAt: number } {
  const interval = 1000 / rate.perSecond;
  // A wall clock stepped back leaves `fullAt` far ahead: count the bucket as just emptied, not locked for hours.
  const full = Math.min(fullAt, now + rate.burst * interval);
  if (full - now > (rate.burst - 1) * interval) return { allowed: false, fullAt: full };
  return { allowed: true, fullAt: Math.max(full, now) + interval };
}
