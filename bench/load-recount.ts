/**
 * After a load run: the maintained global aggregates (global_counts, feature_distinct, totals)
 * against a recount from what each login still vouches for (login_values, logins.vouching), read
 * straight from the database the servers shared, once they have stopped (their close folds the
 * last increments). Returns the mismatches (empty when they agree) and the pending increments.
 */
import Database from 'better-sqlite3';
import pg from 'pg';

const QUERIES = {
  pending: 'SELECT (SELECT COUNT(*) FROM count_deltas) + (SELECT COUNT(*) FROM total_deltas) AS n',
  counts: `SELECT COUNT(*) AS n FROM (
      SELECT feature, value, COUNT(*) AS c FROM login_values GROUP BY feature, value
    ) r FULL OUTER JOIN global_counts g ON g.feature = r.feature AND g.value = r.value
    WHERE r.c IS NULL OR g.count IS NULL OR r.c <> g.count`,
  distinct: `SELECT COUNT(*) AS n FROM (
      SELECT feature, COUNT(DISTINCT value) AS c FROM login_values GROUP BY feature
    ) r FULL OUTER JOIN feature_distinct d ON d.feature = r.feature
    WHERE r.c IS NULL OR d.count IS NULL OR r.c <> d.count`,
  totals: `SELECT CASE WHEN t.total_logins = (SELECT COUNT(*) FROM logins WHERE vouching = 1)
      AND t.user_count = (SELECT COUNT(DISTINCT user_id) FROM logins WHERE vouching = 1) THEN 0 ELSE 1 END AS n
    FROM totals t WHERE t.id = 1`,
};

/** What the recount found. */
export interface Recount {
  /** Increments not folded (should be 0 after the servers closed). */
  pending: number;
  /** Global value counts, feature distinct counts and the totals row that differ from the recount. */
  mismatches: { counts: number; distinct: number; totals: number };
}

/** Recounts the store at `store` (`sqlite:<path>` or a postgres:// URL with its search_path). */
export async function recountAggregates(store: string): Promise<Recount> {
  const results: Record<string, number> = {};
  if (store.startsWith('sqlite:')) {
    const db = new Database(store.slice('sqlite:'.length), { readonly: true });
    try {
      // FULL OUTER JOIN needs SQLite 3.39 (better-sqlite3 bundles a newer one).
      for (const [name, sql] of Object.entries(QUERIES)) results[name] = Number((db.prepare(sql).get() as { n: number }).n);
    } finally {
      db.close();
    }
  } else {
    const client = new pg.Client({ connectionString: store });
    await client.connect();
    try {
      for (const [name, sql] of Object.entries(QUERIES)) results[name] = Number((await client.query<{ n: string }>(sql)).rows[0]?.n);
    } finally {
      await client.end();
    }
  }
  return { pending: results['pending']!, mismatches: { counts: results['counts']!, distinct: results['distinct']!, totals: results['totals']! } };
}
