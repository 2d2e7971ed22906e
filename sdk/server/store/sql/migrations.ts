/**
 * Schema migrations as code (not files read at run time), so bundled servers carry them. Applied
 * with Kysely's Migrator; each migration is append-only once released. The migrations themselves
 * live in one file per release month (migrations-2026-11.ts, migrations-2026-12.ts); this file
 * orders them and runs them.
 */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { TwofoldError } from '../../../protocol/errors';
import { compactReadsMigration, initialMigration } from './migrations-2026-11';
import { countDeltasMigration, deviceKeysMigration, guardsMigration } from './migrations-2026-12';

// biome-ignore lint/suspicious/noExplicitAny: Kysely's own convention for migrations: each runs against the schema of its time, not today's.
type AnyDb = Kysely<any>;

/** Every migration, in order (keys sort lexically). */
export const migrations: Record<string, Migration> = {
  '2026-11-23-0001-initial': initialMigration,
  '2026-11-23-0002-compact-reads': compactReadsMigration,
  '2026-12-06-0003-guards': guardsMigration,
  '2026-12-06-0004-device-keys': deviceKeysMigration,
  '2026-12-06-0005-count-deltas': countDeltasMigration,
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
