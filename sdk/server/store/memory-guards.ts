import type { GuardStore, TotpState } from './types';

/** The in-memory twin of the SQL stores' guard tables (spent nonces, rate-limit windows, TOTP state). */
export function createMemoryGuards(): GuardStore {
  const spent = new Map<string, number>();
  const windows = new Map<string, { count: number; expiresAt: number }>();
  const totp = new Map<string, TotpState>();
  return {
    async markNonceSpent(nonce, expiresAt) {
      if (spent.has(nonce)) return false;
      spent.set(nonce, expiresAt);
      return true;
    },
    async hitRateLimit(key, windowMs, now, hits = 1) {
      const start = now - (now % windowMs);
      const id = `${key}\u0000${start}`;
      const row = windows.get(id) ?? { count: 0, expiresAt: start + windowMs };
      row.count += hits;
      windows.set(id, row);
      return row.count;
    },
    async purgeGuards(now) {
      let removed = 0;
      for (const [nonce, expiresAt] of spent) if (expiresAt < now && spent.delete(nonce)) removed++;
      for (const [id, row] of windows) if (row.expiresAt < now && windows.delete(id)) removed++;
      return removed;
    },
    async readTotpState(account) {
      return { ...(totp.get(account) ?? { failures: 0, nextAllowedAt: 0, lastStep: null }) };
    },
    async updateTotpFailures(account, expected, next) {
      const state = totp.get(account) ?? { failures: 0, nextAllowedAt: 0, lastStep: null };
      if (state.failures !== expected.failures || state.nextAllowedAt !== expected.nextAllowedAt) return false;
      totp.set(account, { ...state, ...next });
      return true;
    },
    async acceptTotpStep(account, step) {
      const state = totp.get(account) ?? { failures: 0, nextAllowedAt: 0, lastStep: null };
      if (state.lastStep !== null && step <= state.lastStep) return false;
      totp.set(account, { failures: 0, nextAllowedAt: 0, lastStep: step });
      return true;
    },
  };
}
