/**
 * The privacy ledger's shapes as the background stores them and the ledger page sees them.
 * Types only, so both the background and the UI import them without pulling code across. The
 * rights token is the one stored field the UI never sees: it stays in the background, which makes
 * the rights requests itself.
 */
import type { Controller } from '../sdk/protocol/receipt';
import type { SignalCategory } from '../sdk/protocol/vocabulary';
import type { FingerprintRecord } from './fp-report';

/** Consent as the ledger knows it: live, withdrawn on the site, or withdrawn here and not yet told to the site's SDK. */
export type LedgerConsentState = 'granted' | 'withdrawn' | 'withdraw-pending';

/** Why an entry is (un)verified, for the UI to word. */
export type VerificationReason =
  | 'verified'
  | 'no-signature'
  | 'insecure-origin'
  | 'well-known-unreachable'
  | 'well-known-invalid'
  | 'site-mismatch'
  | 'origin-mismatch'
  | 'bad-signature';

/** The outcome of checking an announcement against the site's own `/.well-known/twofold.json`. */
export interface Verification {
  verified: boolean;
  reason: VerificationReason;
  checkedAt: number;
  /** From the well-known document of the sender's origin (absent when it could not be read). */
  publishedSite?: string;
  rightsEndpoint?: string;
  retentionDays?: number;
  processors?: { name: string; purpose: string }[];
  controller?: Controller;
}

/** One site running the Twofold SDK (ledger source 1), keyed by the sender's real origin. */
export interface TwofoldSiteEntry {
  /** The page origin the announcement came from (from `sender`, never from the payload). */
  origin: string;
  /** The site name the page claimed (verified only when `verification.verified`). */
  site: string;
  controller?: Controller;
  policyUrl?: string;
  /** Signals collected: when verified, exactly the ids the site signed (category as announced; absent if it was not). */
  signals: { id: string; category?: SignalCategory }[];
  firstSeen: number;
  lastSeen: number;
  /** When the signals were last collected (ISO), or null when no collection was announced. */
  collectedAt: string | null;
  consent: { state: LedgerConsentState; receiptId: string; receiptTime: string; withdrawnAt?: string };
  /** The site-signed receipt (`rc1.` token) the verification used. */
  signedReceipt?: string;
  verification: Verification;
  /** Per-device rights token (background only; stripped before anything leaves the background). */
  rightsToken?: string;
}

/**
 * A rights request the user made from the ledger, kept as a dated log. `token-refused` is the one
 * entry the user did not ask for: the page offered a new rights token its site's signature did not
 * cover (a script swapping in a token for someone else's device), and the ledger kept the old one.
 */
export interface RightsLogEntry {
  id?: number;
  origin: string;
  action: 'access' | 'erase' | 'object' | 'rectify' | 'withdraw' | 'token-refused';
  at: number;
  ok: boolean;
  /** HTTP status, when the site answered. */
  status?: number;
  /** What happened, in words (counts, confirmation id, or the site's error message), in English. */
  summary: string;
  /** The same facts as data, so the ledger page says them in its own language; absent on entries from older versions and for the site's own error messages. */
  words?: RightsWords;
  confirmationId?: string;
}

/** The facts behind a request-log summary, one kind per outcome the extension itself words. */
export type RightsWords =
  | { kind: 'exported'; logins: number; collections: number }
  | { kind: 'rectified'; loginId: string }
  | { kind: 'already-gone'; loginId: string }
  | { kind: 'erased'; erased: number; remaining: number; objected: boolean; confirmationId: string }
  | { kind: 'unexpected-shape' }
  | { kind: 'not-json' }
  | { kind: 'insecure' }
  | { kind: 'no-answer' }
  | { kind: 'refused'; status: number }
  | { kind: 'no-token' };

/** A 2FA account the vault binds to a site (names only, never a secret). */
export interface LedgerAccount {
  issuer: string;
  label: string;
}

/** One row of the ledger page: everything known about one site, from all three sources. */
export interface LedgerSite {
  /** Stable key: the origin, or `site:<binding>` for a 2FA-only row. */
  key: string;
  /** What the header shows: the origin's host, or the bound site. */
  title: string;
  origin?: string;
  twofold?: Omit<TwofoldSiteEntry, 'rightsToken'> & { hasRightsToken: boolean };
  accounts: LedgerAccount[];
  fingerprinting: FingerprintRecord[];
  requests: RightsLogEntry[];
}

/** What `ledger.list` answers. */
export interface LedgerListing {
  sites: LedgerSite[];
  /** Whether the 2FA accounts could be read (the vault must be unlocked). */
  vault: 'none' | 'locked' | 'unlocked';
}
