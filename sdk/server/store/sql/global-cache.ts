/**
 * The short-lived cache of global aggregates the assess read goes through. Every sign-in reads the
 * global count of each of its ~17 feature values and each feature's distinct count; most of those
 * are the same popular rows (a country, an ISP, a browser version, a language) read thousands of
 * times a second, and a score does not need them to the login: Freeman's p(x) barely moves in a
 * second. Cached, the assess statement probes only the per-user rows and the values missing here.
 *
 * Exact for this store's own writes (the store forgets what it changes, see store.ts); other
 * instances' writes show within `ttlMs`. Per-user counts, totals, failures and the last success are
 * never cached. Bounded: values are the client's to choose, so the oldest entries make room.
 */
import type { FeatureValue } from '../types';

interface Entry {
  count: number;
  expiresAt: number;
}

/** Default lifetime of a cached global count (SqlStoreOptions.aggregateCacheMs). */
export const DEFAULT_AGGREGATE_CACHE_MS = 1000;
/**
 * Only values at least this common are kept: a rare value (one account's IP, device id, key) is
 * read again soon by nobody but its owner, and every client-chosen value kept would cost memory.
 */
export const MIN_CACHED_COUNT = 8;
/** Most cached values; a full cache starts over (cheaper than evicting one by one from a large Map). */
const MAX_VALUES = 20_000;

/** What the cache lacks for one assess read. */
export interface CacheMisses {
  /** Indexes (into the values) of the values whose global count must be read. */
  values: number[];
  /** Features whose distinct count must be read. */
  features: string[];
}

/** The cache: global counts by feature and value, distinct counts by feature. */
export interface GlobalCountCache {
  /**
   * Copies the fresh cached global and distinct counts of `values` into `global` / `distinct`
   * (`keys[i]` is values[i]'s featureKey); returns what still needs a read.
   */
  fill(values: readonly FeatureValue[], keys: readonly string[], global: Map<string, number>, distinct: Map<string, number>, now: number): CacheMisses;
  /** Remembers a value's global count as read. */
  rememberCount(value: FeatureValue, count: number, now: number): void;
  /** Remembers a feature's distinct count as read. */
  rememberDistinct(feature: string, count: number, now: number): void;
  /** Forgets the global counts of `values` and the distinct counts of `features` (this store changed them). */
  forget(values: readonly FeatureValue[], features: Iterable<string>): void;
  /** Forgets everything (erase, purge, a fold, a bulk import). */
  clear(): void;
}

/** A cache keeping entries `ttlMs`; with 0 nothing is kept (every read goes to the database). */
export function createGlobalCountCache(ttlMs: number): GlobalCountCache {
  // Nested by feature, so a lookup hashes the value as it came (no feature+value key string built).
  const counts = new Map<string, Map<string, Entry>>();
  const distincts = new Map<string, Entry>();
  let size = 0;
  return {
    fill(values, keys, global, distinct, now) {
      const misses: CacheMisses = { values: [], features: [] };
      for (let i = 0; i < values.length; i++) {
        const { feature, value } = values[i]!;
        const count = counts.get(feature)?.get(value);
        if (count !== undefined && count.expiresAt > now) global.set(keys[i]!, count.count);
        else misses.values.push(i);
        if (distinct.has(feature) || misses.features.includes(feature)) continue;
        const features = distincts.get(feature);
        if (features !== undefined && features.expiresAt > now) distinct.set(feature, features.count);
        else misses.features.push(feature);
      }
      return misses;
    },
    rememberCount({ feature, value }, count, now) {
      if (ttlMs <= 0 || count < MIN_CACHED_COUNT) return;
      const expiresAt = now + ttlMs;
      const entry = counts.get(feature)?.get(value);
      if (entry) {
        entry.count = count;
        entry.expiresAt = expiresAt;
        return;
      }
      if (size >= MAX_VALUES) this.clear();
      let values = counts.get(feature);
      if (!values) {
        values = new Map();
        counts.set(feature, values);
      }
      values.set(value, { count, expiresAt });
      size++;
    },
    rememberDistinct(feature, count, now) {
      if (ttlMs <= 0) return;
      const entry = distincts.get(feature);
      if (entry) {
        entry.count = count;
        entry.expiresAt = now + ttlMs;
      } else if (distincts.size < MAX_VALUES) distincts.set(feature, { count, expiresAt: now + ttlMs });
    },
    forget(values, features) {
      for (const { feature, value } of values) if (counts.get(feature)?.delete(value)) size--;
      for (const feature of features) distincts.delete(feature);
    },
    clear() {
      counts.clear();
      distincts.clear();
      size = 0;
    },
  };
}
