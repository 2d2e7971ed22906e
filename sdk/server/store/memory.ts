import type {
  AssessmentReads,
  CollectionRecord,
  DeviceKeyRecord,
  FeatureValue,
  IssueNonce,
  LoginRecord,
  SpendNonce,
  Store,
  Subject,
  SubjectExport,
} from './types';
import { subjectsOf } from '../objection';
import { createMemoryLogins } from './memory-logins';
import { createMemoryNonces } from './memory-nonces';
import { createMemoryGuards } from './memory-guards';
import { createMemoryDeviceKeys } from './memory-device-keys';

/*
 * An honest in-memory twin of the SQL stores: the same aggregates maintained on `recordLogin`, the
 * same rights semantics, no persistence. Used by tests, by default when no store is given, and as
 * the floor in the assess bench.
 *
 * Semantics shared with the SQL stores (the contract test suite checks them on every backend):
 * - Only successful logins vouch, i.e. contribute their feature values to the per-user and global
 *   aggregates (kept in memory-logins.ts). `markNotMe` withdraws every contribution of one login;
 *   `forgetDevice` withdraws the `device-id` and `visitor-id` contributions of the user's logins made
 *   with that device id.
 * - `lastSuccess` is the latest login that still vouches (a "not me" login is skipped).
 * - `countRows` counts login and collection rows (and, without a subject, unexpired-or-not nonces);
 *   aggregates are derived from logins, so they are not counted but are removed with them.
 * - An objection survives the erase it triggers (it is a suppression marker, not data about the
 *   subject's behaviour) and is not counted by `countRows`.
 */

/** Feature names a remembered device is known by; `forgetDevice` withdraws these. */
const DEVICE_FEATURES = new Set(['device-id', 'visitor-id']);

function subjectKey(subject: Subject): string {
  if (subject.userId !== undefined && subject.deviceId !== undefined) return `ud:${subject.userId}\n${subject.deviceId}`;
  return subject.userId !== undefined ? `u:${subject.userId}` : `d:${subject.deviceId}`;
}

/** A row matches when every field the subject names matches (account and device both, when both are named). */
function rowMatches(row: { userId?: string | undefined; deviceId?: string | undefined }, subject: Subject): boolean {
  return (subject.userId === undefined || row.userId === subject.userId) && (subject.deviceId === undefined || row.deviceId === subject.deviceId);
}

function loginMatches(login: LoginRecord, subject: Subject): boolean {
  return rowMatches(login, subject);
}

function collectionMatches(collection: CollectionRecord, subject: Subject): boolean {
  return rowMatches(collection, subject);
}

/** Creates an empty in-memory `Store` (name `memory`). */
export function createMemoryStore(): Store {
  const logins = createMemoryLogins();
  const nonces = createMemoryNonces();
  const guards = createMemoryGuards();
  const collections = new Map<string, CollectionRecord>();
  const objections = new Set<string>();
  const { bindNow: bindDeviceKeyNow, ...deviceKeys } = createMemoryDeviceKeys();

  function eraseWhere(loginPredicate: (l: LoginRecord) => boolean, collectionPredicate: (c: CollectionRecord) => boolean): number {
    let removed = 0;
    for (const stored of [...logins.all()]) {
      if (loginPredicate(stored.login)) {
        logins.remove(stored);
        removed++;
      }
    }
    for (const [id, collection] of [...collections]) {
      if (collectionPredicate(collection)) {
        collections.delete(id);
        removed++;
      }
    }
    return removed;
  }

  /** Uses up a single-use id (see SpendNonce): consumed when registered, else marked spent. */
  const spendOnce = async (spend: SpendNonce): Promise<boolean> =>
    spend.registered ? nonces.consumeNonce(spend.nonce, spend.now) : spend.expiresAt > spend.now && guards.markNonceSpent(spend.nonce, spend.expiresAt);

  const clone = <T>(value: T): T => structuredClone(value);

  return {
    name: 'memory',

    readProfile: async (userId: string, values: FeatureValue[]) => logins.profileOf(userId, values),
    lastSuccess: async (userId: string) => logins.lastSuccessOf(userId),
    countFailures: async (by: { userId: string } | { ip: string }, since: number) => logins.countFailures(by, since),

    // One call instead of five promises (the SQL stores' one statement has the same answers).
    async readForAssessment(userId: string, ip: string, values: FeatureValue[], since: number, deviceKeyId?: string): Promise<AssessmentReads> {
      const reads: AssessmentReads = {
        profile: logins.profileOf(userId, values),
        lastSuccess: logins.lastSuccessOf(userId),
        failures: { user: logins.countFailures({ userId }, since), ip: logins.countFailures({ ip }, since) },
      };
      if (deviceKeyId !== undefined) reads.deviceKey = await deviceKeys.readDeviceKey(userId, deviceKeyId);
      return reads;
    },

    async recordLogin(login: LoginRecord, spend?: SpendNonce): Promise<boolean> {
      if (logins.has(login.id)) throw new Error(`login ${login.id} is already recorded`);
      if (spend && !(await spendOnce(spend))) return false;
      logins.record(login);
      return true;
    },

    async recordLoginUnlessObjected(
      login: LoginRecord,
      who: { userId: string; deviceId?: string | undefined },
      spend?: SpendNonce,
      issue?: IssueNonce,
      bind?: DeviceKeyRecord,
    ) {
      if (logins.has(login.id)) throw new Error(`login ${login.id} is already recorded`);
      const objected = subjectsOf(who).some((subject) => objections.has(subjectKey(subject)));
      if (spend && !(await spendOnce(spend))) return 'spent';
      if (objected) return 'objected';
      logins.record(login);
      if (issue) nonces.register(issue.nonce, issue.expiresAt);
      if (bind) bindDeviceKeyNow(bind);
      return 'recorded';
    },
    registersIssueWithLogin: true,
    bindsDeviceKeyWithLogin: true,

    async recordLogins(batch: readonly LoginRecord[]): Promise<void> {
      // All or nothing, like one SQL transaction: check every id before changing anything.
      const ids = new Set<string>();
      for (const login of batch) {
        if (logins.has(login.id) || ids.has(login.id)) throw new Error(`login ${login.id} is already recorded`);
        ids.add(login.id);
      }
      for (const login of batch) logins.record(login);
    },

    issueNonce: nonces.issueNonce,
    consumeNonce: nonces.consumeNonce,
    isNonceLive: nonces.isNonceLive,
    purgeExpiredNonces: async (now: number) => (await nonces.purgeExpiredNonces(now)) + (await guards.purgeGuards(now)),
    ...guards,
    async markNonceSpent(nonce: string, expiresAt: number, collection?: CollectionRecord): Promise<boolean> {
      if (!(await guards.markNonceSpent(nonce, expiresAt))) return false;
      if (collection) collections.set(collection.id, clone(collection));
      return true;
    },
    ...deviceKeys,

    async recordCollection(collection: CollectionRecord): Promise<void> {
      collections.set(collection.id, clone(collection));
    },

    async exportSubject(subject: Subject): Promise<SubjectExport> {
      return {
        subject: clone(subject),
        exportedAt: Date.now(),
        logins: [...logins.all()]
          .filter((s) => loginMatches(s.login, subject))
          .map((s) => clone(s.login))
          .sort((a, b) => a.time - b.time),
        collections: [...collections.values()]
          .filter((c) => collectionMatches(c, subject))
          .map((c) => clone(c))
          .sort((a, b) => a.time - b.time),
        objected: objections.has(subjectKey(subject)),
      };
    },

    async eraseSubject(subject: Subject): Promise<number> {
      return eraseWhere(
        (l) => loginMatches(l, subject),
        (c) => collectionMatches(c, subject),
      );
    },

    async objectSubject(subject: Subject): Promise<number> {
      objections.add(subjectKey(subject));
      return eraseWhere(
        (l) => loginMatches(l, subject),
        (c) => collectionMatches(c, subject),
      );
    },

    async isObjected(subject: Subject): Promise<boolean> {
      return objections.has(subjectKey(subject));
    },

    async isObjectedAny(who: { userId: string; deviceId?: string | undefined }): Promise<boolean> {
      return subjectsOf(who).some((subject) => objections.has(subjectKey(subject)));
    },

    async markNotMe(userId: string, loginId: string): Promise<boolean> {
      const stored = logins.get(loginId);
      if (!stored || stored.login.userId !== userId) return false;
      logins.unvouch(stored);
      return true;
    },

    async forgetDevice(userId: string, deviceId: string): Promise<number> {
      let changed = 0;
      for (const stored of logins.ofUser(userId)) {
        if (stored.login.deviceId !== deviceId) continue;
        if (logins.withdraw(stored, (v) => !DEVICE_FEATURES.has(v.feature)) > 0) changed++;
      }
      return changed;
    },

    async purge(before: number): Promise<number> {
      const removed = eraseWhere(
        (l) => l.time < before,
        (c) => c.time < before,
      );
      return removed + (await nonces.purgeExpiredNonces(before));
    },

    async countRows(subject?: Subject): Promise<number> {
      if (!subject) return logins.size() + collections.size + nonces.size();
      let n = 0;
      for (const { login } of logins.all()) if (loginMatches(login, subject)) n++;
      for (const c of collections.values()) if (collectionMatches(c, subject)) n++;
      return n;
    },

    async close(): Promise<void> {
      // Nothing to release; kept for interface parity with the SQL stores.
    },
  };
}
