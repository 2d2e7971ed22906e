/**
 * Keeping the aggregates consistent with the logins: every change of what a login vouches for goes
 * through `contribute` / `withdraw` / `setVouching`, inside the caller's transaction. Values are
 * handled in sorted order so concurrent PostgreSQL transactions lock rows in the same order, and on
 * PostgreSQL the store locks the totals row before any of them (SqlStoreOptions.lockTotalsFirst).
 * Deferred (SqlStoreOptions.foldIntervalMs): the per-user rows are still updated here, but the
 * global ones (global_counts, feature_distinct, totals) only get append-only increments, which
 * fold.ts sums into them later, so no row is written by every login.
 */
import type { FeatureValue, LoginRecord } from '../types';
import { bind, perRow, type ArgName, type Args, type Template } from './compile';
import type { LoginColumn, Queries } from './queries';
import type { SqlRunner } from './runner';

/** Sorts and de-duplicates feature values (a login counts each value once). */
export function uniqueValues(values: readonly FeatureValue[]): FeatureValue[] {
  const seen = new Map<string, FeatureValue>();
  for (const { feature, value } of values) seen.set(`${feature}\u0000${value}`, { feature, value });
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/** Arguments by name. */
type ArgValues = Args<ArgName>;

/** Runs a template returning rows; a name the template needs but `args` lacks throws (see bind). */
export function rows<R>(tx: SqlRunner, t: Template, args: ArgValues): Promise<R[]> {
  return tx.all<R>(t.sql, bind(t, args));
}

/** Runs a template without a result set. */
export function exec(tx: SqlRunner, t: Template, args: ArgValues): Promise<number> {
  return tx.run(t.sql, bind(t, args));
}

/** A login row's arguments by column name (q.insertLogin, and per row q.insertLogins). */
export function loginArgs(l: LoginRecord): Record<LoginColumn, unknown> {
  return {
    id: l.id,
    user_id: l.userId,
    time: l.time,
    ip: l.ip,
    outcome: l.outcome,
    vouching: l.outcome === 'success' ? 1 : 0,
    device_id: l.deviceId ?? null,
    visitor_id: l.visitorId ?? null,
    lat: l.lat ?? null,
    lon: l.lon ?? null,
    features: JSON.stringify(l.features.map(({ feature, value }) => ({ feature, value }))),
  };
}

/** The aggregate operations over one dialect's queries; `deferred` appends global increments instead of applying them. */
export function aggregates(q: Queries, deferred = false) {
  return {
    /**
     * Adds a login's values to the user's and the global counts (values must be unique and sorted);
     * resolves to the features whose distinct count it changed (none when deferred).
     */
    async contribute(tx: SqlRunner, loginId: string, userId: string, values: FeatureValue[]): Promise<string[]> {
      if (values.length === 0) return [];
      const pairs = perRow(values.map(({ feature, value }) => ({ feature, value })));
      await exec(tx, q.insertLoginValues(values.length), { loginId, ...pairs });
      await exec(tx, q.upsertUserCounts(values.length), { userId, ...pairs });
      if (deferred) {
        await exec(tx, q.appendCountDeltas(values.length), perRow(values.map(({ feature, value }) => ({ feature, value, delta: 1 }))));
        return [];
      }
      const globals = await rows<{ feature: string; count: number }>(tx, q.upsertGlobalCounts(values.length), pairs);
      const firstSeen = new Map<string, number>();
      for (const row of globals) if (Number(row.count) === 1) firstSeen.set(row.feature, (firstSeen.get(row.feature) ?? 0) + 1);
      for (const [feature, n] of [...firstSeen].sort()) await exec(tx, q.addDistinct, { feature, delta: n });
      return [...firstSeen.keys()];
    },

    /** Withdraws a login's contributions (all, or those of `features`); returns how many values were withdrawn. */
    async withdraw(tx: SqlRunner, loginId: string, userId: string, features?: readonly string[]): Promise<number> {
      const stored = await rows<FeatureValue>(tx, q.loginValues, { loginId });
      const values = uniqueValues(features ? stored.filter((v) => features.includes(v.feature)) : stored);
      for (const { feature, value } of values) {
        await exec(tx, q.deleteLoginValue, { loginId, feature, value });
        await exec(tx, q.decUserCount, { userId, feature, value });
        await exec(tx, q.deleteEmptyUserCount, { userId, feature, value });
        if (deferred) continue;
        const [global] = await rows<{ count: number }>(tx, q.decGlobalCount, { feature, value });
        if (global && Number(global.count) <= 0) {
          await exec(tx, q.deleteGlobalCount, { feature, value });
          await exec(tx, q.subtractDistinct, { feature });
          await exec(tx, q.deleteEmptyDistinct, { feature });
        }
      }
      if (deferred && values.length > 0) {
        await exec(tx, q.appendCountDeltas(values.length), perRow(values.map(({ feature, value }) => ({ feature, value, delta: -1 }))));
      }
      return values.length;
    },

    /** Moves a login in or out of the vouching logins, keeping user and global totals in step. */
    async setVouching(tx: SqlRunner, loginId: string, userId: string, vouching: boolean, rowAlreadySet = false): Promise<void> {
      if (!rowAlreadySet) await exec(tx, q.setLoginVouching, { loginId, vouching: vouching ? 1 : 0 });
      if (vouching) {
        const [row] = await rows<{ logins: number }>(tx, q.incUserTotal, { userId });
        await exec(tx, deferred ? q.appendTotalDeltas : q.addTotals, { logins: 1, users: Number(row?.logins) === 1 ? 1 : 0 });
      } else {
        const [row] = await rows<{ logins: number }>(tx, q.decUserTotal, { userId });
        const goneUser = row !== undefined && Number(row.logins) <= 0;
        if (goneUser) await exec(tx, q.deleteUserTotal, { userId });
        await exec(tx, deferred ? q.appendTotalDeltas : q.addTotals, { logins: -1, users: goneUser ? -1 : 0 });
      }
    },

    /** Deletes one login row with every aggregate contribution it still makes. */
    async deleteLogin(tx: SqlRunner, login: { id: string; user_id: string; vouching: number }): Promise<void> {
      await this.withdraw(tx, login.id, login.user_id);
      if (Number(login.vouching)) await this.setVouching(tx, login.id, login.user_id, false);
      await exec(tx, q.deleteLogin, { loginId: login.id });
    },
  };
}

/** The aggregate operations' type. */
export type Aggregates = ReturnType<typeof aggregates>;
