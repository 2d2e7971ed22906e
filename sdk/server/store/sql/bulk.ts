/**
 * Bulk import of logins (`Store.recordLogins`): the same rows and aggregates as one `recordLogin`
 * per login, written with multi-row statements. Aggregate deltas are summed per key first (a
 * PostgreSQL upsert may touch each row once per statement), keys are sorted (concurrent
 * transactions lock rows in the same order), and a value or user is new exactly when its count
 * after the upsert equals the delta just added.
 */
import type { LoginRecord } from '../types';
import { exec, loginArgs, rows, uniqueValues } from './aggregates';
import { perRow, type Template } from './compile';
import type { Queries } from './queries';
import type { SqlRunner } from './runner';

/** Largest rows per statement; statements come in power-of-two sizes so few templates are compiled. */
const MAX_ROWS = 512;

/** Runs `statement` over `items` in chunks of 512, 256, …, 1 rows; returns the rows returned. */
export async function chunked<T, R>(items: readonly T[], statement: (chunk: readonly T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  let at = 0;
  while (at < items.length) {
    let size = MAX_ROWS;
    while (size > items.length - at) size >>= 1;
    for (const row of await statement(items.slice(at, at + size))) out.push(row);
    at += size;
  }
  return out;
}

/** Map entries sorted by key (the order concurrent transactions lock rows in). */
export const byKey = <T>(entries: Map<string, T>): [string, T][] => [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

function add(map: Map<string, number>, key: string, delta = 1): void {
  map.set(key, (map.get(key) ?? 0) + delta);
}

/** Writes `logins` inside transaction `tx` (the caller opens and commits it). */
export async function insertLoginBatch(tx: SqlRunner, q: Queries, logins: readonly LoginRecord[]): Promise<void> {
  // Row i's arguments are named rowArg(name, i) (perRow), so each row is an object of named fields.
  const write =
    <T>(t: (n: number) => Template, named: (row: T) => object) =>
    async (chunk: readonly T[]): Promise<never[]> => {
      await exec(tx, t(chunk.length), perRow(chunk.map(named)));
      return [];
    };
  const read =
    <T, R>(t: (n: number) => Template, named: (row: T) => object) =>
    (chunk: readonly T[]) =>
      rows<R>(tx, t(chunk.length), perRow(chunk.map(named)));

  await chunked(logins, write(q.insertLogins, loginArgs));

  const vouching = logins.filter((l) => l.outcome === 'success');
  if (vouching.length === 0) return;
  const perUser = new Map<string, number>();
  const loginValues: [string, string, string][] = [];
  const userDeltas = new Map<string, { userId: string; feature: string; value: string; delta: number }>();
  const globalDeltas = new Map<string, { feature: string; value: string; delta: number }>();
  for (const login of vouching) {
    add(perUser, login.userId);
    for (const { feature, value } of uniqueValues(login.features)) {
      loginValues.push([login.id, feature, value]);
      const userKey = `${login.userId}\u0000${feature}\u0000${value}`;
      const u = userDeltas.get(userKey);
      if (u) u.delta++;
      else userDeltas.set(userKey, { userId: login.userId, feature, value, delta: 1 });
      const globalKey = `${feature}\u0000${value}`;
      const g = globalDeltas.get(globalKey);
      if (g) g.delta++;
      else globalDeltas.set(globalKey, { feature, value, delta: 1 });
    }
  }

  // The order of recordLogin: user totals, totals, login values, user counts, global counts, distinct counts.
  const users = byKey(perUser);
  const totals = await chunked(
    users,
    read<[string, number], { user_id: string; logins: number }>(q.addUserTotals, ([userId, delta]) => ({ userId, delta })),
  );
  const newUsers = totals.filter((row) => Number(row.logins) === perUser.get(row.user_id)).length;
  await exec(tx, q.addTotals, { logins: vouching.length, users: newUsers });

  // Login values are new rows of new logins (no lock to order); the counts are upserts, in key order.
  await chunked(
    loginValues,
    write(q.insertLoginValueRows, ([loginId, feature, value]: [string, string, string]) => ({ loginId, feature, value })),
  );
  await chunked(
    byKey(userDeltas).map(([, v]) => v),
    write(q.addUserCounts, (v) => v),
  );
  const globals = await chunked(
    byKey(globalDeltas).map(([, v]) => v),
    read<{ feature: string; value: string; delta: number }, { feature: string; value: string; count: number }>(q.addGlobalCounts, (v) => v),
  );
  const firstSeen = new Map<string, number>();
  for (const row of globals) if (Number(row.count) === globalDeltas.get(`${row.feature}\u0000${row.value}`)?.delta) add(firstSeen, row.feature);
  for (const [feature, n] of byKey(firstSeen)) await exec(tx, q.addDistinct, { feature, delta: n });
}
