// The stores a server test runs on: SQLite in memory, optionally the in-memory twin, and PostgreSQL
// when DATABASE_URL names one (CI sets it); without it the PostgreSQL case shows as a visible skip,
// except under CI=true, where postgresUrl() throws and the suite fails.
import { it } from 'vitest';
import { createMemoryStore } from '../../../../sdk/server/store/memory';
import { createPostgresStore, createSqliteStore } from '../../../../sdk/server/store/sql';
import type { Store } from '../../../../sdk/server/store/types';
import { postgresUrl, urlWithSchema } from './pg';

/** A named way to open a fresh store, for `describe.each`. */
export type StoreBackend = [name: string, open: () => Promise<Store>];

/** The backends for one test file; `schema` names its PostgreSQL schema (per process, see urlWithSchema). */
export function storeBackends(schema: string, options: { memory?: boolean } = {}): StoreBackend[] {
  const backends: StoreBackend[] = [];
  if (options.memory) backends.push(['memory', async () => createMemoryStore()]);
  backends.push(['sqlite', () => createSqliteStore(':memory:')]);
  const url = postgresUrl();
  if (url) backends.push(['postgres', async () => createPostgresStore(await urlWithSchema(url, schema))]);
  else it.skip('postgres: set DATABASE_URL=postgres://… to run these tests on PostgreSQL too', () => {});
  return backends;
}
