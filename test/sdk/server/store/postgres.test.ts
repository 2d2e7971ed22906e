// The Store contract on PostgreSQL when DATABASE_URL names one (postgres://…); skipped otherwise.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { describe, it } from 'vitest';
import { createPostgresStore } from '../../../../sdk/server/store/sql';
import { postgresUrl, urlWithSchema } from '../helpers/pg';
import { bindContract } from './bind-contract';
import { deviceKeyContract } from './device-key-contract';
import { guardContract } from './guard-contract';
import { issueContract } from './issue-contract';
import { bulkContract } from './store-bulk-contract';
import { storeContract } from './store-contract';

const url = postgresUrl();

/** Empties every table (the schema stays) so each contract test starts from nothing. */
async function truncateAll(connectionString: string): Promise<void> {
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 1 }) }) });
  try {
    await sql`TRUNCATE logins, login_values, user_counts, global_counts, feature_distinct, user_totals, nonces, collections, objections, spent_nonces, rate_limits, totp_state, device_keys, count_deltas, total_deltas`.execute(
      db,
    );
    await sql`UPDATE totals SET total_logins = 0, user_count = 0`.execute(db);
  } finally {
    await db.destroy();
  }
}

if (url) {
  let schemaUrl: string | undefined;
  const fresh = async () => {
    schemaUrl ??= await urlWithSchema(url, 'twofold_store_contract');
    const first = await createPostgresStore(schemaUrl);
    await first.close();
    await truncateAll(schemaUrl);
    return createPostgresStore(schemaUrl);
  };
  storeContract('postgres', fresh);
  bulkContract('postgres', fresh);
  guardContract('postgres', fresh);
  deviceKeyContract('postgres', fresh);
  // Its ids are unique per test: one schema, no truncation between tests.
  let issueSchema: Promise<string> | undefined;
  issueContract('postgres', async () => {
    issueSchema ??= urlWithSchema(url, 'twofold_store_issue');
    return createPostgresStore(await issueSchema);
  });
  // The same for the device key bound with the login (unique ids too).
  let bindSchema: Promise<string> | undefined;
  bindContract('postgres', async () => {
    bindSchema ??= urlWithSchema(url, 'twofold_store_bind');
    return createPostgresStore(await bindSchema);
  });
} else {
  describe('Store contract: postgres', () => {
    it.skip('skipped: set DATABASE_URL=postgres://user@host:port/db to run the store contract on PostgreSQL', () => {});
  });
}
