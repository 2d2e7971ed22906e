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
import { createSqliteStore } from '../../../../sdk/server/store/sql';
import type { LoginRecord } from '../../../../sdk/server/store/types';

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

/** Opens a store on a fresh file and a second connection (the "other process") on the same file. */
async function storeAndOther() {
  const path = join(dir, `busy-${++n}.sqlite`);
  const store = await createSqliteStore(path);
  const other = new Database(path);
  other.pragma('busy_timeout = 0');
  return { store, other };
}

/** Resolves after `count` macrotasks ran (the event loop kept turning). */
const turns = async (count: number) => {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setTimeout(resolve, 1));
};

describe('SQLite store while another connection holds the write lock', () => {
  it('a transaction (recordLogin) waits, the event loop keeps running, and it commits once the lock is released', async () => {
    const { store, other } = await storeAndOther();
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
      other.close();
      await store.close();
    }
  });

  it('a single write (issueNonce) waits the same way, and statements after it keep their order', async () => {
    const { store, other } = await storeAndOther();
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
      other.close();
      await store.close();
    }
  });

  it('reads do not wait for the writer (WAL): a profile read answers while the lock is held', async () => {
    const { store, other } = await storeAndOther();
    try {
      await store.recordLogin(login('l0'));
      other.exec('BEGIN IMMEDIATE');
      const profile = await store.readProfile('alice', [{ feature: 'ip', value: '192.0.2.1' }]);
      expect(profile.userLogins).toBe(1);
      other.exec('COMMIT');
    } finally {
      other.close();
      await store.close();
    }
  });
});
