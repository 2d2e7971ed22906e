/**
 * Folding the deferred aggregates (SqlStoreOptions.foldIntervalMs): logins append increments to
 * count_deltas / total_deltas (aggregates.ts), and this sums them into global_counts,
 * feature_distinct and totals in one transaction. The increments are taken with DELETE … RETURNING,
 * so what is added is exactly what was removed: an increment committed while a fold runs is either
 * taken by it or left for the next one, never lost or counted twice, and two instances folding at
 * once (each holding the totals row lock first) add each increment once.
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
