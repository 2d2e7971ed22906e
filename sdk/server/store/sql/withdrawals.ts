/**
 * The SQL store's withdrawals: erase and object (a subject's rights), "not me", forget device and
 * the retention purge. Each runs in the store's globalWrite (the totals row locked first, the cached
 * global rows dropped after), so they never interleave with each other or a fold: they read which
 * logins to withdraw before changing them.
 */
import type { Kysely } from 'kysely';
import type { Store, Subject } from '../types';
import { rows, type Aggregates } from './aggregates';
import { once, perRow } from './compile';
import type { Queries } from './queries';
import { subjectKey } from './rows';
import type { SqlRunner } from './runner';
import type { TwofoldDatabase } from './schema';
import { all, loginsOf } from './subject-select';

/** Feature names a remembered device is known by; `forgetDevice` withdraws these. */
const DEVICE_FEATURES = ['device-id', 'visitor-id'];
/** Logins deleted per transaction by `purge`, so a large purge does not hold one long lock. */
const PURGE_BATCH = 500;

/** What the withdrawals need from the store. */
export interface WithdrawalContext {
  db: Kysely<TwofoldDatabase>;
  runner: SqlRunner;
  q: Queries;
  agg: Aggregates;
  /** The store's globalWrite (see store.ts): the totals-locked transaction that drops the cached global rows. */
  globalWrite: <T>(fn: (tx: SqlRunner) => Promise<T>) => Promise<T>;
  /** Deferred aggregates on PostgreSQL with SqlStoreOptions.lockUsersFirst: lock the users' rows before withdrawing. */
  lockUsersFirst: boolean;
}

/** The Store methods that withdraw logins' contributions or delete them. */
export type Withdrawals = Pick<Store, 'eraseSubject' | 'objectSubject' | 'markNotMe' | 'forgetDevice' | 'purge'>;

/** The withdrawals over SQL. */
export function sqlWithdrawals(ctx: WithdrawalContext): Withdrawals {
  const { db, runner, q, agg, globalWrite } = ctx;
  /** Deferred on PostgreSQL: lock the user_totals rows of `userIds` before a withdrawal touches their counts (see lockUsersFirst). */
  const lockUsers = async (tx: SqlRunner, userIds: Iterable<string>): Promise<void> => {
    if (!ctx.lockUsersFirst) return;
    const sorted = [...new Set(userIds)].sort();
    if (sorted.length > 0) await rows(tx, q.lockUsers(sorted.length), perRow(sorted.map((userId) => ({ userId }))));
  };

  async function eraseIn(tx: SqlRunner, subject: Subject): Promise<number> {
    const logins = await all<{ id: string; user_id: string; vouching: number }>(tx, loginsOf(db, subject).select(['id', 'user_id', 'vouching']));
    await lockUsers(
      tx,
      logins.map((l) => l.user_id),
    );
    for (const login of logins) await agg.deleteLogin(tx, login);
    let remove = db.deleteFrom('collections');
    if (subject.userId !== undefined) remove = remove.where('user_id', '=', subject.userId);
    if (subject.deviceId !== undefined) remove = remove.where('device_id', '=', subject.deviceId);
    const { sql, params } = once(remove);
    return logins.length + (await tx.run(sql, params));
  }

  return {
    eraseSubject: (subject: Subject) => globalWrite((tx) => eraseIn(tx, subject)),

    objectSubject: (subject: Subject, now: number) =>
      globalWrite(async (tx) => {
        const { sql, params } = once(
          db
            .insertInto('objections')
            .values({ subject: subjectKey(subject), time: now })
            .onConflict((oc) => oc.column('subject').doNothing()),
        );
        await tx.run(sql, params);
        return eraseIn(tx, subject);
      }),

    markNotMe: (userId: string, loginId: string) =>
      globalWrite(async (tx) => {
        const [login] = await all<{ id: string; user_id: string; vouching: number }>(
          tx,
          db.selectFrom('logins').select(['id', 'user_id', 'vouching']).where('id', '=', loginId).where('user_id', '=', userId),
        );
        if (!login) return false;
        await lockUsers(tx, [userId]);
        await agg.withdraw(tx, login.id, login.user_id);
        if (Number(login.vouching)) await agg.setVouching(tx, login.id, login.user_id, false);
        return true;
      }),

    forgetDevice: (userId: string, deviceId: string) =>
      globalWrite(async (tx) => {
        const logins = await all<{ id: string }>(tx, db.selectFrom('logins').select('id').where('user_id', '=', userId).where('device_id', '=', deviceId));
        await lockUsers(tx, [userId]);
        let changed = 0;
        for (const { id } of logins) if ((await agg.withdraw(tx, id, userId, DEVICE_FEATURES)) > 0) changed++;
        return changed;
      }),

    async purge(before: number): Promise<number> {
      let removed = 0;
      for (;;) {
        const batch = await globalWrite(async (tx) => {
          const logins = await all<{ id: string; user_id: string; vouching: number }>(
            tx,
            db.selectFrom('logins').select(['id', 'user_id', 'vouching']).where('time', '<', before).limit(PURGE_BATCH),
          );
          await lockUsers(
            tx,
            logins.map((l) => l.user_id),
          );
          for (const login of logins) await agg.deleteLogin(tx, login);
          return logins.length;
        });
        removed += batch;
        if (batch < PURGE_BATCH) break;
      }
      const collections = once(db.deleteFrom('collections').where('time', '<', before));
      const nonces = once(db.deleteFrom('nonces').where('expires_at', '<', before));
      return removed + (await runner.run(collections.sql, collections.params)) + (await runner.run(nonces.sql, nonces.params));
    },
  };
}
