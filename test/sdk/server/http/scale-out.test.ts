// Several stateless handler instances over one database: a nonce issued by one instance is
// accepted exactly once by any of them. Runs on a shared SQLite file, and on PostgreSQL when
// DATABASE_URL=postgres://… is set.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealReport } from '../../../../sdk/protocol/seal';
import { createTwofoldHandler } from '../../../../sdk/server/http';
import { generateSiteKeys } from '../../../../sdk/server/seal';
import { createPostgresStore, createSqliteStore } from '../../../../sdk/server/store/sql';
import type { Store } from '../../../../sdk/server/store/types';
import { postgresUrl, urlWithSchema } from '../helpers/pg';
import { sampleReport } from '../helpers/report';

const url = postgresUrl();
const backends: [string, () => Promise<[Store, Store, () => void]>][] = [
  ['sqlite file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twofold-scale-'));
    const path = join(dir, 'shared.sqlite');
    return [await createSqliteStore(path), await createSqliteStore(path), () => rmSync(dir, { recursive: true, force: true })];
  }],
];
if (url) {
  backends.push(['postgres', async () => {
    const schemaUrl = await urlWithSchema(url, 'twofold_scale_out');
    return [await createPostgresStore(schemaUrl), await createPostgresStore(schemaUrl), () => {}];
  }]);
}
else {
  it.skip('postgres: set DATABASE_URL=postgres://… to run the two-instance test on PostgreSQL', () => {});
}

describe.each(backends)('two handler instances on one %s store', (_name, open) => {
  it('accept a nonce issued by either instance once, then both refuse it', async () => {
    const [storeA, storeB, cleanup] = await open();
    const keys = await generateSiteKeys();
    const a = createTwofoldHandler({ site: 'example.com', store: storeA, keys, purgeIntervalMs: 0 });
    const b = createTwofoldHandler({ site: 'example.com', store: storeB, keys, purgeIntervalMs: 0 });
    try {
      const { nonce } = await a.service.issueNonce();
      const sealed = await sealReport(sampleReport(), { publicKey: keys.publicKey, nonce, site: 'example.com', origin: 'https://example.com' });
      const attempts = await Promise.allSettled([
        b.service.assess({ userId: 'ada', sealed, ip: '192.0.2.1', userAgent: 'x' }),
        a.service.assess({ userId: 'ada', sealed, ip: '192.0.2.1', userAgent: 'x' }),
        b.service.assess({ userId: 'ada', sealed, ip: '192.0.2.1', userAgent: 'x' }),
      ]);
      expect(attempts.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of attempts) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'seal_replayed' });
    } finally {
      a.close();
      b.close();
      await storeA.close();
      await storeB.close();
      cleanup();
    }
  });
});
