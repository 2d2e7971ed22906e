// Opening a store checks its migrations in one query when the database records exactly this code's
// migrations, and otherwise runs Kysely's Migrator as before: a schema with a migration missing is
// brought up to date, and a database recording a migration this code does not know is refused
// (store_migration_failed) instead of being used. On PostgreSQL the Migrator looks for its tables
// in the connection's schema only, so another schema's migration tables do not count as this one's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore, createSqliteStore, migrations } from '../../../../sdk/server/store/sql';
import { dropSchema, postgresUrl, urlWithSchema } from '../helpers/pg';

const dir = mkdtempSync(join(tmpdir(), 'twofold-migrate-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const names = Object.keys(migrations);
const latest = names[names.length - 1]!;

describe('SQLite: what opening a store does with its migrations', () => {
  it('a migration missing from the record is run again; an unknown one is refused; an exact record opens as is', async () => {
    const path = join(dir, 'store.sqlite');
    await (await createSqliteStore(path)).close();
    const raw = new Database(path);
    // The last migration forgotten (and its tables dropped): the next open must run it, not trust the record.
    raw.prepare('DELETE FROM twofold_migrations WHERE name = ?').run(latest);
    raw.exec('DROP TABLE count_deltas; DROP TABLE total_deltas');
    raw.close();
    const reopened = await createSqliteStore(path);
    await reopened.close();
    const check = new Database(path);
    expect(check.prepare('SELECT name FROM twofold_migrations ORDER BY name').pluck().all()).toEqual([...names].sort());
    expect(check.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('count_deltas', 'total_deltas')").pluck().get()).toBe(2);
    // A migration from newer code: refused, as Kysely's Migrator refuses it.
    check.prepare('INSERT INTO twofold_migrations (name, timestamp) VALUES (?, ?)').run('2099-01-01-9999-from-the-future', new Date().toISOString());
    check.close();
    await expect(createSqliteStore(path)).rejects.toMatchObject({ code: 'store_migration_failed' });
  });
});

const url = postgresUrl();
describe.skipIf(!url)('PostgreSQL: migrations per schema', () => {
  it("another schema's migration tables do not make this schema count as migrated", async () => {
    const first = await urlWithSchema(url!, 'twofold_migrate_first');
    const second = await urlWithSchema(url!, 'twofold_migrate_second');
    try {
      await (await createPostgresStore(first)).close();
      // The second schema is empty, while the first holds every table, migration records included.
      const store = await createPostgresStore(second);
      await store.close();
      const client = new pg.Client({ connectionString: second });
      await client.connect();
      try {
        const { rows } = await client.query<{ name: string }>('SELECT name FROM twofold_migrations ORDER BY name');
        expect(rows.map((r) => r.name)).toEqual([...names].sort());
        const { rows: tables } = await client.query<{ n: string }>(
          "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'logins'",
        );
        expect(Number(tables[0]!.n)).toBe(1);
      } finally {
        await client.end();
      }
    } finally {
      await dropSchema(url!, 'twofold_migrate_first');
      await dropSchema(url!, 'twofold_migrate_second');
    }
  });
});
