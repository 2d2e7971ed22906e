/**
 * Verifying an announcement (ledger source 1): the background fetches the sender origin's own
 * `/.well-known/twofold.json` and accepts the announcement as verified only when the site-signed
 * receipt (`rc1.`, sdk/protocol/rights.ts) verifies with the key published there, the published
 * site is the one announced, and the signature covers the sender's real origin and this receipt.
 * Anything else leaves the entry recorded under its own origin, unverified, with the reason.
 */
import * as v from 'valibot';
import type { Announcement } from '../../../sdk/protocol/announce';
import { WELL_KNOWN_PATH, WellKnownSchema, rightsTokenHash, verifySignedReceipt, type WellKnown } from '../../../sdk/protocol/rights';
import type { Verification } from '../../ledger-view';

/** The subset of `fetch` the ledger uses (the real one in the browser; tests pass the real one too). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Largest well-known document read (bytes); a real one is about 1 KB. */
const MAX_WELL_KNOWN_CHARS = 64 * 1024;
/** How long a site gets to answer. */
export const FETCH_TIMEOUT_MS = 5000;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for https URLs, and for http on loopback (local development and tests only). */
export function isTrustedTransport(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname));
  } catch {
    return false;
  }
}

/** The well-known URL of an origin, or null when its transport cannot be trusted for keys. */
export function wellKnownUrl(origin: string): string | null {
  return isTrustedTransport(origin) ? new URL(WELL_KNOWN_PATH, origin).href : null;
}

/** Fetches and validates `<origin>/.well-known/twofold.json`; a reason string when that fails. */
export async function fetchWellKnown(
  origin: string,
  fetchFn: FetchLike,
): Promise<WellKnown | 'insecure-origin' | 'well-known-unreachable' | 'well-known-invalid'> {
  const url = wellKnownUrl(origin);
  if (!url) return 'insecure-origin';
  let text: string;
  try {
    // No cookies, no redirects (a redirect could hand us another origin's key), bounded in time.
    const response = await fetchFn(url, { credentials: 'omit', redirect: 'error', cache: 'no-store', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok) return 'well-known-unreachable';
    text = await response.text();
  } catch {
    return 'well-known-unreachable';
  }
  if (text.length > MAX_WELL_KNOWN_CHARS) return 'well-known-invalid';
  try {
    const parsed = v.safeParse(WellKnownSchema, JSON.parse(text));
    return parsed.success ? parsed.output : 'well-known-invalid';
  } catch {
    return 'well-known-invalid';
  }
}

/** What verification learned: the verdict and, when verified, the signal ids the site signed. */
export interface VerificationOutcome {
  verification: Verification;
  signedSignals?: string[];
  /**
   * True only when verified AND the signed receipt's `rth` is `rightsTokenHash(a.rightsToken)`:
   * the site itself handed out this token with this receipt.
   */
  tokenCovered?: boolean;
}

/** Checks announcement `a`, sent from the page at `origin` (the sender's real origin), against its site. */
export async function verifyAnnouncement(a: Announcement, origin: string, fetchFn: FetchLike, now: number): Promise<VerificationOutcome> {
  const fail = (reason: Verification['reason'], extra: Partial<Verification> = {}): VerificationOutcome => ({
    verification: { verified: false, reason, checkedAt: now, ...extra },
  });
  if (!a.receiptSignature) return fail('no-signature');
  const wellKnown = await fetchWellKnown(origin, fetchFn);
  if (typeof wellKnown === 'string') return fail(wellKnown);
  const published: Partial<Verification> = {
    publishedSite: wellKnown.site,
    retentionDays: wellKnown.retentionDays,
    ...(isTrustedTransport(wellKnown.rightsEndpoint) ? { rightsEndpoint: wellKnown.rightsEndpoint.replace(/\/$/, '') } : {}),
    ...(wellKnown.processors ? { processors: wellKnown.processors } : {}),
    ...(wellKnown.controller ? { controller: wellKnown.controller } : {}),
  };
  if (wellKnown.site !== a.site) return fail('site-mismatch', published);
  const claims = await verifySignedReceipt(a.receiptSignature, wellKnown.receiptSigningKey);
  if (!claims || claims.receiptId !== a.receiptId) return fail('bad-signature', published);
  if (claims.site !== wellKnown.site) return fail('site-mismatch', published);
  // The signature must be about this very origin: a copied receipt from another site fails here.
  if (claims.origin !== origin || a.origin !== origin) return fail('origin-mismatch', published);
  const tokenCovered = a.rightsToken !== undefined && claims.rth !== undefined && claims.rth === (await rightsTokenHash(a.rightsToken));
  return { verification: { verified: true, reason: 'verified', checkedAt: now, ...published }, signedSignals: [...claims.signals].sort(), tokenCovered };
}
