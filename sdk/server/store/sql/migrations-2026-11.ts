/**
 * The migrations released in November 2026: the login, aggregate, nonce, collection and objection
 * tables, then the compact assessment reads. Append-only: databases record each by name (see
 * migrations.ts), so neither its SQL nor its place in the list ever changes. Each `db` is Kysely's
 * untyped handle on purpose: a migration runs against the schema of its time, not today's.
 */
import { SqliteAdapter, sql, type Migration } from 'kysely';

/** The first schema: logins and their aggregates, nonces, collections, objections. */
export const initialMigration: Migration = {
  async up(db) {
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
  async down(db) {
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
export const compactReadsMigration: Migration = {
  async up(db) {
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
  async down(db) {
    // The WITHOUT ROWID tables hold the same rows and keys; only the index change is undone.
    await db.schema.createIndex('logins_user_vouching_time').on('logins').columns(['user_id', 'vouching', 'time']).execute();
    await db.schema.dropIndex('logins_last_success').execute();
  },
};
