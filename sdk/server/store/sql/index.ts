/** SQL stores (SQLite embedded default, PostgreSQL scale-out) and `openStore` choosing between them. */
import type { Store } from '../types';
import { createPostgresStore } from './postgres';
import { createSqliteStore } from './sqlite';

export { createPostgresStore, type PostgresStoreOptions } from './postgres';
export { createSqliteStore, type SqliteStoreOptions } from './sqlite';
export type { SqlStoreFaults } from './store';
export { migrations, migrateToLatest } from './migrations';

/** Default SQLite file when neither an argument nor DATABASE_URL names a database. */
export const DEFAULT_SQLITE_PATH = 'twofold.sqlite';

/**
 * Opens the store a URL names: `postgres://` / `postgresql://` → PostgreSQL; `sqlite:<path>`,
 * `file:<path>`, a plain path or `:memory:` → SQLite. Defaults to DATABASE_URL, then twofold.sqlite.
 */
export function openStore(databaseUrl: string | undefined = process.env['DATABASE_URL'], options: OpenStoreOptions = {}): Promise<Store> {
  const url = databaseUrl?.trim() || DEFAULT_SQLITE_PATH;
  const fold = options.foldIntervalMs ? { foldIntervalMs: options.foldIntervalMs } : {};
  if (/^postgres(ql)?:\/\//i.test(url)) return createPostgresStore(url, fold);
  const path = url.replace(/^(sqlite|file):(\/\/)?/i, '');
  return createSqliteStore(path || ':memory:', fold);
}

/** Options of `openStore` that apply to either engine. */
export interface OpenStoreOptions {
  /** Deferred global aggregates, folded every this many ms (see SqlStoreOptions.foldIntervalMs); default 0, applied at once. */
  foldIntervalMs?: number;
}
