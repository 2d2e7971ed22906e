import type { NonceStore } from './types';

/** The in-memory twin's single-use nonces, plus how many it holds (for `countRows`). */
export interface MemoryNonces extends NonceStore {
  /** issueNonce without the promise: registered in the same synchronous step as the login it comes with. */
  register(nonce: string, expiresAt: number): void;
  size(): number;
}

/** In-memory single-use nonces with the SQL stores' semantics (one consumer wins, expiry is strict). */
export function createMemoryNonces(): MemoryNonces {
  const nonces = new Map<string, number>();
  const register = (nonce: string, expiresAt: number): void => {
    nonces.set(nonce, expiresAt);
  };
  return {
    async issueNonce(nonce, expiresAt) {
      register(nonce, expiresAt);
    },
    register,
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
