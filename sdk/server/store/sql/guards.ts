/**
 * The GuardStore over SQL (spent nonces, rate-limit windows, TOTP state): each operation is one
 * statement, atomic on its own, so racing instances on one database agree without transactions.
 */
import type { Kysely } from 'kysely';
import type { GuardStore, TotpState } from '../types';
import { exec, rows } from './aggregates';
import { template } from './compile';
import type { SqlRunner } from './runner';
import type { TwofoldDatabase } from './schema';

function guardQueries(db: Kysely<TwofoldDatabase>) {
  return {
    /** (nonce, expiresAt): inserts nothing when the nonce is already spent. */
    spendNonce: template((a) => db.insertInto('spent_nonces').values({ nonce: a(0), expires_at: a<number>(1) })
      .onConflict((oc) => oc.column('nonce').doNothing())),
    /** (key, windowStart, expiresAt, hits) → count after these hits. */
    hit: template((a) => db.insertInto('rate_limits').values({ key: a(0), window_start: a<number>(1), expires_at: a<number>(2), count: a<number>(3) })
      .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', eb.ref('excluded.count')) })))
      .returning('count')),
    /**
     * (key, windowStart, hits) → count; the common case once a key has its row. A plain UPDATE of a
     * column no index covers is a HOT update on PostgreSQL (no index entries, pruned in place), where
     * the upsert's speculative path would grow both indexes under concurrent hits.
     */
    addHits: template((a) => db.updateTable('rate_limits').set((eb) => ({ count: eb('count', '+', a<number>(2)) }))
      .where('key', '=', a(0)).where('window_start', '=', a<number>(1)).returning('count')),
    /** (now) */
    purgeSpent: template((a) => db.deleteFrom('spent_nonces').where('expires_at', '<', a<number>(0))),
    /** (now) */
    purgeWindows: template((a) => db.deleteFrom('rate_limits').where('expires_at', '<', a<number>(0))),
    /** (account) → failures, next_allowed_at, last_step */
    totpState: template((a) => db.selectFrom('totp_state').select(['failures', 'next_allowed_at', 'last_step']).where('account', '=', a(0))),
    /** (account): the row every later compare-and-set needs. */
    ensureTotp: template((a) => db.insertInto('totp_state').values({ account: a(0), failures: 0, next_allowed_at: 0, last_step: null })
      .onConflict((oc) => oc.column('account').doNothing())),
    /** (account, expectedFailures, expectedNext, failures, nextAllowedAt) */
    casTotp: template((a) => db.updateTable('totp_state').set({ failures: a<number>(3), next_allowed_at: a<number>(4) })
      .where('account', '=', a(0)).where('failures', '=', a<number>(1)).where('next_allowed_at', '=', a<number>(2))),
    /** (account, step): moves the step forward only, and clears the failures with it. */
    acceptStep: template((a) => db.updateTable('totp_state').set({ last_step: a<number>(1), failures: 0, next_allowed_at: 0 })
      .where('account', '=', a(0)).where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', a<number>(1))]))),
  };
}

/** The guard operations of a SQL store. */
export function sqlGuards(db: Kysely<TwofoldDatabase>, runner: SqlRunner): GuardStore {
  const q = guardQueries(db);
  return {
    async markNonceSpent(nonce, expiresAt) {
      return (await exec(runner, q.spendNonce, [nonce, expiresAt])) === 1;
    },
    async hitRateLimit(key, windowMs, now, hits = 1) {
      const start = now - (now % windowMs);
      const [existing] = await rows<{ count: number }>(runner, q.addHits, [key, start, hits]);
      if (existing) return Number(existing.count);
      const [row] = await rows<{ count: number }>(runner, q.hit, [key, start, start + windowMs, hits]);
      return Number(row?.count ?? hits);
    },
    async purgeGuards(now) {
      return (await exec(runner, q.purgeSpent, [now])) + (await exec(runner, q.purgeWindows, [now]));
    },
    async readTotpState(account) {
      const [row] = await rows<{ failures: number; next_allowed_at: number; last_step: number | null }>(runner, q.totpState, [account]);
      const state: TotpState = { failures: 0, nextAllowedAt: 0, lastStep: null };
      if (row) Object.assign(state, { failures: Number(row.failures), nextAllowedAt: Number(row.next_allowed_at), lastStep: row.last_step === null ? null : Number(row.last_step) });
      return state;
    },
    async updateTotpFailures(account, expected, next) {
      await exec(runner, q.ensureTotp, [account]);
      return (await exec(runner, q.casTotp, [account, expected.failures, expected.nextAllowedAt, next.failures, next.nextAllowedAt])) === 1;
    },
    async acceptTotpStep(account, step) {
      await exec(runner, q.ensureTotp, [account]);
      return (await exec(runner, q.acceptStep, [account, step])) === 1;
    },
  };
}
