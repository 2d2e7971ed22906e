/**
 * Schema migrations as code (not files read at run time), so bundled servers carry them. Applied
 * with Kysely's Migrator; each migration is append-only once released.
 */
import { Migrator, SqliteAdapter, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { TwofoldError } from '../../../protocol/errors';
import { featuresOfStoredReport } from '../../collection';

// biome-ignore lint/suspicious/noExplicitAny: Kysely's own convention for migrations: each runs against the schema of its time, not today's.
type AnyDb = Kysely<any>;

const initial: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('logins')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('time', 'bigint', (c) => c.notNull())
      .addColumn('ip', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('vouching', 'integer', (c) => c.notNull())
      .addColumn('device_id', 'text')
      .addColumn('visitor_id', 'text')
      .addColumn('lat', 'double precision')
      .addColumn('lon', 'double precision')
      .addColumn('features', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('logins_user_vouching_time').on('logins').columns(['user_id', 'vouching', 'time']).execute();
    await db.schema.createIndex('logins_user_outcome_time').on('logins').columns(['user_id', 'outcome', 'time']).execute();
    await db.schema.createIndex('logins_ip_outcome_time').on('logins').columns(['ip', 'outcome', 'time']).execute();
    await db.schema.createIndex('logins_device').on('logins').column('device_id').execute();
    await db.schema.createIndex('logins_time').on('logins').column('time').execute();

    await db.schema
      .createTable('login_values')
      .addColumn('login_id', 'text', (c) => c.notNull())
      .addColumn('feature', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('login_values_pk', ['login_id', 'feature', 'value'])
      .execute();

    await db.schema
      .createTable('user_counts')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('feature', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('user_counts_pk', ['user_id', 'feature', 'value'])
      .execute();
    await db.schema
      .createTable('global_counts')
      .addColumn('feature', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('global_counts_pk', ['feature', 'value'])
      .execute();
    await db.schema
      .createTable('feature_distinct')
      .addColumn('feature', 'text', (c) => c.primaryKey())
      .addColumn('count', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('user_totals')
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('logins', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('totals')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('total_logins', 'bigint', (c) => c.notNull())
      .addColumn('user_count', 'bigint', (c) => c.notNull())
      .execute();
    await db.insertInto('totals').values({ id: 1, total_logins: 0, user_count: 0 }).execute();

    await db.schema
      .createTable('nonces')
      .addColumn('nonce', 'text', (c) => c.primaryKey())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('nonces_expires').on('nonces').column('expires_at').execute();

    await db.schema
      .createTable('collections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('time', 'bigint', (c) => c.notNull())
      .addColumn('receipt_id', 'text', (c) => c.notNull())
      .addColumn('signals', 'text', (c) => c.notNull())
      .addColumn('report', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('collections_device').on('collections').column('device_id').execute();
    await db.schema.createIndex('collections_user').on('collections').column('user_id').execute();
    await db.schema.createIndex('collections_time').on('collections').column('time').execute();

    await db.schema
      .createTable('objections')
      .addColumn('subject', 'text', (c) => c.primaryKey())
      .addColumn('time', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: AnyDb) {
    for (const table of [
      'objections',
      'collections',
      'nonces',
      'totals',
      'user_totals',
      'feature_distinct',
      'global_counts',
      'user_counts',
      'login_values',
      'logins',
    ]) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};

/** The aggregate tables, their columns (in order) and primary keys, as the initial migration made them. */
const AGGREGATE_TABLES: { table: string; columns: [string, 'text' | 'integer'][]; key: string[] }[] = [
  {
    table: 'login_values',
    columns: [
      ['login_id', 'text'],
      ['feature', 'text'],
      ['value', 'text'],
    ],
    key: ['login_id', 'feature', 'value'],
  },
  {
    table: 'user_counts',
    columns: [
      ['user_id', 'text'],
      ['feature', 'text'],
      ['value', 'text'],
      ['count', 'integer'],
    ],
    key: ['user_id', 'feature', 'value'],
  },
  {
    table: 'global_counts',
    columns: [
      ['feature', 'text'],
      ['value', 'text'],
      ['count', 'integer'],
    ],
    key: ['feature', 'value'],
  },
  {
    table: 'feature_distinct',
    columns: [
      ['feature', 'text'],
      ['count', 'integer'],
    ],
    key: ['feature'],
  },
  {
    table: 'user_totals',
    columns: [
      ['user_id', 'text'],
      ['logins', 'integer'],
    ],
    key: ['user_id'],
  },
];

/**
 * Assessment reads are primary-key probes into the aggregates plus the user's latest vouching
 * login. (1) `lastSuccess` becomes index-only: the index carries ip/lat/lon, so the wide login row
 * is never fetched. (2) On SQLite the aggregate tables become WITHOUT ROWID (clustered on their
 * key): one b-tree descent per probe instead of index + rowid table, and smaller files. PostgreSQL
 * keeps its heap tables; the queries are the same on both.
 */
const compactReads: Migration = {
  async up(db: AnyDb) {
    await db.schema.createIndex('logins_last_success').on('logins').columns(['user_id', 'vouching', 'time', 'ip', 'lat', 'lon']).execute();
    await db.schema.dropIndex('logins_user_vouching_time').execute();
    if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
    for (const { table, columns, key } of AGGREGATE_TABLES) {
      const next = `${table}_next`;
      let create = db.schema.createTable(next);
      for (const [name, type] of columns) create = create.addColumn(name, type, (c) => c.notNull());
      await create
        .addPrimaryKeyConstraint(`${table}_pk`, key as never)
        .modifyEnd(sql`without rowid`)
        .execute();
      await sql`INSERT INTO ${sql.table(next)} SELECT ${sql.join(columns.map(([name]) => sql.ref(name)))} FROM ${sql.table(table)}`.execute(db);
      await db.schema.dropTable(table).execute();
      await db.schema.alterTable(next).renameTo(table).execute();
    }
  },
  async down(db: AnyDb) {
    // The WITHOUT ROWID tables hold the same rows and keys; only the index change is undone.
    await db.schema.createIndex('logins_user_vouching_time').on('logins').columns(['user_id', 'vouching', 'time']).execute();
    await db.schema.dropIndex('logins_last_success').execute();
  },
};

/**
 * Abuse guards and data minimisation. (1) `spent_nonces`: seal nonces are MAC'd and cost no row
 * until spent (sdk/server/seal.ts). (2) `rate_limits`: fixed-window counters shared by every
 * instance. (3) `totp_state`: consecutive TOTP failures, backoff and the replay step per account.
 * (4) Collections keep the bounded feature values the rules use instead of the raw report: each
 * stored report is projected (sdk/server/collection.ts) into `features`, then `report` is dropped.
 */
const guards: Migration = {
  async up(db: AnyDb) {
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
  async down(db: AnyDb) {
    await db.schema
      .alterTable('collections')
      .addColumn('report', 'text', (c) => c.notNull().defaultTo('null'))
      .execute();
    await db.schema.alterTable('collections').dropColumn('features').execute();
    for (const table of ['totp_state', 'rate_limits', 'spent_nonces']) await db.schema.dropTable(table).ifExists().execute();
  },
};

/** Device keys bound to accounts ("remember this device"). */
const deviceKeys: Migration = {
  async up(db: AnyDb) {
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
  async down(db: AnyDb) {
    await db.schema.dropTable('device_keys').ifExists().execute();
  },
};

/**
 * Append-only increments of the global aggregates (feature value counts, totals): a login writes
 * new rows here instead of updating rows every login shares; a background fold sums them into
 * global_counts / feature_distinct / totals (see SqlStoreOptions.foldIntervalMs). No key: the fold
 * deletes what it sums in one DELETE … RETURNING.
 */
const countDeltas: Migration = {
  async up(db: AnyDb) {
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
  async down(db: AnyDb) {
    for (const table of ['total_deltas', 'count_deltas']) await db.schema.dropTable(table).ifExists().execute();
  },
};

/** Every migration, in order (keys sort lexically). */
export const migrations: Record<string, Migration> = {
  '2026-11-23-0001-initial': initial,
  '2026-11-23-0002-compact-reads': compactReads,
  '2026-12-06-0003-guards': guards,
  '2026-12-06-0004-device-keys': deviceKeys,
  '2026-12-06-0005-count-deltas': countDeltas,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** PostgreSQL's invalid_schema_name / undefined_table: what introspection meets when a schema or table is dropped under it. */
const isConcurrentDrop = (error: unknown): boolean => ['3F000', '42P01'].includes(String((error as { code?: unknown } | null)?.code));

/**
 * Whether the database already records exactly this code's migrations: one query. Why: Kysely's
 * Migrator first introspects every table of every schema to find its own two, which took ~1.1 s per
 * store open on a PostgreSQL database holding other schemas (other apps', test runs'): each
 * `twofold serve` worker start and each test's store paid it. Anything else (no table yet, a missing
 * or an unknown migration, a failed read) goes through the Migrator as before.
 */
async function recordsExactly(db: AnyDb, schema: string | undefined): Promise<boolean> {
  try {
    const table = schema ? sql.id(schema, 'twofold_migrations') : sql.id('twofold_migrations');
    const { rows } = await sql<{ name: string }>`SELECT name FROM ${table}`.execute(db);
    const known = Object.keys(migrations);
    const applied = new Set(rows.map((row) => row.name));
    return applied.size === known.length && known.every((name) => applied.has(name));
  } catch {
    return false;
  }
}

/** Brings the schema to the latest migration; throws `store_migration_failed` naming the step. */
export async function migrateToLatest(db: AnyDb, options: { schema?: string } = {}): Promise<void> {
  if (await recordsExactly(db, options.schema)) return;
  // On PostgreSQL the caller names the connection's current schema, so the Migrator looks for its
  // bookkeeping tables there and not in another schema of the same database.
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'twofold_migrations',
    migrationLockTableName: 'twofold_migrations_lock',
    ...(options.schema ? { migrationTableSchema: options.schema } : {}),
  });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely's Migrator looks for its tables by introspecting every schema of the database, and on
  // PostgreSQL that query fails ("schema … does not exist", "relation … does not exist") when another
  // session drops a schema or table meanwhile (other apps' or tests' schemas). Nothing ran yet then: retry.
  for (let attempt = 1; attempt < 5 && error && !results?.length && isConcurrentDrop(error); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new TwofoldError('store_migration_failed', `Database migration "${failed}" failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
      status: 500,
    });
  }
}
