/**
 * The background's per-tab budget for content-tier vault reads (defence in depth behind
 * content/ask-budget.ts, which bounds each frame). The background is one worker for every tab, and
 * each of these messages decrypts vault records: without a bound, one tab's flood (a page looping
 * focus()/blur() over many frames, or our own content script misbehaving) delays every other tab.
 *   - Per tab, never per frame: a page cannot buy more budget by adding frames. The tab's top frame
 *     has a budget of its own, and its frames share one: frames a site embeds (ads, widgets) cannot
 *     spend the budget of the site's own code field, and a top frame's flood cannot spend theirs.
 *   - Two lanes: asks (otp.suggest, otp.openBindWindow, site.accounts) and codes (otp.code, only after a real
 *     click), so a tab's flood of asks cannot also refuse the fill its user clicked for.
 *   - Over budget is a typed refusal (`rate_limited`), never a crash; other tabs and the UI tier
 *     have their own budget or none.
 * Each bucket is one number, the time it is full again (token-bucket.ts, the content script's too).
 * The numbers live in memory for the worker's lifetime: a worker evicted (idle) starts every tab
 * with a full budget, which is the state an idle tab would have reached anyway.
 */
import { TwofoldError } from '../../sdk/protocol/errors';
import { takeToken, type BucketRate } from '../token-bucket';

/** Which budget of a tab a message spends. */
export type TabBudgetLane = 'ask' | 'code';

/** Per tab: well above what one frame's script sends (content/ask-budget.ts: 4 at once, then 1/s). */
export const TAB_ASK_RATE: BucketRate = { burst: 30, perSecond: 5 };
/** Per tab: codes follow real clicks, a few a minute at most. */
export const TAB_CODE_RATE: BucketRate = { burst: 10, perSecond: 1 };
/** Most tabs tracked per lane; beyond it the tab that spent least recently is forgotten (its bucket restarts full). */
export const MAX_TRACKED_TABS = 512;

/** Where a content-tier message came from (runtime.MessageSender's tab id and frame id). */
export interface BudgetSender {
  tab?: { id?: number };
  frameId?: number;
}

/** Spends one message of a tab's budget, or refuses it. */
export interface TabBudget {
  /** Throws `rate_limited` when the sender's tab has spent its `lane` budget (the top frame's, or its frames'). */
  spend(sender: BudgetSender, lane: TabBudgetLane): void;
}

/** A budget over clock `now` (milliseconds; a wall clock may step back, which refills nothing). */
export function tabBudget(now: () => number): TabBudget {
  // Per lane: tab (top frame, or its frames) → when its bucket is full again, least recently spent first.
  const lanes: Record<TabBudgetLane, Map<string, number>> = { ask: new Map(), code: new Map() };
  return {
    spend(sender, lane) {
      const fullAt = lanes[lane];
      // Content-tier senders always carry a tab (router.ts); one without an id shares a single bucket.
      // frameId 0 is the tab's top frame (runtime.MessageSender); any other, or none, is one of its frames.
      const key = `${sender.tab?.id ?? -1}${sender.frameId === 0 ? '' : '/frames'}`;
      const take = takeToken(fullAt.get(key) ?? -Infinity, now(), lane === 'ask' ? TAB_ASK_RATE : TAB_CODE_RATE);
      fullAt.delete(key); // re-inserted last: the map's first entry is the tab that spent least recently
      if (fullAt.size >= MAX_TRACKED_TABS) fullAt.delete(fullAt.keys().next().value as string);
      fullAt.set(key, take.fullAt);
      if (!take.allowed) {
        throw new TwofoldError('rate_limited', 'This page asked Twofold too often; wait a second and focus the code field again.', { status: 429 });
      }
    },
  };
}
