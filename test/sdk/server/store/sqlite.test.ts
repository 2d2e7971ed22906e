// The Store contract on SQLite (in memory and in a WAL file), plus file persistence across reopen.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore, openStore } from '../../../../sdk/server/store/sql';
import { guardContract } from './guard-contract';
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
