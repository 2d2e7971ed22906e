/**
 * The GuardStore contract (spent MAC'd nonces, rate-limit windows, TOTP state), written once and
 * run on the memory twin, SQLite and PostgreSQL: atomic under racing callers, purged when expired.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../../sdk/server/store/types';

/** Runs the guard contract against stores made by `create` (a fresh, empty store per test). */
export function guardContract(name: string, create: () => Promise<Store>): void {
  describe(`GuardStore contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await create();
    });
    afterEach(async () => {
      await store.close();
    });

    it('marks a nonce spent exactly once, also under a race, and forgets it after expiry', async () => {
      expect(await store.markNonceSpent('n1-aaaaaaaaaaaaaaaa', 5000)).toBe(true);
      expect(await store.markNonceSpent('n1-aaaaaaaaaaaaaaaa', 5000)).toBe(false);
      const race = await Promise.all(Array.from({ length: 8 }, () => store.markNonceSpent('n1-race-bbbbbbbbbbb', 5000)));
      expect(race.filter(Boolean)).toHaveLength(1);
      expect(await store.purgeExpiredNonces(4000)).toBe(0);
      expect(await store.purgeExpiredNonces(6000)).toBe(2);
      expect(await store.markNonceSpent('n1-aaaaaaaaaaaaaaaa', 9000)).toBe(true);
    });

    it('counts hits per key and fixed window, exactly under concurrency, and purges ended windows', async () => {
      expect(await store.hitRateLimit('ip:192.0.2.1', 60_000, 60_000)).toBe(1);
      expect(await store.hitRateLimit('ip:192.0.2.1', 60_000, 119_999)).toBe(2);
      expect(await store.hitRateLimit('ip:192.0.2.2', 60_000, 61_000)).toBe(1);
      expect(await store.hitRateLimit('ip:192.0.2.1', 60_000, 120_000)).toBe(1);
      const counts = await Promise.all(Array.from({ length: 20 }, () => store.hitRateLimit('acct:x', 60_000, 130_000)));
      expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      // Windows [60 s, 120 s) end at 120 s; purging at 150 s removes those two rows only.
      expect(await store.purgeGuards(150_000)).toBe(2);
      expect(await store.hitRateLimit('acct:x', 60_000, 131_000)).toBe(21);
      expect(await store.hitRateLimit('acct:x', 60_000, 132_000, 5)).toBe(26);
      expect(await store.hitRateLimit('acct:y', 60_000, 132_000, 7)).toBe(7);
      expect(await store.purgeGuards(10_000_000)).toBe(3);
    });

    it('keeps TOTP failures with compare-and-set, one winner per state', async () => {
      const fresh = await store.readTotpState('alice');
      expect(fresh).toEqual({ failures: 0, nextAllowedAt: 0, lastStep: null });
      const race = await Promise.all(Array.from({ length: 6 }, () => store.updateTotpFailures('alice', fresh, { failures: 1, nextAllowedAt: 0 })));
      expect(race.filter(Boolean)).toHaveLength(1);
      expect(await store.readTotpState('alice')).toEqual({ failures: 1, nextAllowedAt: 0, lastStep: null });
      expect(await store.updateTotpFailures('alice', fresh, { failures: 1, nextAllowedAt: 0 })).toBe(false);
      expect(await store.updateTotpFailures('alice', { failures: 1, nextAllowedAt: 0, lastStep: null }, { failures: 2, nextAllowedAt: 7000 })).toBe(true);
      expect(await store.readTotpState('bob')).toEqual({ failures: 0, nextAllowedAt: 0, lastStep: null });
    });

    it('accepts a TOTP step only forward (RFC 6238 §5.2), resetting failures, one winner under a race', async () => {
      await store.updateTotpFailures('carol', await store.readTotpState('carol'), { failures: 4, nextAllowedAt: 99 });
      expect(await store.acceptTotpStep('carol', 100)).toBe(true);
      expect(await store.readTotpState('carol')).toEqual({ failures: 0, nextAllowedAt: 0, lastStep: 100 });
      expect(await store.acceptTotpStep('carol', 100)).toBe(false);
      expect(await store.acceptTotpStep('carol', 99)).toBe(false);
      const race = await Promise.all(Array.from({ length: 6 }, () => store.acceptTotpStep('carol', 101)));
      expect(race.filter(Boolean)).toHaveLength(1);
      expect((await store.readTotpState('carol')).lastStep).toBe(101);
    });
  });
}
