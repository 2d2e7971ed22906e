/** Stores: the `Store` interface, the in-memory twin, and the SQL stores (SQLite, PostgreSQL). */
export * from './types';
export { createMemoryStore } from './memory';
export { createSqliteStore, createPostgresStore, openStore, DEFAULT_SQLITE_PATH, migrations, migrateToLatest, type PostgresStoreOptions } from './sql/index';
