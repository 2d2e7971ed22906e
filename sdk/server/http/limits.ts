/**
 * Rate limits on the Twofold endpoints, counted in the store so every instance shares them
 * (fixed windows: GuardStore.hitRateLimit). Per client IP (IPv6 by /64, which one subscriber
 * usually holds) on every endpoint, per account on assess and per rights token on the rights
 * endpoints (TOTP verification: per account by the verifier's backoff and lockout). The site's own server (valid API key) is not limited per
 * IP: all its calls come from one address; its accounts still are. Over the limit → 429 with
 * Retry-After and `{ error: { code: 'rate_limited', … } }`, never a 5xx.
 *
 * What reaches the store is bounded, whatever the client varies (addresses, accounts, tokens):
 * - each instance absorbs a key's first limit/8 hits of a window in memory, and only a key that
 *   goes past them gets a row (its hits so far written at once), so a flood from many addresses
 *   with a few requests each writes nothing, and rows per window are at most requests ÷ (limit/8);
 *   the price: with K instances a client may get limit + (K − 1)·limit/8 requests per window;
 * - a key over its limit is remembered by the instance until its window ends: no further writes;
 * - keys are hashed to a fixed 22 characters; windows are purged (at most once a minute per
 *   instance) as soon as they end, and the in-memory maps are capped.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';
import { TwofoldError } from '../../protocol/errors';
import type { GuardStore } from '../store/types';

/** At most `limit` requests per `windowMs`. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** The endpoint groups limits apply to. */
export type LimitedRoute = 'nonce' | 'assess' | 'record' | 'rights' | 'totp';

/** Every limit; the defaults are stated in the README ("Holding up"). */
export interface RequestLimits {
  perIp: Record<LimitedRoute, RateLimit>;
  /**
   * Per account (assess) or per rights token (rights). TOTP verification is limited per account by
   * the verifier itself (backoff, then lockout: sdk/server/totp-verifier.ts).
   */
  perAccount: Record<'assess' | 'rights', RateLimit>;
}

const MINUTE = 60_000;
/** Keys one instance counts in memory before they reach the store (about 6 MB at most). */
const MAX_LOCAL_KEYS = 50_000;
/** Local counts older than this are dropped by the periodic sweep (longer than any sane window). */
const MAX_WINDOW_MS = 60 * MINUTE;

/** The defaults: generous for people (a login is a few requests), tight for scripts. */
export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  perIp: {
    nonce: { limit: 120, windowMs: MINUTE },
    assess: { limit: 60, windowMs: MINUTE },
    record: { limit: 60, windowMs: MINUTE },
    rights: { limit: 30, windowMs: MINUTE },
    totp: { limit: 30, windowMs: MINUTE },
  },
  perAccount: {
    assess: { limit: 30, windowMs: MINUTE },
    rights: { limit: 20, windowMs: MINUTE },
  },
};

/** `false` turns limits off (tests, benchmarks); otherwise overrides of the defaults, per route. */
export type RequestLimitsOption = false | { perIp?: Partial<RequestLimits['perIp']>; perAccount?: Partial<RequestLimits['perAccount']> };

/** A request refused for its rate: HTTP 429 with Retry-After. */
export class RateLimitedError extends TwofoldError {
  readonly retryAfterMs: number;
  constructor(what: string, retryAfterMs: number) {
    super('rate_limited', `Too many ${what}; try again in ${Math.ceil(retryAfterMs / 1000)} s.`, { status: 429 });
    this.name = 'RateLimitedError';
    this.retryAfterMs = retryAfterMs;
  }
}

/** The Retry-After header (whole seconds) for an error that says when to come back, else none. */
export function retryAfterHeader(error: unknown): Record<string, string> {
  const ms = error instanceof TwofoldError ? (error as { retryAfterMs?: unknown }).retryAfterMs : undefined;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? { 'retry-after': String(Math.ceil(ms / 1000)) } : {};
}

/** What the limiter needs from the request handling it guards. */
export interface RequestLimiterOptions {
  store: Pick<GuardStore, 'hitRateLimit' | 'purgeGuards'>;
  limits?: RequestLimitsOption | undefined;
  /** Mount path of the Twofold endpoints (default `/twofold`). */
  basePath?: string;
  /** The client IP as the handler resolves it (trusted proxies applied). */
  ipOf(req: IncomingMessage): string;
  /** True for the site's own server (a valid API key): not limited per IP. */
  isSite(req: IncomingMessage): boolean;
  now?: () => number;
}

/** The limiter the handler calls at route entry (per IP) and once it knows the account. */
export interface RequestLimiter {
  /** Per-IP limit of the endpoint at `path` (and per rights token for a bearer on a rights endpoint). */
  request(req: IncomingMessage, path: string): Promise<void>;
  /** Per-account limit (`assess`) or per rights token (`rights`). */
  account(route: 'assess' | 'rights', account: string): Promise<void>;
}

/** An IPv6 address's /64 (the unit one subscriber holds), an IPv4 address as is. */
export function ipKey(ip: string): string {
  if (!isIPv6(ip)) return ip.slice(0, 64);
  const [head = '', tail] = ip.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

const hashed = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 22);

/** Creates the limiter; with `limits: false` every check passes without touching the store. */
export function createRequestLimiter(options: RequestLimiterOptions): RequestLimiter {
  const off = options.limits === false;
  const overrides = options.limits === false ? {} : (options.limits ?? {});
  const limits: RequestLimits = {
    perIp: { ...DEFAULT_REQUEST_LIMITS.perIp, ...overrides.perIp },
    perAccount: { ...DEFAULT_REQUEST_LIMITS.perAccount, ...overrides.perAccount },
  };
  const base = (options.basePath ?? '/twofold').replace(/\/$/, '');
  const clock = options.now ?? Date.now;
  /** Keys over their limit on this instance, with the end of their window. */
  const blocked = new Map<string, number>();
  /** Hits this instance absorbed per key in the key's current window (not yet in the store). */
  const local = new Map<string, { windowStart: number; hits: number; shared: boolean }>();
  let nextPurge = 0;

  const deriveRoute = (path: string): LimitedRoute | undefined => {
    if (!path.startsWith(`${base}/`)) return undefined;
    const rest = path.slice(base.length + 1);
    if (rest === 'nonce' || rest === 'assess' || rest === 'record') return rest;
    if (rest.startsWith('rights/')) return 'rights';
    if (rest.startsWith('totp/')) return 'totp';
    return undefined;
  };
  // The handler passes only the paths of its own routes (a dozen), so each is derived once.
  const routes = new Map<string, LimitedRoute | undefined>();
  const routeOf = (path: string): LimitedRoute | undefined => {
    if (routes.has(path)) return routes.get(path);
    const route = deriveRoute(path);
    if (routes.size < 64) routes.set(path, route);
    return route;
  };

  async function hit(key: string, limit: RateLimit, what: string): Promise<void> {
    const now = clock();
    const until = blocked.get(key);
    if (until !== undefined) {
      if (until > now) throw new RateLimitedError(what, until - now);
      blocked.delete(key);
    }
    if (now >= nextPurge) {
      nextPurge = now + MINUTE;
      for (const [k, end] of blocked) if (end <= now) blocked.delete(k);
      for (const [k, entry] of local) if (entry.windowStart + MAX_WINDOW_MS <= now) local.delete(k);
      // Ended windows go at once; a failure here must not fail the request it rides on.
      options.store.purgeGuards(now).catch(() => undefined);
    }
    const windowStart = now - (now % limit.windowMs);
    let entry = local.get(key);
    if (!entry || entry.windowStart !== windowStart) {
      // Capped: the oldest entry goes first (its key restarts from zero; it had at most limit/8 hits).
      if (!entry && local.size >= MAX_LOCAL_KEYS) local.delete(local.keys().next().value!);
      entry = { windowStart, hits: 0, shared: false };
      local.set(key, entry);
    }
    entry.hits += 1;
    if (!entry.shared && entry.hits <= Math.max(1, Math.floor(limit.limit / 8))) return;
    // Marked shared before the write: requests racing this one add 1 each, not the absorbed hits again.
    const hits = entry.shared ? 1 : entry.hits;
    entry.shared = true;
    const count = await options.store.hitRateLimit(key, limit.windowMs, now, hits);
    if (count <= limit.limit) return;
    const end = now - (now % limit.windowMs) + limit.windowMs;
    if (blocked.size < 100_000) blocked.set(key, end);
    throw new RateLimitedError(what, end - now);
  }

  return {
    async request(req, path) {
      if (off) return;
      const route = routeOf(path);
      if (route === undefined) return;
      if (!options.isSite(req)) await hit(`${route}/ip/${hashed(ipKey(options.ipOf(req)))}`, limits.perIp[route], `${route} requests from this address`);
      const authorization = req.headers['authorization'];
      const bearer = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] : undefined;
      if (route === 'rights' && bearer) await hit(`rights/acct/${hashed(bearer)}`, limits.perAccount.rights, 'requests with this rights token');
    },
    async account(route, account) {
      if (off) return;
      await hit(
        `${route}/acct/${hashed(account)}`,
        limits.perAccount[route],
        route === 'rights' ? 'requests with this rights token' : `${route} requests for this account`,
      );
    },
  };
}
