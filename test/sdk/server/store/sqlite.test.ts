// The Store contract on SQLite (in memory and in a WAL file), plus file persistence across reopen.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createSqliteStore, migrations, openStore } from '../../../../sdk/server/store/sql';
import { sampleReport } from '../helpers/report';
import { bindContract } from './bind-contract';
import { deviceKeyContract } from './device-key-contract';
import { guardContract } from './guard-contract';
import { issueContract } from './issue-contract';
import { bulkContract } from './store-bulk-contract';
import { storeContract } from './store-contract';

const dir = mkdtempSync(join(tmpdir(), 'twofold-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

storeContract('sqlite :memory:', () => createSqliteStore(':memory:'));
storeContract('sqlite file (WAL)', () => createSqliteStore(join(dir, `contract-${++n}.sqlite`)));
bulkContract('sqlite :memory:', () => createSqliteStore(':memory:'));
bulkContract('sqlite file (WAL)', () => createSqliteStore(join(dir, `bulk-${++n}.sqlite`)));
guardContract('sqlite :memory:', () => createSqliteStore(':memory:'));
guardContract('sqlite file (WAL)', () => createSqliteStore(join(dir, `guard-${++n}.sqlite`)));
deviceKeyContract('sqlite :memory:', () => createSqliteStore(':memory:'));
deviceKeyContract('sqlite file (WAL)', () => createSqliteStore(join(dir, `keys-${++n}.sqlite`)));
issueContract('sqlite :memory:', () => createSqliteStore(':memory:'));
issueContract('sqlite file (WAL)', () => createSqliteStore(join(dir, `issue-${++n}.sqlite`)));
bindContract('sqlite :memory:', () => createSqliteStore(':memory:'));
bindContract('sqlite file (WAL)', () => createSqliteStore(join(dir, `bind-${++n}.sqlite`)));

describe('SQLite file store', () => {
  it('keeps committed logins and aggregates across close and reopen, and migrates idempotently', async () => {
    const path = join(dir, 'persist.sqlite');
    const first = await createSqliteStore(path);
    await first.recordLogin({ id: 'l1', userId: 'alice', time: 1, ip: '192.0.2.1', outcome: 'success', features: [{ feature: 'ip', value: '192.0.2.1' }] });
    await first.close();
    const again = await openStore(`sqlite:${path}`);
    expect(again.name).toBe('sqlite');
    expect((await again.readProfile('alice', [{ feature: 'ip', value: '192.0.2.1' }])).userLogins).toBe(1);
    expect(await again.countRows()).toBe(1);
    await again.close();
  });
});

describe('SQLite migration to the guard tables', () => {
  it('turns each stored raw report into its bounded features and drops the raw reports', async () => {
    const path = join(dir, 'pre-guards.sqlite');
    const sqlite = new Database(path);
    // biome-ignore lint/suspicious/noExplicitAny: the database before migrations has no schema type; each migration step is what is under test
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
    // The schema as the two earlier migrations left it, with a collection stored the old way.
    await migrations['2026-11-23-0001-initial']!.up(db);
    await migrations['2026-11-23-0002-compact-reads']!.up(db);
    const report = sampleReport({ deviceId: 'device-0123456789abcdef' });
    (report.signals as Record<string, unknown>)['padding'] = { value: 'P'.repeat(40_000), durationMs: 0 };
    await db
      .insertInto('collections')
      .values({
        id: 'c1',
        device_id: 'device-0123456789abcdef',
        user_id: 'alice',
        time: 1,
        receipt_id: 'r',
        signals: '["device-id"]',
        report: JSON.stringify(report),
      })
      .execute();
    await db
      .insertInto('collections')
      .values({ id: 'c2', device_id: 'd2', user_id: 'bob', time: 2, receipt_id: 'r', signals: '[]', report: 'not json' })
      .execute();
    await db.destroy();
    // The Migrator has no record of those two steps; record them as applied, as an older release would have.
    const raw = new Database(path);
    raw.exec('CREATE TABLE twofold_migrations (name varchar(255) NOT NULL PRIMARY KEY, timestamp varchar(255) NOT NULL)');
    raw.exec(
      "INSERT INTO twofold_migrations VALUES ('2026-11-23-0001-initial', '2026-11-23T00:00:00.000Z'), ('2026-11-23-0002-compact-reads', '2026-11-23T00:00:00.000Z')",
    );
    raw.close();
    const store = await createSqliteStore(path);
    const alice = await store.exportSubject({ userId: 'alice' });
    expect(alice.collections[0]!.features).toContainEqual({ feature: 'device-id', value: 'device-0123456789abcdef' });
    expect(JSON.stringify(alice)).not.toContain('PPPP');
    expect((await store.exportSubject({ userId: 'bob' })).collections[0]!.features).toEqual([]);
    await store.close();
    const check = new Database(path, { readonly: true });
    const columns = (check.pragma('table_info(collections)') as { name: string }[]).map((c) => c.name);
    check.close();
    expect(columns).not.toContain('report');
    expect(columns).toContain('features');
  });
});
