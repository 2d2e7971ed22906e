/**
 * Recording a login on SQL: the objection check, the single-use id, the login row, its aggregates,
 * the id to issue with it (a rights token's) and the device key it proved in one transaction, or on
 * PostgreSQL with deferred aggregates in one statement (pg-writes.ts). Exactly-once: the id is spent
 * in the same transaction (or statement) as the login row, so both commit or neither does; an
 * objecting subject still uses the id up and stores nothing. The issued id and the key binding
 * commit with the login row, or not at all.
 */
import { subjectsOf, type ProcessedSubject } from '../../objection';
import type { DeviceKeyRecord, IssueNonce, LoginRecord, RecordOutcome, SpendNonce } from '../types';
import { exec, rows, uniqueValues, loginArgs, type Aggregates } from './aggregates';
import { perRow, type Template } from './compile';
import { deviceKeyArgs, type DeviceKeyArg } from './device-keys';
import type { GlobalCountCache } from './global-cache';
import { valueArrays, type PostgresWrites } from './pg-writes';
import type { Queries } from './queries';
import { subjectKey } from './rows';
import type { SqlRunner } from './runner';
import type { SqlStoreFaults } from './store-options';

/** What recordLogin needs from the store. */
export interface RecordLoginContext {
  q: Queries;
  /** The device-key bind upsert (device-keys.ts deviceKeyBindQuery): the same one bindDeviceKey runs. */
  bindKey: Template<DeviceKeyArg>;
  agg: Aggregates;
  runner: SqlRunner;
  /** The transaction a vouching login's aggregates are written in (see store.ts loginWrite). */
  loginWrite: <T>(fn: (tx: SqlRunner) => Promise<T>) => Promise<T>;
  deferred: boolean;
  globals: GlobalCountCache;
  pgWrites: PostgresWrites | undefined;
  faults: SqlStoreFaults | undefined;
}

/** The objection keys of `who` as the arguments subject.i (q.objectionAny, pg-writes' recordLogin). */
const objectionArgs = (who: ProcessedSubject) => perRow(subjectsOf(who).map((subject) => ({ subject: subjectKey(subject) })));

/** The key's bind arguments as pg-writes' recordLogin names them (bindUserId, bindKeyId, …: distinct from the login's). */
function keyArgs(key: DeviceKeyRecord) {
  const k = deviceKeyArgs(key);
  return { bindUserId: k.userId, bindKeyId: k.keyId, bindDeviceId: k.deviceId, bindBoundAt: k.boundAt, bindLastUsedAt: k.lastUsedAt };
}

/** RiskStore.recordLoginUnlessObjected over SQL (recordLogin is it without `who`). */
export function sqlRecordLogin(ctx: RecordLoginContext) {
  const { q, bindKey, agg, runner, deferred, globals, pgWrites, faults } = ctx;
  return async (login: LoginRecord, spend?: SpendNonce, who?: ProcessedSubject, issue?: IssueNonce, bind?: DeviceKeyRecord): Promise<RecordOutcome> => {
    const vouching = login.outcome === 'success';
    const values = vouching ? uniqueValues(login.features) : [];
    let newDistinct: string[] = [];
    const write = async (tx: SqlRunner): Promise<RecordOutcome> => {
      const objected = who !== undefined && (await rows(tx, q.objectionAny(subjectsOf(who).length), objectionArgs(who))).length > 0;
      // The id is marked spent in the same transaction as the login: both commit, or neither does.
      // A unique insert: of racing records one inserts, the others find the row (on PostgreSQL
      // they wait for the first to commit or roll back) and store nothing.
      if (spend?.registered) {
        const [nonce] = await rows<{ expires_at: number }>(tx, q.consumeNonce, { nonce: spend.nonce });
        if (nonce === undefined || Number(nonce.expires_at) <= spend.now) return 'spent';
      } else if (spend && (spend.expiresAt <= spend.now || (await exec(tx, q.spendNonce, { nonce: spend.nonce, expiresAt: spend.expiresAt })) === 0)) {
        return 'spent';
      }
      if (objected) return 'objected';
      await exec(tx, q.insertLogin, loginArgs(login));
      if (issue) await exec(tx, q.issueNonce, { nonce: issue.nonce, expiresAt: issue.expiresAt });
      if (bind) await exec(tx, bindKey, deviceKeyArgs(bind));
      if (vouching) {
        await agg.setVouching(tx, login.id, login.userId, true, true);
        newDistinct = await agg.contribute(tx, login.id, login.userId, values);
      }
      await faults?.recordBeforeCommit?.(login.id);
      return 'recorded';
    };
    // PostgreSQL, deferred aggregates: the same writes in one statement; a test's fault inside the
    // transaction still gets one, around that statement.
    const oneStatement = async (tx: SqlRunner, writes: PostgresWrites): Promise<RecordOutcome> => {
      if (spend && spend.expiresAt <= spend.now) return 'spent';
      const keys = who === undefined ? 0 : subjectsOf(who).length;
      const args = {
        ...loginArgs(login),
        ...valueArrays(values),
        ...(spend ? { nonce: spend.nonce, expiresAt: spend.expiresAt } : {}),
        ...(who ? objectionArgs(who) : {}),
        ...(issue ? { issueNonce: issue.nonce, issueExpiresAt: issue.expiresAt } : {}),
        ...(bind ? keyArgs(bind) : {}),
      };
      const template = writes.recordLogin(spend !== undefined, vouching, keys, issue !== undefined, bind !== undefined);
      const [row] = await rows<{ recorded: number; spent: number; objected: number }>(tx, template, args);
      if (Number(row?.recorded) !== 1) return spend && Number(row?.spent) !== 1 ? 'spent' : 'objected';
      await faults?.recordBeforeCommit?.(login.id);
      return 'recorded';
    };
    let outcome: RecordOutcome;
    try {
      if (pgWrites && deferred && !spend?.registered) {
        const writes = pgWrites;
        outcome = await (faults?.recordBeforeCommit ? runner.transaction((tx) => oneStatement(tx, writes)) : oneStatement(runner, writes));
      }
      // A failed attempt only inserts its row (no aggregates), so it takes no aggregate lock.
      else outcome = await (vouching ? ctx.loginWrite(write) : runner.transaction(write));
    } finally {
      // The global rows this login changed (immediate mode) are read afresh by the next assess.
      if (vouching && !deferred) globals.forget(values, newDistinct);
    }
    if (outcome === 'recorded') await faults?.recordAfterCommit?.(login.id);
    return outcome;
  };
}
