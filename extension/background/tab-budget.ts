/**
 * The background's per-tab budget for content-tier vault reads (defence in depth behind
 * content/ask-budget.ts, which bounds each frame). The background is one worker for every tab, and
 * each of these messages decrypts vault records: without a bound, one tab's flood (a page looping
 * focus()/blur() over many frames, or our own content script misbehaving) delays every other tab.
 *   - Per tab and site, never per frame: a page cannot buy more budget by adding frames. The tab's
 *     top frame has a bucket of its own; its other frames spend the bucket of their frame's site
 *     (registrable domain, ICANN suffixes only), so a site's own sign-in frame (bank.example embedding
 *     login.bankauth.example) keeps answering while an ad's frames (ads.evil.example, 50 of them)
 *     drain theirs, and a top frame's flood cannot spend its frames' buckets, nor theirs its.
 *   - Lanes cannot be minted: subdomains share their site's bucket, and so do private suffixes
 *     (x.github.io and y.github.io: free to create, so not a site here); every IPv6 host shares one
 *     (a /64 holds 2^64 of them); a frame with no web URL (about:blank, srcdoc, data:, none) shares
 *     the "opaque" one. A tab holds at most MAX_SITE_LANES_PER_TAB site buckets; frames of further
 *     sites share one overflow bucket. A site bucket that is full again (idle) is handed to the next
 *     new site, so sites that asked once long ago do not keep a later sign-in frame in the overflow;
 *     a full bucket swapped for a full one adds nothing. Bound, per tab and kind: top + K sites +
 *     overflow ⇒ at most (K + 2) × burst at once and (K + 2) × perSecond after (asks: 300, then 50/s).
 *     What it does not stop: a page keeping K site buckets busy at once (K sites of its own, each asking
 *     at the refill rate) before a new site's frame first asks puts that frame in the overflow it floods.
 *   - Two kinds: asks (otp.suggest, otp.openBindWindow, site.accounts) and codes (otp.code, only after
 *     a real click), so a tab's flood of asks cannot also refuse the fill its user clicked for.
 *   - Over budget is a typed refusal (`rate_limited`), never a crash; other tabs and the UI tier
 *     have their own budget or none.
 * Each bucket is one number, the time it is full again (token-bucket.ts, the content script's too).
 * The numbers live in memory for the worker's lifetime: a worker evicted (idle) starts every tab
 * with a full budget, which is the state an idle tab would have reached anyway. Memory is bounded:
 * MAX_TRACKED_TABS tabs × (K + 2) buckets per kind.
 */
import { parse } from 'tldts';
import { TwofoldError } from '../../sdk/protocol/errors';
import { takeToken, type BucketRate } from '../token-bucket';

/** Which budget of a tab a message spends. */
export type TabBudgetLane = 'ask' | 'code';

/** Per bucket: well above what one frame's script sends (content/ask-budget.ts: 4 at once, then 1/s). */
export const TAB_ASK_RATE: BucketRate = { burst: 30, perSecond: 5 };
/** Per bucket: codes follow real clicks, a few a minute at most. */
export const TAB_CODE_RATE: BucketRate = { burst: 10, perSecond: 1 };
/** Most tabs tracked per lane; beyond it the tab that spent least recently is forgotten (its buckets restart full). */
export const MAX_TRACKED_TABS = 512;
/** Most site buckets a tab's frames get per lane (a sign-in frame and a few widgets fit); further sites share the overflow bucket. */
export const MAX_SITE_LANES_PER_TAB = 8;
/**
 * The site key of frames with no web URL (about:blank, about:srcdoc, data:, blob:, none). This and
 * IPV6_FRAME_SITE start with a colon, which no http(s) host name has outside IPv6 brackets: a frame on
 * an intranet host named `opaque` or `ipv6` gets its own bucket, never these shared ones.
 */
export const OPAQUE_FRAME_SITE = ':opaque';
/** The one site key of every IPv6 host (a /64 holds 2^64 of them). */
export const IPV6_FRAME_SITE = ':ipv6';

/**
 * Where a content-tier message came from (runtime.MessageSender's tab id, frame id and the frame's
 * URL: `url` is set in Chromium and Firefox alike, `origin` in Chromium only, so the site comes from `url`).
 */
export interface BudgetSender {
  tab?: { id?: number };
  frameId?: number;
  url?: string;
}

/** Spends one message of a tab's budget, or refuses it. */
export interface TabBudget {
  /** Throws `rate_limited` when the sender's bucket in its tab's `lane` is spent (the top frame's, its frame site's, or the overflow). */
  spend(sender: BudgetSender, lane: TabBudgetLane): void;
}

/** A tab budget that also says how many buckets it holds (memory; for tests). */
export interface CountedTabBudget extends TabBudget {
  /** Buckets held across tracked tabs, for `lane`: at most MAX_TRACKED_TABS × (MAX_SITE_LANES_PER_TAB + 2). */
  trackedBuckets(lane: TabBudgetLane): number;
}

/**
 * The site whose bucket a subframe spends: its registrable domain (ICANN suffixes only), an IPv4
 * address or single-label host as is, one key for every IPv6 host, OPAQUE_FRAME_SITE without a web URL.
 */
export function frameSite(url: string | undefined): string {
  let parsed: URL;
  try {
    parsed = new URL(url ?? '');
  } catch {
    return OPAQUE_FRAME_SITE;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return OPAQUE_FRAME_SITE;
  const host = parsed.hostname.replace(/\.$/, '');
  if (host.startsWith('[')) return IPV6_FRAME_SITE;
  // A host that is itself a suffix (intranet, localhost, co.uk) or an IPv4 address has no eTLD+1: it is its own site.
  return parse(host).domain ?? host;
}

/** One tab's buckets in one lane: each is the time it is full again (-Infinity: never spent). */
interface TabBuckets {
  top: number;
  overflow: number;
  /** Frame site → bucket; at most MAX_SITE_LANES_PER_TAB entries. */
  sites: Map<string, number>;
}

/** Where in a tab's buckets a sender spends. */
type BucketKey = { kind: 'top' } | { kind: 'overflow' } | { kind: 'site'; site: string };

/** The bucket a subframe of `site` spends: its own, a new one, an idle one handed over, or the overflow. */
function siteBucket(tab: TabBuckets, site: string, now: number): BucketKey {
  if (tab.sites.has(site) || tab.sites.size < MAX_SITE_LANES_PER_TAB) return { kind: 'site', site };
  for (const [other, fullAt] of tab.sites) {
    if (fullAt <= now) {
      // Full again: its site loses nothing it had not already got back, and the new site's full bucket adds nothing to the tab's bound.
      tab.sites.delete(other);
      return { kind: 'site', site };
    }
  }
  return { kind: 'overflow' };
}

/** A budget over clock `now` (milliseconds; a wall clock may step back, which refills nothing). */
export function tabBudget(now: () => number): CountedTabBudget {
  // Per lane: tab id → its buckets, least recently spent tab first.
  const lanes: Record<TabBudgetLane, Map<number, TabBuckets>> = { ask: new Map(), code: new Map() };
  return {
    spend(sender, lane) {
      const tabs = lanes[lane];
      const at = now();
      // Content-tier senders always carry a tab (router.ts); one without an id shares a single entry.
      const tabId = sender.tab?.id ?? -1;
      const tab = tabs.get(tabId) ?? { top: -Infinity, overflow: -Infinity, sites: new Map() };
      tabs.delete(tabId); // re-inserted last: the map's first entry is the tab that spent least recently
      if (tabs.size >= MAX_TRACKED_TABS) tabs.delete(tabs.keys().next().value as number);
      tabs.set(tabId, tab);
      // frameId 0 is the tab's top frame (runtime.MessageSender); any other, or none, is one of its frames.
      const key: BucketKey = sender.frameId === 0 ? { kind: 'top' } : siteBucket(tab, frameSite(sender.url), at);
      const fullAt = key.kind === 'site' ? (tab.sites.get(key.site) ?? -Infinity) : tab[key.kind];
      const take = takeToken(fullAt, at, lane === 'ask' ? TAB_ASK_RATE : TAB_CODE_RATE);
      if (key.kind === 'site') tab.sites.set(key.site, take.fullAt);
      else tab[key.kind] = take.fullAt;
      if (!take.allowed) {
        throw new TwofoldError('rate_limited', 'This page asked Twofold too often; wait a second and focus the code field again.', { status: 429 });
      }
    },
    trackedBuckets(lane) {
      let count = 0;
      for (const tab of lanes[lane].values()) count += 2 + tab.sites.size;
      return count;
    },
  };
}
