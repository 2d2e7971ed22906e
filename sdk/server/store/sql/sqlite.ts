/** The embedded default store: SQLite through better-sqlite3 (a file, or `:memory:`). */
import type Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { EXTERNAL_CHECKPOINT_BACKSTOP_PAGES } from './checkpointer';
import { loadDriver } from './driver';
import type { Store } from '../types';
import { migrateToLatest } from './migrations';
import type { TwofoldDatabase } from './schema';
import { compilerFor } from './compile';
import { sqliteRunner } from './runner';
import { createSqlStore, type SqlStoreFaults } from './store';

/** Options for `createSqliteStore` beyond the path. */
export interface SqliteStoreOptions {
  /** Deferred global aggregates, folded every this many ms (see SqlStoreOptions.foldIntervalMs); default 0, applied at once. */
  foldIntervalMs?: number;
  /** Who folds them: this store (`'inline'`, default) or another process (see SqlStoreOptions.fold). */
  fold?: 'inline' | 'external';
  /** How long assess may reuse a global count another instance may have changed (see SqlStoreOptions.aggregateCacheMs); default 1000. */
  aggregateCacheMs?: number;
  /**
   * Who checkpoints the WAL: `'inline'` (default), SQLite itself in the commit that takes it past
   * 1,000 pages; `'external'`, a WalCheckpointer (checkpointer.ts) in another process, as the
   * primary of `twofold serve --workers N` runs one (this connection then only checkpoints past
   * EXTERNAL_CHECKPOINT_BACKSTOP_PAGES).
   */
  walCheckpoint?: 'inline' | 'external';
  /** Test-only fault injection (see SqlStoreFaults). */
  faults?: SqlStoreFaults;
}

/** Opens (creating and migrating if needed) a SQLite store at `path`, or in memory for `:memory:`. */
export async function createSqliteStore(path = ':memory:', options: SqliteStoreOptions = {}): Promise<Store> {
  const sqlite = new (await loadDriver<{ default: typeof Database }>('better-sqlite3', 'SQLite')).default(path);
  if (path !== ':memory:' && path !== '') {
    // WAL: readers do not block the writer; a killed process loses no committed transaction (with
    // synchronous=NORMAL a power cut may lose the last few commits, never corrupt the file).
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    // An assessment's reads touch a few pages scattered over the whole file (10,000 users of history
    // is ~0.4 GB): memory-mapped reads (address space, backed by the OS page cache) and a larger page
    // cache keep them off the read() syscall path.
    sqlite.pragma('cache_size = -65536');
    sqlite.pragma('mmap_size = 1073741824');
  }
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('busy_timeout = 5000');
  // Kysely runs the migrations over the same connection (its close is a no-op: the store owns it).
  const migrationDb = new Kysely<TwofoldDatabase>({ dialect: new SqliteDialect({ database: { close: () => {}, prepare: (sql) => sqlite.prepare(sql) } }) });
  try {
    await migrateToLatest(migrationDb);
  } catch (error) {
    sqlite.close();
    throw error;
  } finally {
    await migrationDb.destroy();
  }
  // Migrations above wait for the lock inside SQLite (workers starting together); from here the
  // runner waits for another process's write lock itself, without blocking the event loop (untilFree).
  sqlite.pragma('busy_timeout = 0');
  if (options.walCheckpoint === 'external') sqlite.pragma(`wal_autocheckpoint = ${EXTERNAL_CHECKPOINT_BACKSTOP_PAGES}`);
  return createSqlStore(compilerFor('sqlite'), sqliteRunner(sqlite), 'sqlite', {
    foldInSqlite: true,
    ...(options.foldIntervalMs ? { foldIntervalMs: options.foldIntervalMs } : {}),
    ...(options.fold ? { fold: options.fold } : {}),
    ...(options.aggregateCacheMs !== undefined ? { aggregateCacheMs: options.aggregateCacheMs } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
  });
}
