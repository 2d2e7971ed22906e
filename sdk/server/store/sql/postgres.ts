/** The scale-out store: PostgreSQL through `pg`; every instance shares nonces, counters and aggregates. */
import { Kysely, PostgresDialect, sql, type DatabaseIntrospector, type DatabaseMetadata, type SchemaMetadata, type TableMetadata } from 'kysely';
import type pg from 'pg';
import type { Store } from '../types';
import { migrateToLatest } from './migrations';
import type { TwofoldDatabase } from './schema';
import { compilerFor } from './compile';
import { loadDriver } from './driver';
import { postgresRunner } from './runner';
import { createSqlStore, type SqlStoreFaults } from './store';

// BIGINT (int8, oid 20) and NUMERIC COUNT(*) results arrive as strings from pg; our values (ms
// times, counts) are far below 2^53, so parse them as numbers for this pool only.
const INT8_OID = 20;
const typesOf = (driver: typeof pg) => ({
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : driver.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
});

/** Options for `createPostgresStore` beyond the connection URL. */
export interface PostgresStoreOptions {
  /** Maximum pool connections (default 10). */
  maxConnections?: number;
  /** Deferred global aggregates, folded every this many ms (see SqlStoreOptions.foldIntervalMs); default 0, applied at once. */
  foldIntervalMs?: number;
  /** Who folds them: this store (`'inline'`, default) or another process (see SqlStoreOptions.fold). */
  fold?: 'inline' | 'external';
  /** How long assess may reuse a global count another instance may have changed (see SqlStoreOptions.aggregateCacheMs); default 1000. */
  aggregateCacheMs?: number;
  /** Test-only fault injection (see SqlStoreFaults). */
  faults?: SqlStoreFaults;
}

/**
 * What Kysely's Migrator asks the introspector (do its two tables exist in this schema) answered
 * from the connection's current schema alone. Kysely's PostgreSQL introspector reads every column
 * of every table of every schema for it: ~1.1 s on a database that also holds other schemas (other
 * apps', test runs'), at every fresh schema's first migration.
 */
class CurrentSchemaIntrospector implements DatabaseIntrospector {
  constructor(
    // biome-ignore lint/suspicious/noExplicitAny: the introspector Kysely hands a dialect is untyped (Kysely<any>)
    private readonly db: Kysely<any>,
    private readonly all: DatabaseIntrospector,
  ) {}
  getSchemas(): Promise<SchemaMetadata[]> {
    return this.all.getSchemas();
  }
  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ schema: string; name: string }>`
      SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`.execute(this.db);
    return rows.map(({ schema, name }) => ({ schema, name, isView: false, columns: [] }));
  }
  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}

/** The PostgreSQL dialect the migrations run on (see CurrentSchemaIntrospector). */
class CurrentSchemaDialect extends PostgresDialect {
  // biome-ignore lint/suspicious/noExplicitAny: as above, Kysely's Dialect signature
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db, super.createIntrospector(db));
  }
}

/** Connects to PostgreSQL at `url` (postgres://…), migrates to the latest schema and returns the Store. */
export async function createPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const pg = (await loadDriver<{ default: typeof import('pg') }>('pg', 'PostgreSQL')).default;
  const types = typesOf(pg);
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10, types });
  // Kysely runs the migrations on its own short-lived pool; the store then owns `pool`.
  const migrationDb = new Kysely<TwofoldDatabase>({ dialect: new CurrentSchemaDialect({ pool: new pg.Pool({ connectionString: url, max: 1, types }) }) });
  try {
    const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(migrationDb);
    await migrateToLatest(migrationDb, { schema: rows[0]?.schema ?? 'public' });
  } catch (error) {
    await pool.end();
    throw error;
  } finally {
    await migrationDb.destroy();
  }
  return createSqlStore(compilerFor('postgres'), postgresRunner(pool), 'postgres', {
    lockTotalsFirst: true,
    lockUsersFirst: true,
    oneStatementWrites: true,
    ...(options.foldIntervalMs ? { foldIntervalMs: options.foldIntervalMs } : {}),
    ...(options.fold ? { fold: options.fold } : {}),
    ...(options.aggregateCacheMs !== undefined ? { aggregateCacheMs: options.aggregateCacheMs } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
  });
}
