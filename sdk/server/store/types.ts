/**
 * The storage boundary of the server library. The risk engine, the HTTP handler, retention and the
 * data-subject rights all talk to one `Store`; implementations: an in-memory twin (tests, the bench
 * floor), SQLite via better-sqlite3 (embedded default) and PostgreSQL (scale-out), both via Kysely.
 * Every method is async so the same code runs on all three. All times are ms since the epoch.
 */

/** One observed value of one risk feature, e.g. `{ feature: 'asn', value: '2119' }`. */
export interface FeatureValue {
  feature: string;
  value: string;
}

/** A login attempt as the store keeps it (the engine derives `features` from the attempt). */
export interface LoginRecord {
  /** Unique id (random UUID). */
  id: string;
  userId: string;
  time: number;
  ip: string;
  outcome: 'success' | 'failure';
  /** Every feature value of the attempt (ip, asn, country, ua, browser, os, device-type, device-id, ...). */
  features: FeatureValue[];
  lat?: number;
  lon?: number;
  deviceId?: string;
  visitorId?: string;
}

/** Counts the likelihood-ratio score needs for one user and a list of feature values. */
export interface ProfileCounts {
  /** Successful, vouching logins of this user (the denominator of p(x|u)). */
  userLogins: number;
  /** Successful, vouching logins of all users (the denominator of p(x)). */
  totalLogins: number;
  /** Users with at least one vouching login. */
  userCount: number;
  /** Per requested value: its count among this user's vouching logins. Key: featureKey(feature, value). */
  user: Map<string, number>;
  /** Per requested value: its count among all vouching logins. Key: featureKey(feature, value). */
  global: Map<string, number>;
  /** Per requested feature name: how many distinct values it has globally (for smoothing unseen values). */
  distinct: Map<string, number>;
}

/** The map key used in ProfileCounts. */
export function featureKey(feature: string, value: string): string {
  return `${feature}\u0000${value}`;
}

/** The latest vouching login of a user (for impossible travel). */
export interface LastSuccess {
  time: number;
  ip: string;
  lat?: number;
  lon?: number;
}

/** Everything one assessment reads: the results of readProfile, lastSuccess, both countFailures and (asked for) readDeviceKey. */
export interface AssessmentReads {
  profile: ProfileCounts;
  lastSuccess: LastSuccess | undefined;
  failures: { user: number; ip: number };
  /**
   * readDeviceKey(userId, deviceKeyId) when readForAssessment was given a key id (undefined when not
   * bound). A store that leaves the property out entirely makes the engine read the key itself.
   */
  deviceKey?: DeviceKeyRecord | undefined;
}

/** What the risk engine reads and writes. */
export interface RiskStore {
  /** Counts for `values` (per user and global) in one round of indexed reads. */
  readProfile(userId: string, values: FeatureValue[]): Promise<ProfileCounts>;
  /** The user's latest vouching login (for impossible travel), if any. */
  lastSuccess(userId: string): Promise<LastSuccess | undefined>;
  /** Failed attempts by this user or from this IP at or after `since`. */
  countFailures(by: { userId: string } | { ip: string }, since: number): Promise<number>;
  /**
   * Optional: every read of one assessment in one round (one statement on the SQL stores, instead of
   * five round trips). Must equal readProfile(userId, values), lastSuccess(userId),
   * countFailures({ userId }, since), countFailures({ ip }, since) and, given `deviceKeyId`,
   * readDeviceKey(userId, deviceKeyId); the engine falls back to those. The global counts in the
   * profile (global, distinct) may come from a short-lived cache: the SQL stores see their own
   * writes at once and other instances' within SqlStoreOptions.aggregateCacheMs (per-user counts,
   * totals, the last success, failures and the key are always read).
   */
  readForAssessment?(userId: string, ip: string, values: FeatureValue[], since: number, deviceKeyId?: string): Promise<AssessmentReads>;
  /**
   * Stores the attempt; a success also adds each feature value to the user's and the global aggregates.
   * With `spend`, the login is stored only if that id was never spent (and has not expired), and the
   * id is marked spent in the same transaction (an attempt token recorded exactly once, even across a
   * crash). Returns whether stored.
   */
  recordLogin(login: LoginRecord, spend?: SpendNonce): Promise<boolean>;
  /**
   * recordLogin unless the attempt's subject objected (what SubjectStore.isObjectedAny(who) answers),
   * checked in the same transaction (one statement on PostgreSQL): objecting, the id in `spend` is
   * still used up and nothing is stored. With `issue`, that id is registered in the same transaction
   * (statement) exactly when the login is stored; with `bind` (a proven sign-in's device key), the
   * key is bound as DeviceKeyStore.bindDeviceKey would, likewise. Optional: without it the caller
   * checks first (sdk/server/objection.ts recordUnlessObjected).
   */
  recordLoginUnlessObjected?(
    login: LoginRecord,
    who: { userId: string; deviceId?: string | undefined },
    spend?: SpendNonce,
    issue?: IssueNonce,
    bind?: DeviceKeyRecord,
  ): Promise<RecordOutcome>;
  /**
   * True when recordLoginUnlessObjected registers its `issue` id with the login (every first-party
   * store). A store without it (written before `issue` existed, so it ignores the argument) still
   * works: the caller registers the id after the write (sdk/server/objection.ts recordUnlessObjected).
   */
  readonly registersIssueWithLogin?: boolean;
  /**
   * True when recordLoginUnlessObjected binds its `bind` device key with the login (every first-party
   * store), so a login and its key binding commit together or not at all. A store without it still
   * works: the caller binds the key after the write (sdk/server/objection.ts recordUnlessObjected).
   */
  readonly bindsDeviceKeyWithLogin?: boolean;
  /**
   * Bulk import of history: the same rows and aggregates as `recordLogin` for each login in order,
   * all or nothing (one transaction on the SQL stores, a few multi-row statements per batch instead
   * of several statements per login). Ids must be unique; objections are the caller's to check.
   */
  recordLogins(logins: readonly LoginRecord[]): Promise<void>;
}

/** What recording a login came to: stored; not stored as the subject objected (the id used up); or the id was already spent or expired. */
export type RecordOutcome = 'recorded' | 'objected' | 'spent';

/** A single-use id to mark spent together with a write (see `RiskStore.recordLogin`). */
export interface SpendNonce {
  /** The single-use id (e.g. `at:<attempt token id>`); ids share GuardStore.markNonceSpent's spent set. */
  nonce: string;
  now: number;
  /** Until when the id is remembered as spent (never before the id itself expires); at or before `now` it is refused. */
  expiresAt: number;
  /**
   * The id was registered in advance (NonceStore.issueNonce, as attempt tokens of earlier versions
   * were): it is consumed from there instead, and the login is stored only if it was still live.
   */
  registered?: boolean;
}

/**
 * A single-use id to register (as NonceStore.issueNonce would) together with a login, exactly when
 * the login row is stored: not when the subject objected, not when the attempt's id was already
 * spent. A rights token's id, so the login and its token commit together or not at all.
 */
export interface IssueNonce {
  nonce: string;
  expiresAt: number;
}

/** Single-use nonces for sealed reports; atomic across instances sharing the store. */
export interface NonceStore {
  issueNonce(nonce: string, expiresAt: number): Promise<void>;
  /** True exactly once for an issued, unexpired nonce; false when unknown, expired or already used. */
  consumeNonce(nonce: string, now: number): Promise<boolean>;
  /** True while a nonce is issued, unexpired and unused; does not use it (a rights token's access check). */
  isNonceLive(nonce: string, now: number): Promise<boolean>;
  /**
   * Deletes nonces that expired before `now` (issued and never used ones too), and with them the
   * guard rows that ended (GuardStore.purgeGuards: spent seal nonces, rate-limit windows); returns how many.
   */
  purgeExpiredNonces(now: number): Promise<number>;
}

/** TOTP failure bookkeeping and the replay step of one account (see sdk/server/totp-verifier.ts). */
export interface TotpState {
  /** Consecutive failed (or still unanswered) verifications since the last accepted code. */
  failures: number;
  /** No verification is attempted before this time (backoff or lockout); 0 when free. */
  nextAllowedAt: number;
  /** Time step of the last accepted code (RFC 6238 §5.2: no code of this step or earlier again). */
  lastStep: number | null;
}

/**
 * Abuse guards every instance shares through the store: spent self-validating nonces (only spent
 * ones are remembered, until they expire), fixed-window rate-limit counters, and TOTP state.
 */
export interface GuardStore {
  /**
   * Remembers a MAC'd nonce as spent until `expiresAt`; true the first time, false when already spent.
   * With `collection`, stores it too (as SubjectStore.recordCollection) in the same transaction, and
   * only when the nonce was not spent: all an assessment writes, in one transaction.
   */
  markNonceSpent(nonce: string, expiresAt: number, collection?: CollectionRecord): Promise<boolean>;
  /**
   * Counts `hits` (default 1) on `key` in the fixed window of `windowMs` holding `now`; resolves to
   * the hits in that window including these. Keys are the caller's (bounded length); windows are
   * purged after they end.
   */
  hitRateLimit(key: string, windowMs: number, now: number, hits?: number): Promise<number>;
  /** Deletes spent nonces that expired and rate-limit windows that ended before `now`; returns rows removed. */
  purgeGuards(now: number): Promise<number>;
  /** The account's TOTP state (all zero / null for an account never seen). */
  readTotpState(account: string): Promise<TotpState>;
  /**
   * Compare-and-set of the failure fields: writes `next` only if the stored failures and
   * nextAllowedAt still equal `expected`'s (one of racing verifications wins). True when written.
   */
  updateTotpFailures(account: string, expected: TotpState, next: { failures: number; nextAllowedAt: number }): Promise<boolean>;
  /** Accepts `step` iff it is later than the last accepted one, resetting the failures; true when accepted. */
  acceptTotpStep(account: string, step: number): Promise<boolean>;
}

/** An SDK collection received by the site (what a device's rights token covers). */
export interface CollectionRecord {
  id: string;
  deviceId: string;
  userId?: string;
  time: number;
  receiptId: string;
  /** Signal ids collected (at most MAX_COLLECTION_SIGNALS, each at most 64 characters). */
  signals: string[];
  /**
   * The feature values the risk rules read from the report (device and visitor id, time zone,
   * languages, automation, consent), bounded by sdk/server/collection.ts; never the raw report.
   */
  features: FeatureValue[];
}

/**
 * Whose data a rights request is about: an account, a device, or one account on one device (both
 * must match; what a rights token reaches, so a token never touches another account on a shared device).
 */
export type Subject = { userId: string; deviceId?: undefined } | { deviceId: string; userId?: undefined } | { userId: string; deviceId: string };

/** A machine-readable export of everything stored about a subject. */
export interface SubjectExport {
  subject: Subject;
  exportedAt: number;
  logins: LoginRecord[];
  collections: CollectionRecord[];
  objected: boolean;
  /** The subject's bound device keys (added by the rights requests; stores' exportSubject leaves it out). */
  deviceKeys?: DeviceKeyRecord[];
}

/** Data-subject rights and retention. */
export interface SubjectStore {
  recordCollection(collection: CollectionRecord): Promise<void>;
  exportSubject(subject: Subject): Promise<SubjectExport>;
  /** Removes every row about the subject and every aggregate contribution; returns rows removed. */
  eraseSubject(subject: Subject): Promise<number>;
  /** Marks the subject as objecting (no further processing) and erases it; returns rows removed. */
  objectSubject(subject: Subject, now: number): Promise<number>;
  isObjected(subject: Subject): Promise<boolean>;
  /**
   * Whether anything an attempt of this account (on this device, when given) falls under objected:
   * the account, the device, or the account on that device; without a device, the account only.
   * Equals isObjected over those subjects, in one read (one statement on the SQL stores).
   */
  isObjectedAny(who: { userId: string; deviceId?: string | undefined }): Promise<boolean>;
  /** "Not me": the login stops vouching (its aggregate contributions are removed); false if unknown. */
  markNotMe(userId: string, loginId: string): Promise<boolean>;
  /** Removes a remembered device: its logins stop vouching for that device id. Returns logins changed. */
  forgetDevice(userId: string, deviceId: string): Promise<number>;
  /** Deletes rows (and their aggregate contributions) older than `before`; returns rows removed. */
  purge(before: number): Promise<number>;
  /** Rows held about a subject (all tables), or in total; used by tests and the erase confirmation. */
  countRows(subject?: Subject): Promise<number>;
}

/**
 * A device key bound to an account: the SDK's non-extractable per-site ECDSA P-256 key (its id
 * only: the base64url SHA-256 of the raw public key), bound when a login signed by it was recorded
 * successful. A signature by a bound, unexpired key is the engine's strongest known-device evidence.
 */
export interface DeviceKeyRecord {
  userId: string;
  /** base64url (no padding) SHA-256 of the 65-byte raw public key: 43 characters. */
  keyId: string;
  /** The SDK device id the key came with at its latest use (what a rights token for that device reaches). */
  deviceId?: string;
  /** When the key was first bound (a successful, second-factor-passed login). */
  boundAt: number;
  /** The latest successful login signed by it; "remember this device" expires counting from here. */
  lastUsedAt: number;
}

/** Device keys per account ("remember this device"). */
export interface DeviceKeyStore {
  /** Binds a key to the account, or refreshes it: keeps the first `boundAt`, moves `lastUsedAt` and `deviceId`. */
  bindDeviceKey(key: DeviceKeyRecord): Promise<void>;
  /** The account's binding of this key, if any (expired ones too; the engine checks the age). */
  readDeviceKey(userId: string, keyId: string): Promise<DeviceKeyRecord | undefined>;
  /** The subject's bound keys (an account's, a device id's, or one account's on one device), oldest first. */
  listDeviceKeys(subject: Subject): Promise<DeviceKeyRecord[]>;
  /** Unbinds one key of an account; true when it was bound. */
  revokeDeviceKey(userId: string, keyId: string): Promise<boolean>;
  /** Unbinds every key of the subject; returns how many. */
  eraseDeviceKeys(subject: Subject): Promise<number>;
  /** Unbinds keys last used before `before` (retention); returns how many. */
  purgeDeviceKeys(before: number): Promise<number>;
}

/** The full storage interface the server library is written against. */
export interface Store extends RiskStore, NonceStore, SubjectStore, GuardStore, DeviceKeyStore {
  /** Backend name for logs and bench tables, e.g. `memory`, `sqlite`, `postgres`. */
  readonly name: string;
  /**
   * Folds pending global aggregate increments now (SQL stores with deferred aggregates, see
   * SqlStoreOptions.foldIntervalMs); resolves to how many it folded. Absent where writes apply at once.
   */
  foldAggregates?(): Promise<number>;
  close(): Promise<void>;
}
