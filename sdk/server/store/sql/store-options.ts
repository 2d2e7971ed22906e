/** The options of the SQL store (createSqlStore), and the test-only fault hooks. */

/** Options of `createSqlStore`. */
export interface SqlStoreOptions {
  /**
   * Take the totals row lock first in every transaction that changes aggregates (PostgreSQL). Why:
   * a login's record locks totals and then its feature counts, while an erase (or "not me", or a
   * purge) locks feature counts and then totals; concurrently they deadlock and PostgreSQL aborts
   * one (a 500 at the handler). In the immediate mode every vouching record holds totals until
   * commit anyway, so taking it first costs little: aggregate writers were already serialised on
   * that row, now they also queue for it in one order (deferred, logins take no totals lock at all).
   * SQLite needs nothing: BEGIN IMMEDIATE admits one writer at a time.
   */
  lockTotalsFirst?: boolean;
  /**
   * Deferred global aggregates: > 0 makes a login append increments (count_deltas, total_deltas)
   * instead of updating the rows every login shares (totals, each popular value's global count,
   * feature_distinct), and folds them in every this many ms, so concurrent logins on PostgreSQL no
   * longer queue on those rows. Global counts read by assess then lag by up to this interval plus
   * one fold; per-user counts stay exact. 0 or absent: applied in the login's own transaction.
   */
  foldIntervalMs?: number;
  /**
   * With deferred aggregates, who folds them: `'inline'` (default) this store, every
   * foldIntervalMs, at open (what a killed instance left) and at close; `'external'` another
   * process on the same database, as the primary of `twofold serve --workers N` does for its
   * workers: this store only appends increments. Why: a fold holds the aggregates' locks (on
   * SQLite the one write lock, and a worker's event loop, better-sqlite3 being synchronous) for as
   * long as it runs; in the worker that folded, every request it held waited too.
   */
  fold?: 'inline' | 'external';
  /** SQLite: fold in set-based statements (foldDeltasInSqlite), which needs the one-writer lock SQLite's transactions hold. */
  foldInSqlite?: boolean;
  /**
   * With deferred aggregates: lock the user_totals rows of the users an erase / purge / "not me"
   * changes, in key order, before their other rows (PostgreSQL). A login locks its user's
   * user_totals row first and then its user_counts; without the totals row lock taken by both, a
   * withdrawal taking user_counts first could deadlock with it. SQLite admits one writer anyway.
   */
  lockUsersFirst?: boolean;
  /**
   * How long (ms) the assess read may reuse a global count (a feature value's count among all
   * logins, a feature's distinct values) another instance may have changed since; default 1000, 0
   * reads them every time. This store's own writes show at once. See global-cache.ts.
   */
  aggregateCacheMs?: number;
  /**
   * PostgreSQL: a sign-in's writes as one statement of data-modifying CTEs (pg-writes.ts) instead of
   * a transaction of several: the seal nonce with the collection at assess, and with deferred
   * aggregates the login with the spent attempt-token id, its values and counts at record.
   */
  oneStatementWrites?: boolean;
  /** Test-only fault injection (see SqlStoreFaults); never set by openStore or the CLI. */
  faults?: SqlStoreFaults;
}

/**
 * Hooks a test passes to make a write fail where a crash or a lost connection could end it, to
 * prove the write is exactly-once there. Absent in production: nothing calls them unless given.
 */
export interface SqlStoreFaults {
  /** Inside recordLogin's transaction, after the login row (and its aggregates) are written, before COMMIT; a throw rolls it back. */
  recordBeforeCommit?: (loginId: string) => void | Promise<void>;
  /** Right after recordLogin's transaction committed; a throw fails the call as a connection lost after COMMIT would. */
  recordAfterCommit?: (loginId: string) => void | Promise<void>;
}
