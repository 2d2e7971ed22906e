/** The single-use ids: spent seal nonces (with the collection row stored alongside) and issued nonces. */
import type { Kysely } from 'kysely';
import { template } from './compile';
import type { QueryGroup } from './query-parts';
import type { TwofoldDatabase } from './schema';

/** Compiles the nonce and collection writes with `db`. */
export function compileNonceQueries(db: Kysely<TwofoldDatabase>) {
  return {
    /** (nonce, expiresAt): marks a single-use id spent; inserts nothing (0 rows changed) when it already was. */
    spendNonce: template<'nonce' | 'expiresAt'>((a) =>
      db
        .insertInto('spent_nonces')
        .values({ nonce: a('nonce'), expires_at: a<number>('expiresAt') })
        .onConflict((oc) => oc.column('nonce').doNothing()),
    ),
    /** A collection row's columns, by column name. */
    insertCollection: template<'id' | 'device_id' | 'user_id' | 'time' | 'receipt_id' | 'signals' | 'features'>((a) =>
      db.insertInto('collections').values({
        id: a('id'),
        device_id: a('device_id'),
        user_id: a<string | null>('user_id'),
        time: a<number>('time'),
        receipt_id: a('receipt_id'),
        signals: a('signals'),
        features: a('features'),
      }),
    ),

    // --- nonces ---
    /** (nonce, expiresAt) */
    issueNonce: template<'nonce' | 'expiresAt'>((a) =>
      db
        .insertInto('nonces')
        .values({ nonce: a('nonce'), expires_at: a<number>('expiresAt') })
        .onConflict((oc) => oc.column('nonce').doUpdateSet((eb) => ({ expires_at: eb.ref('excluded.expires_at') }))),
    ),
    /** (nonce) → expires_at; DELETE … RETURNING is atomic, so one of racing consumers gets the row. */
    consumeNonce: template<'nonce'>((a) => db.deleteFrom('nonces').where('nonce', '=', a('nonce')).returning('expires_at')),
    /** (nonce) → expires_at, leaving the row in place. */
    nonceExpiry: template<'nonce'>((a) => db.selectFrom('nonces').select('expires_at').where('nonce', '=', a('nonce'))),
  } satisfies QueryGroup;
}
