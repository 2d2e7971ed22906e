/**
 * A SQLite store on a fresh file plus a second connection to it, the "other process" that takes
 * the write lock (`twofold serve --workers N` on one file). `close` closes both, for a test's finally.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createSqliteStore } from '../../../../sdk/server/store/sql';
import { compilerFor } from '../../../../sdk/server/store/sql/compile';
import { sqliteRunner } from '../../../../sdk/server/store/sql/runner';
import { createSqlStore } from '../../../../sdk/server/store/sql/store';
import type { Store } from '../../../../sdk/server/store/types';

let n = 0;

/** A connection that never waits for a lock inside SQLite. */
export function otherConnection(path: string): Database.Database {
  const other = new Database(path);
  other.pragma('busy_timeout = 0');
  return other;
}

/**
 * The store (as createSqliteStore opens it, or over a runner that waits only `busyWaitMs` for the
 * lock) and the other connection, on a fresh file in `dir`.
 */
export async function storeAndOther(dir: string, busyWaitMs?: number): Promise<{ store: Store; other: Database.Database; close(): Promise<void> }> {
  const path = join(dir, `lock-holder-${process.pid}-${++n}.sqlite`);
  let store = await createSqliteStore(path);
  if (busyWaitMs !== undefined) {
    await store.close();
    const db = new Database(path);
    db.pragma('busy_timeout = 0');
    store = await createSqlStore(compilerFor('sqlite'), sqliteRunner(db, { busyWaitMs }), 'sqlite');
  }
  const other = otherConnection(path);
  return {
    store,
    other,
    async close() {
      other.close();
      await store.close();
    },
  };
}
