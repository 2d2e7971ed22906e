import type { NonceStore } from './types';

/** The in-memory twin's single-use nonces, plus how many it holds (for `countRows`). */
export interface MemoryNonces extends NonceStore {
  size(): number;
}

/** In-memory single-use nonces with the SQL stores' semantics (one consumer wins, expiry is strict). */
export function createMemoryNonces(): MemoryNonces {
  const nonces = new Map<string, number>();
  return {
    async issueNonce(nonce, expiresAt) {
      nonces.set(nonce, expiresAt);
    },
    async consumeNonce(nonce, now) {
      const expiresAt = nonces.get(nonce);
      if (expiresAt === undefined) return false;
      nonces.delete(nonce);
      return expiresAt > now;
    },
    async isNonceLive(nonce, now) {
      return (nonces.get(nonce) ?? -Infinity) > now;
    },
    async purgeExpiredNonces(now) {
      let removed = 0;
      for (const [nonce, expiresAt] of nonces) if (expiresAt < now && nonces.delete(nonce)) removed++;
      return removed;
    },
    size: () => nonces.size,
  };
}
