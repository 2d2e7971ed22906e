// WAL checkpoints outside the request path (sdk/server/store/sql/checkpointer.ts): a store opened
// with walCheckpoint 'external' (a `twofold serve --workers N` worker) leaves the WAL to a
// checkpointer in another process (the primary), which folds it into the database file without
// losing a row, and truncates it when it stops.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore, DEFAULT_SQLITE_PATH, sqlitePathOf, startWalCheckpointer } from '../../../../sdk/server/store/sql';
import type { LoginRecord } from '../../../../sdk/server/store/types';

const dir = mkdtempSync(join(tmpdir(), 'twofold-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `count` logins of `users` accounts, each with distinct values (so the writes touch many pages). */
function logins(prefix: string, count: number): LoginRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`,
    userId: `${prefix}-user-${i % 50}`,
    time: 1_700_000_000_000 + i,
    ip: `198.51.${(i >> 8) & 255}.${i & 255}`,
    outcome: 'success' as const,
    features: [
      { feature: 'ip', value: `198.51.${(i >> 8) & 255}.${i & 255}` },
      { feature: 'ua', value: `Mozilla/5.0 test agent ${prefix} ${i} ${'x'.repeat(200)}` },
      { feature: 'device-id', value: `${prefix}-device-${i}` },
    ],
  }));
}

/** Writes `batches` batches of logins, each its own transaction (as sign-ins are). */
async function write(store: Awaited<ReturnType<typeof createSqliteStore>>, prefix: string, batches: number) {
  for (let b = 0; b < batches; b++) await store.recordLogins(logins(`${prefix}-${b}`, 200));
}

const walBytes = (path: string) => (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);

describe('WAL checkpoints by another process (twofold serve --workers N)', () => {
  it("an 'external' store does not checkpoint in its commits; the checkpointer folds the WAL into the file, nothing lost, and truncates it when it stops", async () => {
    const path = join(dir, 'external.sqlite');
    const store = await createSqliteStore(path, { walCheckpoint: 'external' });
    const checkpointer = await startWalCheckpointer(path, 60_000); // ticks by hand below
    try {
      await write(store, 'a', 30);
      // Inline, SQLite would have checkpointed at 1,000 pages and restarted the WAL from its start.
      const first = checkpointer.checkpoint();
      expect(first.walPages).toBeGreaterThan(1_000);
      expect(first.checkpointedPages).toBe(first.walPages);
      // After a complete checkpoint the next writer starts the WAL over: it stays small.
      await write(store, 'b', 2);
      const second = checkpointer.checkpoint();
      expect(second.walPages).toBeLessThan(first.walPages);
      expect(second.checkpointedPages).toBe(second.walPages);
    } finally {
      await checkpointer.stop();
    }
    expect(walBytes(path)).toBe(0);
    // Every row is in the database (read through the store, and again after reopening).
    expect(await store.countRows({ userId: 'a-29-user-7' })).toBeGreaterThan(0);
    await store.close();
    const reopened = await createSqliteStore(path);
    try {
      const profile = await reopened.readProfile('a-0-user-0', [{ feature: 'ip', value: '198.51.0.0' }]);
      expect(profile.userLogins).toBe(4);
      expect(profile.user.get('ip\u0000198.51.0.0')).toBe(1);
      expect(profile.totalLogins).toBe(32 * 200);
    } finally {
      await reopened.close();
    }
  });

  it("by default a store checkpoints in its own commits: the WAL never holds much more than SQLite's 1,000 pages", async () => {
    const path = join(dir, 'inline.sqlite');
    const store = await createSqliteStore(path);
    const checkpointer = await startWalCheckpointer(path, 60_000);
    try {
      await write(store, 'a', 30);
      expect(checkpointer.checkpoint().walPages).toBeLessThan(1_500);
    } finally {
      await checkpointer.stop();
      await store.close();
    }
  });
});

describe('which store the primary checkpoints (sqlitePathOf, as openStore reads a URL)', () => {
  it('a SQLite file by any spelling; :memory: (refused with --workers); PostgreSQL never', () => {
    expect(sqlitePathOf('sqlite:/var/lib/twofold.sqlite')).toBe('/var/lib/twofold.sqlite');
    expect(sqlitePathOf('file://data/t.sqlite')).toBe('data/t.sqlite');
    expect(sqlitePathOf(' plain.sqlite ')).toBe('plain.sqlite');
    expect(sqlitePathOf('  ')).toBe(DEFAULT_SQLITE_PATH);
    expect(sqlitePathOf('sqlite:')).toBe(':memory:');
    expect(sqlitePathOf(':memory:')).toBe(':memory:');
    expect(sqlitePathOf('postgres://u:p@db/twofold')).toBeUndefined();
    expect(sqlitePathOf('POSTGRESQL://u:p@db/twofold')).toBeUndefined();
  });
});
