/** SQL stores (SQLite embedded default, PostgreSQL scale-out) and `openStore` choosing between them. */
import type { Store } from '../types';
import { createPostgresStore } from './postgres';
import { createSqliteStore } from './sqlite';

export { createPostgresStore, type PostgresStoreOptions } from './postgres';
export { createSqliteStore, type SqliteStoreOptions } from './sqlite';
export type { SqlStoreFaults } from './store';
export { migrations, migrateToLatest } from './migrations';
export { startWalCheckpointer, type WalCheckpointer } from './checkpointer';

/** Default SQLite file when neither an argument nor DATABASE_URL names a database. */
export const DEFAULT_SQLITE_PATH = 'twofold.sqlite';

/**
 * Opens the store a URL names: `postgres://` / `postgresql://` → PostgreSQL; `sqlite:<path>`,
 * `file:<path>`, a plain path or `:memory:` → SQLite. Defaults to DATABASE_URL, then twofold.sqlite.
 */
export function openStore(databaseUrl: string | undefined = process.env['DATABASE_URL'], options: OpenStoreOptions = {}): Promise<Store> {
  const fold = { ...(options.foldIntervalMs ? { foldIntervalMs: options.foldIntervalMs } : {}), ...(options.fold ? { fold: options.fold } : {}) };
  const path = sqlitePathOf(databaseUrl);
  if (path === undefined) return createPostgresStore(databaseUrl!.trim(), fold);
  return createSqliteStore(path, { ...fold, ...(options.walCheckpoint ? { walCheckpoint: options.walCheckpoint } : {}) });
}

/** The SQLite path a store URL names (as openStore reads it; `:memory:` included), or undefined for PostgreSQL. */
export function sqlitePathOf(databaseUrl: string | undefined = process.env['DATABASE_URL']): string | undefined {
  const url = databaseUrl?.trim() || DEFAULT_SQLITE_PATH;
  if (/^postgres(ql)?:\/\//i.test(url)) return undefined;
  return url.replace(/^(sqlite|file):(\/\/)?/i, '') || ':memory:';
}

/** Options of `openStore` that apply to either engine. */
export interface OpenStoreOptions {
  /** Deferred global aggregates, folded every this many ms (see SqlStoreOptions.foldIntervalMs); default 0, applied at once. */
  foldIntervalMs?: number;
  /** Who folds them: this store (default) or another process on the database (see SqlStoreOptions.fold). */
  fold?: 'inline' | 'external';
  /** SQLite only: who checkpoints the WAL (see SqliteStoreOptions.walCheckpoint). */
  walCheckpoint?: 'inline' | 'external';
}
