/**
 * Folding the deferred aggregates (SqlStoreOptions.foldIntervalMs): logins append increments to
 * count_deltas / total_deltas (aggregates.ts), and this sums them into global_counts,
 * feature_distinct and totals in one transaction. The increments are taken with DELETE … RETURNING,
 * so what is added is exactly what was removed: an increment committed while a fold runs is either
 * taken by it or left for the next one, never lost or counted twice, and two instances folding at
 * once (each holding the totals row lock first) add each increment once. SQLite folds the same sums
 * in set-based statements instead (foldDeltasInSqlite, below).
 */
import { exec, rows } from './aggregates';
import { byKey, chunked } from './bulk';
import { perRow } from './compile';
import type { Queries } from './queries';
import type { SqlRunner } from './runner';

type Delta = { feature: string; value: string; delta: number };

/** Folds every visible pending increment inside `tx`; resolves to how many increments it took. */
export async function foldDeltas(tx: SqlRunner, q: Queries): Promise<number> {
  const counts = await rows<Delta>(tx, q.takeCountDeltas, {});
  const totals = await rows<{ logins: number; users: number }>(tx, q.takeTotalDeltas, {});

  const logins = totals.reduce((sum, t) => sum + Number(t.logins), 0);
  const users = totals.reduce((sum, t) => sum + Number(t.users), 0);
  if (logins !== 0 || users !== 0) await exec(tx, q.addTotals, { logins, users });

  // Summed per value first: an upsert may touch a row once per statement, and +1/-1 pairs cancel.
  const summed = new Map<string, Delta>();
  for (const { feature, value, delta } of counts) {
    const key = `${feature}\u0000${value}`;
    const entry = summed.get(key);
    if (entry) entry.delta += Number(delta);
    else summed.set(key, { feature, value, delta: Number(delta) });
  }
  const changes = byKey(summed)
    .map(([, d]) => d)
    .filter((d) => d.delta !== 0);
  const after = await chunked(changes, (chunk) => rows<{ feature: string; value: string; count: number }>(tx, q.addGlobalCounts(chunk.length), perRow(chunk)));
  // A value is new to the distinct count when it rises from 0, and leaves it when it falls to 0.
  const distinct = new Map<string, number>();
  for (const row of after) {
    const count = Number(row.count);
    const before = count - (summed.get(`${row.feature}\u0000${row.value}`)?.delta ?? 0);
    if (before <= 0 && count > 0) distinct.set(row.feature, (distinct.get(row.feature) ?? 0) + 1);
    if (count <= 0) {
      await exec(tx, q.deleteGlobalCount, { feature: row.feature, value: row.value });
      if (before > 0) distinct.set(row.feature, (distinct.get(row.feature) ?? 0) - 1);
    }
  }
  for (const [feature, delta] of byKey(distinct)) {
    if (delta === 0) continue;
    await exec(tx, q.addDistinct, { feature, delta });
    if (delta < 0) await exec(tx, q.deleteEmptyDistinct, { feature });
  }
  return counts.length + totals.length;
}

/** The per-value sums of one fold, kept for the connection's lifetime (TEMP: never written to the database file). */
const FOLD_SUMS_TABLE = `CREATE TEMP TABLE IF NOT EXISTS fold_sums (
  feature TEXT NOT NULL, value TEXT NOT NULL, d INTEGER NOT NULL, PRIMARY KEY (feature, value)
) WITHOUT ROWID`;
/** Each feature value's summed increment; +1/-1 pairs cancel (as foldDeltas' summed map). */
const SUM_COUNT_DELTAS =
  'INSERT INTO fold_sums (feature, value, d) SELECT feature, value, SUM(delta) FROM count_deltas GROUP BY feature, value HAVING SUM(delta) <> 0';
/** A value is new to its feature's distinct count when it rises from 0, and leaves it when it falls to 0: read before the counts change. */
const ADD_DISTINCT = `INSERT INTO feature_distinct (feature, count)
  SELECT s.feature, SUM(CASE WHEN COALESCE(g.count, 0) <= 0 AND COALESCE(g.count, 0) + s.d > 0 THEN 1
                             WHEN COALESCE(g.count, 0) > 0 AND COALESCE(g.count, 0) + s.d <= 0 THEN -1 ELSE 0 END) AS delta
  FROM fold_sums s LEFT JOIN global_counts g ON g.feature = s.feature AND g.value = s.value
  GROUP BY s.feature HAVING delta <> 0
  ON CONFLICT (feature) DO UPDATE SET count = feature_distinct.count + excluded.count`;
const ADD_GLOBAL_COUNTS = `INSERT INTO global_counts (feature, value, count) SELECT feature, value, d FROM fold_sums WHERE true
  ON CONFLICT (feature, value) DO UPDATE SET count = global_counts.count + excluded.count`;
const DELETE_EMPTY_COUNTS = 'DELETE FROM global_counts WHERE count <= 0 AND (feature, value) IN (SELECT feature, value FROM fold_sums)';
const DELETE_EMPTY_DISTINCT = 'DELETE FROM feature_distinct WHERE count <= 0 AND feature IN (SELECT feature FROM fold_sums)';
const ADD_TOTALS = `UPDATE totals SET total_logins = total_logins + (SELECT COALESCE(SUM(logins), 0) FROM total_deltas),
  user_count = user_count + (SELECT COALESCE(SUM(users), 0) FROM total_deltas) WHERE id = 1 AND EXISTS (SELECT 1 FROM total_deltas)`;

/**
 * foldDeltas for SQLite, in set-based statements: the increments are summed, applied and deleted
 * inside SQLite instead of each being read into JavaScript and written back. Why: better-sqlite3 is
 * synchronous, so a fold holds its worker's event loop, and the write lock, for as long as it runs;
 * a second of sign-ins at the load bench's rate (~500, 17 increments each) took 20-36 ms that way
 * and 8-14 ms this way (same data, same results). Only for SQLite: its transaction (BEGIN IMMEDIATE)
 * holds the one write lock from the first statement, so no increment can be appended between the
 * sums and the plain DELETE that takes exactly what was summed; PostgreSQL's appends run
 * concurrently, which is why foldDeltas takes them with DELETE … RETURNING.
 */
export async function foldDeltasInSqlite(tx: SqlRunner): Promise<number> {
  await tx.run(FOLD_SUMS_TABLE, []);
  await tx.run(SUM_COUNT_DELTAS, []);
  await tx.run(ADD_DISTINCT, []);
  await tx.run(ADD_GLOBAL_COUNTS, []);
  await tx.run(DELETE_EMPTY_COUNTS, []);
  await tx.run(DELETE_EMPTY_DISTINCT, []);
  await tx.run(ADD_TOTALS, []);
  const taken = (await tx.run('DELETE FROM count_deltas', [])) + (await tx.run('DELETE FROM total_deltas', []));
  await tx.run('DELETE FROM fold_sums', []);
  return taken;
}
