import {
  featureKey,
  type AssessmentReads,
  type CollectionRecord,
  type DeviceKeyRecord,
  type LastSuccess,
  type FeatureValue,
  type IssueNonce,
  type LoginRecord,
  type SpendNonce,
  type ProfileCounts,
  type Store,
  type Subject,
  type SubjectExport,
} from './types';
import { subjectsOf } from '../objection';
import { createFailureIndex } from './memory-failures';
import { createMemoryNonces } from './memory-nonces';
import { createMemoryGuards } from './memory-guards';
import { createMemoryDeviceKeys } from './memory-device-keys';

/**
 * An honest in-memory twin of the SQL stores: the same aggregates maintained on `recordLogin`, the
 * same rights semantics, no persistence. Used by tests, by default when no store is given, and as
 * the floor in the assess bench.
 *
 * Semantics shared with the SQL stores (the contract test suite checks them on every backend):
 * - Only successful logins vouch, i.e. contribute their feature values to the per-user and global
 *   aggregates. `markNotMe` withdraws every contribution of one login; `forgetDevice` withdraws the
 *   `device-id` and `visitor-id` contributions of the user's logins made with that device id.
 * - `lastSuccess` is the latest login that still vouches (a "not me" login is skipped).
 * - `countRows` counts login and collection rows (and, without a subject, unexpired-or-not nonces);
 *   aggregates are derived from logins, so they are not counted but are removed with them.
 * - An objection survives the erase it triggers (it is a suppression marker, not data about the
 *   subject's behaviour) and is not counted by `countRows`.
 */
interface StoredLogin {
  login: LoginRecord;
  /** The feature values this login currently contributes to the aggregates. */
  vouches: FeatureValue[];
  /** Whether the login counts as a vouching login (successful and not marked "not me"). */
  vouching: boolean;
}

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

function bump(map: Map<string, number>, key: string, delta: number): number {
  const next = (map.get(key) ?? 0) + delta;
  if (next <= 0) map.delete(key);
  else map.set(key, next);
  return next;
}

/** Creates an empty in-memory `Store` (name `memory`). */
export function createMemoryStore(): Store {
  const logins = new Map<string, StoredLogin>();
  const loginsByUser = new Map<string, Set<string>>();
  const userCounts = new Map<string, Map<string, number>>();
  const globalCounts = new Map<string, number>();
  const distinct = new Map<string, number>();
  const vouchingByUser = new Map<string, number>();
  let totalLogins = 0;
  const failures = createFailureIndex();
  const nonces = createMemoryNonces();
  const guards = createMemoryGuards();
  const collections = new Map<string, CollectionRecord>();
  const objections = new Set<string>();
  const { bindNow: bindDeviceKeyNow, ...deviceKeys } = createMemoryDeviceKeys();
  // lastSuccess is read on every assessment: kept per user as logins start and stop vouching (see setVouching).
  const lastSuccessCache = new Map<string, LoginRecord | null>();

  function contribute(userId: string, value: FeatureValue, delta: 1 | -1): void {
    const key = featureKey(value.feature, value.value);
    let counts = userCounts.get(userId);
    if (!counts) {
      counts = new Map();
      userCounts.set(userId, counts);
    }
    bump(counts, key, delta);
    if (counts.size === 0) userCounts.delete(userId);
    const global = bump(globalCounts, key, delta);
    // A value appearing for the first time, or disappearing, changes the feature's distinct count.
    if (delta === 1 && global === 1) bump(distinct, value.feature, 1);
    if (delta === -1 && global === 0) bump(distinct, value.feature, -1);
  }

  function setVouching(stored: StoredLogin, vouching: boolean): void {
    if (stored.vouching === vouching) return;
    const { userId } = stored.login;
    const latest = lastSuccessCache.get(userId);
    // A new vouching login moves a known latest forward (or is the user's first); losing the latest
    // one makes it unknown again (the next read scans), losing another keeps it.
    if (vouching) {
      if (latest === undefined ? (vouchingByUser.get(userId) ?? 0) === 0 : !latest || stored.login.time > latest.time)
        lastSuccessCache.set(userId, stored.login);
    } else if (latest === undefined || latest === stored.login) lastSuccessCache.delete(userId);
    stored.vouching = vouching;
    const delta = vouching ? 1 : -1;
    totalLogins += delta;
    bump(vouchingByUser, stored.login.userId, delta);
  }

  function withdraw(stored: StoredLogin, keep: (value: FeatureValue) => boolean = () => false): number {
    const kept: FeatureValue[] = [];
    for (const value of stored.vouches) {
      if (keep(value)) kept.push(value);
      else contribute(stored.login.userId, value, -1);
    }
    const changed = stored.vouches.length - kept.length;
    stored.vouches = kept;
    return changed;
  }

  function deleteLogin(stored: StoredLogin): void {
    const { login } = stored;
    withdraw(stored);
    setVouching(stored, false);
    logins.delete(login.id);
    const ids = loginsByUser.get(login.userId);
    ids?.delete(login.id);
    if (ids && ids.size === 0) loginsByUser.delete(login.userId);
    if (login.outcome === 'failure') failures.remove(login);
  }

  function eraseWhere(loginPredicate: (l: LoginRecord) => boolean, collectionPredicate: (c: CollectionRecord) => boolean): number {
    let removed = 0;
    for (const stored of [...logins.values()]) {
      if (loginPredicate(stored.login)) {
        deleteLogin(stored);
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

  function userLogins(userId: string): StoredLogin[] {
    const ids = loginsByUser.get(userId);
    if (!ids) return [];
    const out: StoredLogin[] = [];
    for (const id of ids) {
      const stored = logins.get(id);
      if (stored) out.push(stored);
    }
    return out;
  }

  function profileOf(userId: string, values: readonly FeatureValue[]): ProfileCounts {
    const counts = userCounts.get(userId);
    const user = new Map<string, number>();
    const global = new Map<string, number>();
    const distinctOut = new Map<string, number>();
    for (const { feature, value } of values) {
      const key = featureKey(feature, value);
      user.set(key, counts?.get(key) ?? 0);
      global.set(key, globalCounts.get(key) ?? 0);
      distinctOut.set(feature, distinct.get(feature) ?? 0);
    }
    return { userLogins: vouchingByUser.get(userId) ?? 0, totalLogins, userCount: vouchingByUser.size, user, global, distinct: distinctOut };
  }

  function lastSuccessOf(userId: string): LastSuccess | undefined {
    let latest = lastSuccessCache.get(userId);
    if (latest === undefined) {
      latest = null;
      for (const id of loginsByUser.get(userId) ?? []) {
        const stored = logins.get(id);
        if (stored?.vouching && (!latest || stored.login.time > latest.time)) latest = stored.login;
      }
      lastSuccessCache.set(userId, latest);
    }
    if (!latest) return undefined;
    const out: LastSuccess = { time: latest.time, ip: latest.ip };
    if (latest.lat !== undefined) out.lat = latest.lat;
    if (latest.lon !== undefined) out.lon = latest.lon;
    return out;
  }

  /** Uses up a single-use id (see SpendNonce): consumed when registered, else marked spent. */
  const spendOnce = async (spend: SpendNonce): Promise<boolean> =>
    spend.registered ? nonces.consumeNonce(spend.nonce, spend.now) : spend.expiresAt > spend.now && guards.markNonceSpent(spend.nonce, spend.expiresAt);

  const clone = <T>(value: T): T => structuredClone(value);
  // recordLogin is the hot write path: a shallow copy of the record and its feature values is enough.
  const copyLogin = (l: LoginRecord): LoginRecord => ({ ...l, features: l.features.map((f) => ({ feature: f.feature, value: f.value })) });

  /** recordLogin without the promise: bulk import runs it per login after checking every id. */
  function recordOne(login: LoginRecord): void {
    if (logins.has(login.id)) throw new Error(`login ${login.id} is already recorded`);
    const stored: StoredLogin = { login: copyLogin(login), vouches: [], vouching: false };
    logins.set(login.id, stored);
    let ids = loginsByUser.get(login.userId);
    if (!ids) {
      ids = new Set();
      loginsByUser.set(login.userId, ids);
    }
    ids.add(login.id);
    if (login.outcome === 'success') {
      setVouching(stored, true);
      // Duplicate feature values in one login count once, as a SQL unique key would.
      const seen = new Set<string>();
      for (const value of stored.login.features) {
        const key = featureKey(value.feature, value.value);
        if (seen.has(key)) continue;
        seen.add(key);
        stored.vouches.push(value);
        contribute(login.userId, value, 1);
      }
    } else {
      failures.add(login);
    }
  }

  return {
    name: 'memory',

    readProfile: async (userId: string, values: FeatureValue[]) => profileOf(userId, values),
    lastSuccess: async (userId: string) => lastSuccessOf(userId),
    countFailures: async (by: { userId: string } | { ip: string }, since: number) => failures.count(by, since),

    // One call instead of five promises (the SQL stores' one statement has the same answers).
    async readForAssessment(userId: string, ip: string, values: FeatureValue[], since: number, deviceKeyId?: string): Promise<AssessmentReads> {
      const reads: AssessmentReads = {
        profile: profileOf(userId, values),
        lastSuccess: lastSuccessOf(userId),
        failures: { user: failures.count({ userId }, since), ip: failures.count({ ip }, since) },
      };
      if (deviceKeyId !== undefined) reads.deviceKey = await deviceKeys.readDeviceKey(userId, deviceKeyId);
      return reads;
    },

    async recordLogin(login: LoginRecord, spend?: SpendNonce): Promise<boolean> {
      if (logins.has(login.id)) throw new Error(`login ${login.id} is already recorded`);
      if (spend && !(await spendOnce(spend))) return false;
      recordOne(login);
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
      recordOne(login);
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
      for (const login of batch) recordOne(login);
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
        logins: [...logins.values()]
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
      withdraw(stored);
      setVouching(stored, false);
      return true;
    },

    async forgetDevice(userId: string, deviceId: string): Promise<number> {
      let changed = 0;
      for (const stored of userLogins(userId)) {
        if (stored.login.deviceId !== deviceId) continue;
        if (withdraw(stored, (v) => !DEVICE_FEATURES.has(v.feature)) > 0) changed++;
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
      if (!subject) return logins.size + collections.size + nonces.size();
      let n = 0;
      for (const { login } of logins.values()) if (loginMatches(login, subject)) n++;
      for (const c of collections.values()) if (collectionMatches(c, subject)) n++;
      return n;
    },

    async close(): Promise<void> {
      // Nothing to release; kept for interface parity with the SQL stores.
    },
  };
}
