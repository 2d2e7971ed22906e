/**
 * How an announcement changes a site's ledger entry (pure): first/last seen, consent state,
 * the rights token, and when the entry needs (re-)verification. The origin is always the sender's
 * real origin; nothing in the announcement can move it to another key.
 */
import type { Announcement } from '../../../sdk/protocol/announce';
import type { SignalCategory } from '../../../sdk/protocol/vocabulary';
import type { TwofoldSiteEntry, Verification } from '../../ledger-view';
import type { VerificationOutcome } from './verify';

/** An unverified entry is checked again at most this often (a page can re-announce at will). */
export const REVERIFY_AFTER_MS = 60_000;

/**
 * Whether a verified entry's verdict still covers `a`: the signature covers the site name and the
 * page origin, so the same receipt re-announced with another site or origin (any script on the
 * page can fire the event) must not inherit "verified".
 */
function verdictCovers(existing: TwofoldSiteEntry, a: Announcement): boolean {
  return !existing.verification.verified || (existing.site === a.site && existing.origin === a.origin);
}

/** Whether `a` offers a rights token the entry does not hold yet (new or changed). */
export function offersNewToken(existing: TwofoldSiteEntry | undefined, a: Announcement): boolean {
  return a.rightsToken !== undefined && a.rightsToken !== existing?.rightsToken;
}

/**
 * What happens to the rights token (pure). A new or changed token is accepted only inside a
 * receipt the site's key signed whose `rth` is the token's hash (`outcome.tokenCovered`, from a
 * fresh well-known fetch); anything else is refused. The same token again, or none, keeps the entry's.
 */
export function tokenVerdict(existing: TwofoldSiteEntry | undefined, a: Announcement, outcome?: VerificationOutcome): 'keep' | 'accept' | 'refuse' {
  if (!offersNewToken(existing, a)) return 'keep';
  return outcome?.verification.verified === true && outcome.tokenCovered === true ? 'accept' : 'refuse';
}

/** Whether `a` must be verified against the site before it is stored over `existing`. */
export function needsVerification(existing: TwofoldSiteEntry | undefined, a: Announcement, now: number): boolean {
  if (!a.receiptSignature) return false;
  if (!existing || existing.signedReceipt !== a.receiptSignature || !verdictCovers(existing, a)) return true;
  // A new token is taken only under a fresh signature check: "same verified receipt" proves nothing
  // about it. The same receipt that just failed is not fetched again before the pause (the token is refused).
  if (offersNewToken(existing, a) && existing.verification.verified) return true;
  return !existing.verification.verified && now - existing.verification.checkedAt >= REVERIFY_AFTER_MS;
}

/**
 * The entry after announcement `a` from `origin`. `outcome` is the fresh verification when one ran
 * (see needsVerification); otherwise the previous verdict stands for the same receipt, and a new
 * receipt without a signature is unverified. The rights token follows `tokenVerdict`: a refused one
 * is never stored (the caller refuses the whole announcement when an entry exists).
 */
export function applyAnnouncement(
  existing: TwofoldSiteEntry | undefined,
  a: Announcement,
  origin: string,
  now: number,
  outcome?: VerificationOutcome,
): TwofoldSiteEntry {
  const sameReceipt = existing?.consent.receiptId === a.receiptId;
  let verification: Verification;
  let signedReceipt: string | undefined;
  if (outcome) {
    verification = outcome.verification;
    signedReceipt = a.receiptSignature;
  } else if (existing && sameReceipt && verdictCovers(existing, a) && (a.receiptSignature === undefined || a.receiptSignature === existing.signedReceipt)) {
    verification = existing.verification;
    signedReceipt = existing.signedReceipt;
  } else {
    verification = { verified: false, reason: 'no-signature', checkedAt: now };
  }
  const categories = new Map<string, SignalCategory>(a.signals.map((s) => [s.id, s.category] as const));
  for (const s of existing?.signals ?? []) if (s.category && !categories.has(s.id)) categories.set(s.id, s.category);
  // Verified: exactly the ids the site signed. Otherwise what the page claims (shown as a claim).
  const ids = outcome?.signedSignals ?? (verification.verified && sameReceipt && existing ? existing.signals.map((s) => s.id) : a.signals.map((s) => s.id));
  const signals = ids.map((id) => {
    const category = categories.get(id);
    return category ? { id, category } : { id };
  });

  // A withdrawal made in the ledger stays pending until the page's SDK reports it withdrawn.
  const pending = existing?.consent.state === 'withdraw-pending' && a.consent === 'granted';
  const consent: TwofoldSiteEntry['consent'] =
    pending && existing
      ? existing.consent
      : { state: a.consent, receiptId: a.receiptId, receiptTime: a.receiptTime, ...(a.withdrawnAt ? { withdrawnAt: a.withdrawnAt } : {}) };

  // The token acts on the device's data, not on one receipt: keep it until a signed one replaces it.
  const rightsToken = tokenVerdict(existing, a, outcome) === 'accept' ? a.rightsToken : existing?.rightsToken;
  const controller = a.controller ?? existing?.controller;
  const policyUrl = a.policyUrl ?? existing?.policyUrl;
  return {
    origin,
    site: a.site,
    ...(controller ? { controller } : {}),
    ...(policyUrl ? { policyUrl } : {}),
    signals,
    firstSeen: existing?.firstSeen ?? now,
    lastSeen: now,
    collectedAt: a.collectedAt ?? existing?.collectedAt ?? null,
    consent,
    ...(signedReceipt ? { signedReceipt } : {}),
    verification,
    ...(rightsToken ? { rightsToken } : {}),
  };
}
