/**
 * WAL checkpoints outside the request path, for `twofold serve --workers N` on one SQLite file.
 *
 * By default SQLite checkpoints inside the commit that takes the WAL past 1,000 pages: that request's
 * worker copies the pages into the database file and syncs it, with its event loop blocked, and
 * hot pages (the totals, the right edge of every index) are copied again at each of those
 * checkpoints. Workers opened with `walCheckpoint: 'external'` leave it to the cluster's primary,
 * which otherwise only hands out connections: it checkpoints on a timer (PASSIVE, so it never
 * waits for, or blocks, a reader or the writer), each page once per interval however often it
 * changed. Measured with the load bench's SQLite row (2 workers, LOAD_ROWS=sqlite, quiet machine, two
 * runs each way): 1,973-1,993 req/s and 0.68 ms of server CPU per request (the primary included),
 * against 1,673-1,695 req/s and 0.79 ms with SQLite's own checkpoints; p99 27-30 ms against 30-31.
 */
import type Database from 'better-sqlite3';
import { loadDriver } from './driver';

/** How often the primary checkpoints the WAL. */
export const WAL_CHECKPOINT_INTERVAL_MS = 500;
/**
 * What a worker whose checkpoints are external still does on its own once the WAL holds this many
 * pages (~80 MB of 4 KB pages): a backstop for a primary that stopped checkpointing, never the
 * normal path (the primary keeps the WAL well below it).
 */
export const EXTERNAL_CHECKPOINT_BACKSTOP_PAGES = 20_000;

/** A running checkpointer. */
export interface WalCheckpointer {
  /** Checkpoints once now (PASSIVE); returns the pages in the WAL and how many of them are now in the database file. */
  checkpoint(): { walPages: number; checkpointedPages: number };
  /** Stops the timer, checkpoints what is left (TRUNCATE: the WAL file back to zero bytes when nobody reads it) and closes. */
  stop(): Promise<void>;
}

/** Starts checkpointing the SQLite file at `path` every `intervalMs`. */
export async function startWalCheckpointer(path: string, intervalMs = WAL_CHECKPOINT_INTERVAL_MS): Promise<WalCheckpointer> {
  const sqlite: Database.Database = new (await loadDriver<{ default: typeof Database }>('better-sqlite3', 'SQLite')).default(path);
  // Never wait for a lock here: a checkpoint that cannot run now runs at the next tick.
  sqlite.pragma('busy_timeout = 0');
  sqlite.pragma('wal_autocheckpoint = 0');
  const run = (mode: 'PASSIVE' | 'TRUNCATE') => {
    try {
      const [row] = sqlite.pragma(`wal_checkpoint(${mode})`) as { busy: number; log: number; checkpointed: number }[];
      return { walPages: Math.max(0, row?.log ?? 0), checkpointedPages: Math.max(0, row?.checkpointed ?? 0) };
    } catch {
      // SQLITE_BUSY (another checkpoint or a writer holding a lock it needs): the next tick tries again.
      return { walPages: 0, checkpointedPages: 0 };
    }
  };
  const timer = setInterval(() => run('PASSIVE'), intervalMs);
  timer.unref();
  return {
    checkpoint: () => run('PASSIVE'),
    async stop() {
      clearInterval(timer);
      run('TRUNCATE');
      sqlite.close();
    },
  };
}
