/**
 * The migrations released in December 2026: abuse guards, device keys, deferred global counts.
 * Append-only, like every migration (see migrations-2026-11.ts).
 */
import type { Migration } from 'kysely';
import { featuresOfStoredReport } from '../../collection';

/**
 * Abuse guards and data minimisation. (1) `spent_nonces`: seal nonces are MAC'd and cost no row
 * until spent (sdk/server/seal.ts). (2) `rate_limits`: fixed-window counters shared by every
 * instance. (3) `totp_state`: consecutive TOTP failures, backoff and the replay step per account.
 * (4) Collections keep the bounded feature values the rules use instead of the raw report: each
 * stored report is projected (sdk/server/collection.ts) into `features`, then `report` is dropped.
 */
export const guardsMigration: Migration = {
  async up(db) {
    await db.schema
      .createTable('spent_nonces')
      .addColumn('nonce', 'text', (c) => c.primaryKey())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('spent_nonces_expires').on('spent_nonces').column('expires_at').execute();
    await db.schema
      .createTable('rate_limits')
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('window_start', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('rate_limits_pk', ['key', 'window_start'])
      .execute();
    // No index on expires_at: the purge's scan covers only the windows still open (ended ones are
    // gone within a minute), and every page an attacker makes us write counts (the 64 KB bound).
    await db.schema
      .createTable('totp_state')
      .addColumn('account', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('next_allowed_at', 'bigint', (c) => c.notNull())
      .addColumn('last_step', 'bigint')
      .execute();
    await db.schema
      .alterTable('collections')
      .addColumn('features', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
    for (;;) {
      const batch = await db.selectFrom('collections').select(['id', 'report']).where('features', '=', '[]').where('report', '!=', 'null').limit(500).execute();
      for (const row of batch as { id: string; report: string }[]) {
        let report: unknown = null;
        try {
          report = JSON.parse(row.report);
        } catch {
          // an unreadable report projects to no features
        }
        await db
          .updateTable('collections')
          .set({ features: JSON.stringify(featuresOfStoredReport(report)), report: 'null' })
          .where('id', '=', row.id)
          .execute();
      }
      if (batch.length < 500) break;
    }
    await db.schema.alterTable('collections').dropColumn('report').execute();
  },
  async down(db) {
    await db.schema
      .alterTable('collections')
      .addColumn('report', 'text', (c) => c.notNull().defaultTo('null'))
      .execute();
    await db.schema.alterTable('collections').dropColumn('features').execute();
    for (const table of ['totp_state', 'rate_limits', 'spent_nonces']) await db.schema.dropTable(table).ifExists().execute();
  },
};

/** Device keys bound to accounts ("remember this device"). */
export const deviceKeysMigration: Migration = {
  async up(db) {
    await db.schema
      .createTable('device_keys')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text')
      .addColumn('bound_at', 'bigint', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('device_keys_pk', ['user_id', 'key_id'])
      .execute();
    await db.schema.createIndex('device_keys_last_used').on('device_keys').column('last_used_at').execute();
  },
  async down(db) {
    await db.schema.dropTable('device_keys').ifExists().execute();
  },
};

/**
 * Append-only increments of the global aggregates (feature value counts, totals): a login writes
 * new rows here instead of updating rows every login shares; a background fold sums them into
 * global_counts / feature_distinct / totals (see SqlStoreOptions.foldIntervalMs). No key: the fold
 * deletes what it sums in one DELETE … RETURNING.
 */
export const countDeltasMigration: Migration = {
  async up(db) {
    await db.schema
      .createTable('count_deltas')
      .addColumn('feature', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('delta', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('total_deltas')
      .addColumn('logins', 'integer', (c) => c.notNull())
      .addColumn('users', 'integer', (c) => c.notNull())
      .execute();
  },
  async down(db) {
    for (const table of ['total_deltas', 'count_deltas']) await db.schema.dropTable(table).ifExists().execute();
  },
};
