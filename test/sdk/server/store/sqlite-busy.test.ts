// Another process holding the SQLite write lock (`twofold serve --workers N` on one file): the
// store's statements wait for it without blocking the event loop, and finish once it is released.
// The holder here is a second better-sqlite3 connection in this same thread, so a wait inside
// SQLite (busy_timeout) could never end: the holder cannot commit while the thread sleeps, and the
// write would fail with "database is locked" instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteRunner } from '../../../../sdk/server/store/sql/runner';
import type { LoginRecord } from '../../../../sdk/server/store/types';
import { otherConnection, storeAndOther } from './lock-holder';

const dir = mkdtempSync(join(tmpdir(), 'twofold-sqlite-busy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const login = (id: string): LoginRecord => ({
  id,
  userId: 'alice',
  time: Date.now(),
  ip: '192.0.2.1',
  outcome: 'success',
  features: [{ feature: 'ip', value: '192.0.2.1' }],
});

/** Resolves after `count` macrotasks ran (the event loop kept turning). */
const turns = async (count: number) => {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setTimeout(resolve, 1));
};

describe('SQLite store while another connection holds the write lock', () => {
  it('a transaction (recordLogin) waits, the event loop keeps running, and it commits once the lock is released', async () => {
    const { store, other, close } = await storeAndOther(dir);
    try {
      other.exec('BEGIN IMMEDIATE');
      other.prepare("INSERT INTO nonces (nonce, expires_at) VALUES ('held', 1)").run();
      let done = false;
      const recorded = store.recordLogin(login('l1')).then(() => {
        done = true;
      });
      await turns(20);
      expect(done).toBe(false);
      other.exec('COMMIT');
      await recorded;
      expect((await store.readProfile('alice', [{ feature: 'ip', value: '192.0.2.1' }])).userLogins).toBe(1);
      // The other connection's committed write is there too: neither overwrote the other.
      expect(await store.consumeNonce('held', 0)).toBe(true);
    } finally {
      await close();
    }
  });

  it('a single write (issueNonce) waits the same way, and statements after it keep their order', async () => {
    const { store, other, close } = await storeAndOther(dir);
    try {
      other.exec('BEGIN IMMEDIATE');
      const order: string[] = [];
      const first = store.issueNonce('first', Date.now() + 60_000).then(() => order.push('first'));
      const second = store.issueNonce('second', Date.now() + 60_000).then(() => order.push('second'));
      await turns(10);
      expect(order).toEqual([]);
      other.exec('ROLLBACK');
      await Promise.all([first, second]);
      expect(order).toEqual(['first', 'second']);
      expect(await store.consumeNonce('first', Date.now())).toBe(true);
      expect(await store.consumeNonce('second', Date.now())).toBe(true);
    } finally {
      await close();
    }
  });

  it('reads do not wait for the writer (WAL): a profile read answers while the lock is held', async () => {
    const { store, other, close } = await storeAndOther(dir);
    try {
      await store.recordLogin(login('l0'));
      other.exec('BEGIN IMMEDIATE');
      const profile = await store.readProfile('alice', [{ feature: 'ip', value: '192.0.2.1' }]);
      expect(profile.userLogins).toBe(1);
      other.exec('COMMIT');
    } finally {
      await close();
    }
  });

  it('a read does not queue behind a write of this store that waits for the lock (an assess read is not held up by a record)', async () => {
    const { store, other, close } = await storeAndOther(dir);
    try {
      await store.recordLogin(login('l0'));
      other.exec('BEGIN IMMEDIATE');
      let recorded = false;
      const recording = store.recordLogin(login('l1')).then(() => {
        recorded = true;
      });
      await turns(2);
      // The read answers with the lock still held and the write still waiting: it sees l0, not l1.
      const profile = await store.readProfile('alice', [{ feature: 'ip', value: '192.0.2.1' }]);
      expect(profile.userLogins).toBe(1);
      expect(recorded).toBe(false);
      other.exec('COMMIT');
      await recording;
      expect((await store.readProfile('alice', [{ feature: 'ip', value: '192.0.2.1' }])).userLogins).toBe(2);
    } finally {
      await close();
    }
  });
});

describe('SQLite runner: a read while a transaction of this process is open', () => {
  it.each(['commits', 'rolls back'])('waits for it, so it never sees its uncommitted write (the transaction %s)', async (end) => {
    const { runner, close } = countingRunner();
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      const writing = runner
        .transaction(async (tx) => {
          await tx.run('INSERT INTO t (x) VALUES (?)', [1]);
          await gate; // e.g. a signature computed between two statements
          if (end === 'rolls back') throw new Error('undone');
        })
        .catch(() => undefined);
      await turns(2);
      let read: unknown;
      const reading = runner.all<{ n: number }>('SELECT count(*) AS n FROM t', []).then((rows) => {
        read = rows[0]?.n;
      });
      await turns(5);
      expect(read).toBeUndefined();
      release();
      await Promise.all([writing, reading]);
      expect(read).toBe(end === 'commits' ? 1 : 0);
    } finally {
      release(); // a failed expectation must not leave the transaction (and close) waiting forever
      await close();
    }
  });
});

/**
 * A runner on a fresh file with one table, whose statements count their runs (`attempts`) and
 * fail with `failFirst` (an error code) on the first run of an INSERT, as if SQLite had; plus a
 * second connection (the "other process").
 */
function countingRunner(failFirst?: string) {
  const path = join(dir, `runner-${++n}.sqlite`);
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec('CREATE TABLE t (x INTEGER NOT NULL)');
  sqlite.pragma('busy_timeout = 0');
  const counts = { attempts: 0 };
  let failing = failFirst;
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((sql: string) => {
    const statement = prepare(sql);
    const run = statement.run.bind(statement);
    statement.run = (...params: unknown[]) => {
      counts.attempts++;
      if (failing && sql.startsWith('INSERT')) {
        const error = Object.assign(new Error('database is locked'), { code: failing });
        failing = undefined;
        throw error;
      }
      return run(...params);
    };
    return statement;
  }) as typeof sqlite.prepare;
  const other = otherConnection(path);
  const runner = sqliteRunner(sqlite);
  return {
    runner,
    sqlite,
    other,
    counts,
    async close() {
      other.close();
      await runner.close();
    },
  };
}

describe('SQLite runner: which busy errors it waits out', () => {
  it.each(['SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY'])(
    'a lone write that fails %s (another process committed or recovers the WAL) is tried again',
    async (code) => {
      const { runner, sqlite, close } = countingRunner(code);
      try {
        expect(await runner.run('INSERT INTO t (x) VALUES (?)', [1])).toBe(1);
        expect(sqlite.prepare('SELECT x FROM t').all()).toEqual([{ x: 1 }]);
      } finally {
        await close();
      }
    },
  );

  it('another error is not retried: the write fails at once', async () => {
    const { runner, counts, close } = countingRunner('SQLITE_CONSTRAINT_NOTNULL');
    try {
      await expect(runner.run('INSERT INTO t (x) VALUES (?)', [1])).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_NOTNULL' });
      expect(counts.attempts).toBe(1);
    } finally {
      await close();
    }
  });
});

describe('attack: a flood of writes while another process holds the write lock', () => {
  it('queues them behind one wait (at most about one try per ms, not one loop per write), then runs every one in order', async () => {
    const { runner, sqlite, other, counts, close } = countingRunner();
    const flood = 500;
    try {
      other.exec('BEGIN IMMEDIATE');
      const started = performance.now();
      const writes = Array.from({ length: flood }, (_, i) => runner.run('INSERT INTO t (x) VALUES (?)', [i]));
      await turns(20);
      // One try of the first write, one once the queued tasks ran, then pauses of at least 1 ms.
      // A retry loop per write would have tried each of the 500 at least twice by now.
      expect(counts.attempts).toBeLessThanOrEqual(10 + (performance.now() - started));
      expect(counts.attempts).toBeLessThan(flood);
      other.exec('COMMIT');
      expect(await Promise.all(writes)).toEqual(Array(flood).fill(1));
      expect(sqlite.prepare('SELECT x FROM t ORDER BY rowid').pluck().all()).toEqual(Array.from({ length: flood }, (_, i) => i));
    } finally {
      await close();
    }
  });
});
