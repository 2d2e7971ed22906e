import { featureKey, type FeatureValue, type LastSuccess, type LoginRecord, type ProfileCounts } from './types';
import { createFailureIndex } from './memory-failures';

/** One recorded login and what it currently adds to the aggregates. */
export interface StoredLogin {
  login: LoginRecord;
  /** The feature values this login currently contributes to the aggregates. */
  vouches: FeatureValue[];
  /** Whether the login counts as a vouching login (successful and not marked "not me"). */
  vouching: boolean;
}

/**
 * The in-memory twin's logins and the aggregates derived from them, kept in step on every change
 * (the SQL stores keep the same aggregates in tables). Only successful logins vouch, i.e.
 * contribute their feature values to the per-user and global counts; `lastSuccess` is the latest
 * login that still vouches.
 */
export interface MemoryLogins {
  has(id: string): boolean;
  get(id: string): StoredLogin | undefined;
  all(): IterableIterator<StoredLogin>;
  size(): number;
  /** recordLogin without the promise (bulk import runs it per login after checking every id); throws on a known id. */
  record(login: LoginRecord): void;
  /** Withdraws the login's contributions (those `keep` refuses); returns how many were withdrawn. */
  withdraw(stored: StoredLogin, keep?: (value: FeatureValue) => boolean): number;
  /** Withdraws every contribution and stops the login vouching ("not me"). */
  unvouch(stored: StoredLogin): void;
  /** Unvouches the login and forgets it. */
  remove(stored: StoredLogin): void;
  ofUser(userId: string): StoredLogin[];
  profileOf(userId: string, values: readonly FeatureValue[]): ProfileCounts;
  lastSuccessOf(userId: string): LastSuccess | undefined;
  countFailures(by: { userId: string } | { ip: string }, since: number): number;
}

function bump(map: Map<string, number>, key: string, delta: number): number {
  const next = (map.get(key) ?? 0) + delta;
  if (next <= 0) map.delete(key);
  else map.set(key, next);
  return next;
}

/** An empty MemoryLogins. */
export function createMemoryLogins(): MemoryLogins {
  const logins = new Map<string, StoredLogin>();
  const loginsByUser = new Map<string, Set<string>>();
  const userCounts = new Map<string, Map<string, number>>();
  const globalCounts = new Map<string, number>();
  const distinct = new Map<string, number>();
  const vouchingByUser = new Map<string, number>();
  let totalLogins = 0;
  const failures = createFailureIndex();
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

  function unvouch(stored: StoredLogin): void {
    withdraw(stored);
    setVouching(stored, false);
  }

  // recordLogin is the hot write path: a shallow copy of the record and its feature values is enough.
  const copyLogin = (l: LoginRecord): LoginRecord => ({ ...l, features: l.features.map((f) => ({ feature: f.feature, value: f.value })) });

  return {
    has: (id) => logins.has(id),
    get: (id) => logins.get(id),
    all: () => logins.values(),
    size: () => logins.size,
    withdraw,
    unvouch,

    record(login) {
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
    },

    remove(stored) {
      const { login } = stored;
      unvouch(stored);
      logins.delete(login.id);
      const ids = loginsByUser.get(login.userId);
      ids?.delete(login.id);
      if (ids && ids.size === 0) loginsByUser.delete(login.userId);
      if (login.outcome === 'failure') failures.remove(login);
    },

    ofUser(userId) {
      const ids = loginsByUser.get(userId);
      if (!ids) return [];
      const out: StoredLogin[] = [];
      for (const id of ids) {
        const stored = logins.get(id);
        if (stored) out.push(stored);
      }
      return out;
    },

    profileOf(userId, values) {
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
    },

    lastSuccessOf(userId) {
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
    },

    countFailures: (by, since) => failures.count(by, since),
  };
}
