/**
 * Table types of the SQL stores (Kysely). One schema for SQLite and PostgreSQL; times are ms since
 * the epoch in BIGINT columns, flags are 0/1 integers, JSON is stored as text so both engines match.
 */

/** Every login attempt; `vouching` = successful and not marked "not me". */
export interface LoginsTable {
  id: string;
  user_id: string;
  time: number;
  ip: string;
  outcome: 'success' | 'failure';
  vouching: number;
  device_id: string | null;
  visitor_id: string | null;
  lat: number | null;
  lon: number | null;
  /** JSON of every feature value of the attempt (kept for access requests). */
  features: string;
}

/** The feature values a login currently contributes to the aggregates (its vouches). */
export interface LoginValuesTable {
  login_id: string;
  feature: string;
  value: string;
}

/** Per-user count of each feature value among the user's vouching logins. */
export interface UserCountsTable {
  user_id: string;
  feature: string;
  value: string;
  count: number;
}

/** Global count of each feature value among all vouching logins. */
export interface GlobalCountsTable {
  feature: string;
  value: string;
  count: number;
}

/** Distinct values per feature with a non-zero global count (for smoothing unseen values). */
export interface FeatureDistinctTable {
  feature: string;
  count: number;
}

/** Vouching logins per user (rows only for users with at least one). */
export interface UserTotalsTable {
  user_id: string;
  logins: number;
}

/** One row (id = 1): total vouching logins and users with at least one. */
export interface TotalsTable {
  id: number;
  total_logins: number;
  user_count: number;
}

/** Issued, not yet consumed nonces. */
export interface NoncesTable {
  nonce: string;
  expires_at: number;
}

/** SDK collections received (what a device's rights token covers). */
export interface CollectionsTable {
  id: string;
  device_id: string;
  user_id: string | null;
  time: number;
  receipt_id: string;
  /** JSON array of signal ids. */
  signals: string;
  /** JSON array of the bounded feature values the rules use (sdk/server/collection.ts). */
  features: string;
}

/** Spent MAC'd seal nonces, kept until they expire (an unspent nonce has no row). */
export interface SpentNoncesTable {
  nonce: string;
  expires_at: number;
}

/** Fixed-window rate-limit counters: hits of `key` in the window starting at `window_start`. */
export interface RateLimitsTable {
  key: string;
  window_start: number;
  /** End of the window; the row is purged after it. */
  expires_at: number;
  count: number;
}

/** Consecutive TOTP failures, backoff and replay step per account. */
export interface TotpStateTable {
  account: string;
  failures: number;
  next_allowed_at: number;
  last_step: number | null;
}

/** Subjects who objected: a suppression marker that outlives the erase it triggers. */
export interface ObjectionsTable {
  subject: string;
  time: number;
}

/** Device keys bound to accounts (see DeviceKeyRecord): one row per (user_id, key_id). */
export interface DeviceKeysTable {
  user_id: string;
  key_id: string;
  device_id: string | null;
  bound_at: number;
  last_used_at: number;
}

/** A pending change of one global feature value count, not yet folded into global_counts. */
export interface CountDeltasTable {
  feature: string;
  value: string;
  delta: number;
}

/** A pending change of the totals row, not yet folded into totals. */
export interface TotalDeltasTable {
  logins: number;
  users: number;
}

/** The whole database as Kysely sees it. */
export interface TwofoldDatabase {
  logins: LoginsTable;
  login_values: LoginValuesTable;
  user_counts: UserCountsTable;
  global_counts: GlobalCountsTable;
  feature_distinct: FeatureDistinctTable;
  user_totals: UserTotalsTable;
  totals: TotalsTable;
  nonces: NoncesTable;
  collections: CollectionsTable;
  objections: ObjectionsTable;
  spent_nonces: SpentNoncesTable;
  rate_limits: RateLimitsTable;
  totp_state: TotpStateTable;
  device_keys: DeviceKeysTable;
  count_deltas: CountDeltasTable;
  total_deltas: TotalDeltasTable;
}
