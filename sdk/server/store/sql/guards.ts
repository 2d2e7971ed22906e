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
    spendNonce: template<'nonce' | 'expiresAt'>((a) =>
      db
        .insertInto('spent_nonces')
        .values({ nonce: a('nonce'), expires_at: a<number>('expiresAt') })
        .onConflict((oc) => oc.column('nonce').doNothing()),
    ),
    /** (key, windowStart, expiresAt, hits) → count after these hits. */
    hit: template<'key' | 'start' | 'expiresAt' | 'hits'>((a) =>
      db
        .insertInto('rate_limits')
        .values({ key: a('key'), window_start: a<number>('start'), expires_at: a<number>('expiresAt'), count: a<number>('hits') })
        .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', eb.ref('excluded.count')) })))
        .returning('count'),
    ),
    /**
     * (key, windowStart, hits) → count; the common case once a key has its row. A plain UPDATE of a
     * column no index covers is a HOT update on PostgreSQL (no index entries, pruned in place), where
     * the upsert's speculative path would grow both indexes under concurrent hits.
     */
    addHits: template<'key' | 'start' | 'hits'>((a) =>
      db
        .updateTable('rate_limits')
        .set((eb) => ({ count: eb('count', '+', a<number>('hits')) }))
        .where('key', '=', a('key'))
        .where('window_start', '=', a<number>('start'))
        .returning('count'),
    ),
    /** (now) */
    purgeSpent: template<'now'>((a) => db.deleteFrom('spent_nonces').where('expires_at', '<', a<number>('now'))),
    /** (now) */
    purgeWindows: template<'now'>((a) => db.deleteFrom('rate_limits').where('expires_at', '<', a<number>('now'))),
    /** (account) → failures, next_allowed_at, last_step */
    totpState: template<'account'>((a) => db.selectFrom('totp_state').select(['failures', 'next_allowed_at', 'last_step']).where('account', '=', a('account'))),
    /** (account): the row every later compare-and-set needs. */
    ensureTotp: template<'account'>((a) =>
      db
        .insertInto('totp_state')
        .values({ account: a('account'), failures: 0, next_allowed_at: 0, last_step: null })
        .onConflict((oc) => oc.column('account').doNothing()),
    ),
    /** (account, expectedFailures, expectedNext, failures, nextAllowedAt) */
    casTotp: template<'account' | 'expectedFailures' | 'expectedNext' | 'failures' | 'nextAllowedAt'>((a) =>
      db
        .updateTable('totp_state')
        .set({ failures: a<number>('failures'), next_allowed_at: a<number>('nextAllowedAt') })
        .where('account', '=', a('account'))
        .where('failures', '=', a<number>('expectedFailures'))
        .where('next_allowed_at', '=', a<number>('expectedNext')),
    ),
    /** (account, step): moves the step forward only, and clears the failures with it. */
    acceptStep: template<'account' | 'step'>((a) =>
      db
        .updateTable('totp_state')
        .set({ last_step: a<number>('step'), failures: 0, next_allowed_at: 0 })
        .where('account', '=', a('account'))
        .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', a<number>('step'))])),
    ),
  };
}

/** The guard operations of a SQL store. */
export function sqlGuards(db: Kysely<TwofoldDatabase>, runner: SqlRunner): GuardStore {
  const q = guardQueries(db);
  return {
    async markNonceSpent(nonce, expiresAt) {
      return (await exec(runner, q.spendNonce, { nonce, expiresAt })) === 1;
    },
    async hitRateLimit(key, windowMs, now, hits = 1) {
      const start = now - (now % windowMs);
      const [existing] = await rows<{ count: number }>(runner, q.addHits, { key, start, hits });
      if (existing) return Number(existing.count);
      const [row] = await rows<{ count: number }>(runner, q.hit, { key, start, expiresAt: start + windowMs, hits });
      return Number(row?.count ?? hits);
    },
    async purgeGuards(now) {
      return (await exec(runner, q.purgeSpent, { now })) + (await exec(runner, q.purgeWindows, { now }));
    },
    async readTotpState(account) {
      const [row] = await rows<{ failures: number; next_allowed_at: number; last_step: number | null }>(runner, q.totpState, { account });
      const state: TotpState = { failures: 0, nextAllowedAt: 0, lastStep: null };
      if (row)
        Object.assign(state, {
          failures: Number(row.failures),
          nextAllowedAt: Number(row.next_allowed_at),
          lastStep: row.last_step === null ? null : Number(row.last_step),
        });
      return state;
    },
    async updateTotpFailures(account, expected, next) {
      await exec(runner, q.ensureTotp, { account });
      const compareAndSet = {
        account,
        expectedFailures: expected.failures,
        expectedNext: expected.nextAllowedAt,
        failures: next.failures,
        nextAllowedAt: next.nextAllowedAt,
      };
      return (await exec(runner, q.casTotp, compareAndSet)) === 1;
    },
    async acceptTotpStep(account, step) {
      await exec(runner, q.ensureTotp, { account });
      return (await exec(runner, q.acceptStep, { account, step })) === 1;
    },
  };
}
