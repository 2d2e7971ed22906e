// Several stateless handler instances over one database: two handlers listen on two
// loopback ports; a nonce issued over HTTP by one is accepted exactly once, by either, and then
// refused by both. Runs on a shared SQLite file, and on PostgreSQL when DATABASE_URL=postgres://…
// is set (CI sets it). Rights tokens and attempt tokens cross instances the same way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealReport } from '../../../../sdk/protocol/seal';
import { createTwofoldHandler } from '../../../../sdk/server/http';
import { generateSiteKeys, type SiteKeys } from '../../../../sdk/server/seal';
import { createPostgresStore, createSqliteStore } from '../../../../sdk/server/store/sql';
import type { Store } from '../../../../sdk/server/store/types';
import { postgresUrl, urlWithSchema } from '../helpers/pg';
import { sampleReport } from '../helpers/report';
import { serveHandler, type ServedHandler } from '../helpers/serve';

const SITE = 'example.com';
const ORIGIN = 'https://example.com';
const API_KEY = 'scale-out-key';

const url = postgresUrl();
const backends: [string, () => Promise<{ open(): Promise<Store>; cleanup(): void }>][] = [
  [
    'sqlite file',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'twofold-scale-'));
      return { open: () => createSqliteStore(join(dir, 'shared.sqlite')), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    },
  ],
];
if (url) {
  backends.push([
    'postgres',
    async () => {
      const schemaUrl = await urlWithSchema(url, 'twofold_scale_out');
      return { open: () => createPostgresStore(schemaUrl), cleanup: () => {} };
    },
  ]);
} else {
  it.skip('postgres: set DATABASE_URL=postgres://… to run the two-instance test on PostgreSQL', () => {});
}

describe.each(backends)('two handler instances on two ports, one %s store', (_name, prepare) => {
  let keys: SiteKeys;
  let stores: Store[] = [];
  let instances: ServedHandler[] = [];
  let cleanup = () => {};

  beforeAll(async () => {
    const backend = await prepare();
    cleanup = backend.cleanup;
    keys = await generateSiteKeys();
    // Each instance opens its own connection(s) to the database, as separate processes would.
    stores = [await backend.open(), await backend.open()];
    instances = await Promise.all(stores.map((store) => serveHandler(createTwofoldHandler({ site: SITE, store, keys, apiKey: API_KEY, purgeIntervalMs: 0 }))));
    expect(new Set(instances.map((i) => i.base)).size).toBe(2);
  });

  afterAll(async () => {
    for (const instance of instances) await instance.close();
    for (const store of stores) await store.close();
    cleanup();
  });

  const auth = { authorization: `Bearer ${API_KEY}` };
  const post = async (instance: ServedHandler, path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(instance.base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: a response body read field by field in assertions; the server's own schemas are what is under test
    return { status: response.status, json: (await response.json()) as Record<string, any> };
  };
  const sealedWithNonceFrom = async (instance: ServedHandler, deviceId: string) => {
    const { nonce } = (await (await fetch(`${instance.base}/twofold/nonce`)).json()) as { nonce: string };
    return sealReport(sampleReport({ deviceId }), { publicKey: keys.publicKey, nonce, site: SITE, origin: ORIGIN });
  };

  it.each([
    [0, 1],
    [1, 0],
  ])('accepts a nonce issued by instance %i once, racing both, then both refuse it', async (issuer, other) => {
    const [a, b] = [instances[issuer]!, instances[other]!];
    const sealed = await sealedWithNonceFrom(a, `device-race-${issuer}`);
    const race = await Promise.all([b, a, b, a].map((instance) => post(instance, '/twofold/assess', { userId: 'ada', sealed }, auth)));
    expect(race.filter((r) => r.status === 200)).toHaveLength(1);
    for (const refused of race.filter((r) => r.status !== 200)) expect(refused).toMatchObject({ status: 400, json: { error: { code: 'seal_replayed' } } });
    for (const instance of [a, b]) {
      expect(await post(instance, '/twofold/assess', { userId: 'ada', sealed }, auth)).toMatchObject({
        status: 400,
        json: { error: { code: 'seal_replayed' } },
      });
    }
  });

  it('lets one instance redeem what the other issued: the attempt token once, the rights token until erased', async () => {
    const [a, b] = instances as [ServedHandler, ServedHandler];
    const assessed = await post(a, '/twofold/assess', { userId: 'bo', sealed: await sealedWithNonceFrom(b, 'device-bo') }, auth);
    expect(assessed.status).toBe(200);
    const recorded = await post(b, '/twofold/record', { attemptToken: assessed.json['attemptToken'], outcome: 'success' }, auth);
    expect(recorded.status).toBe(200);
    expect(await post(a, '/twofold/record', { attemptToken: assessed.json['attemptToken'], outcome: 'success' }, auth)).toMatchObject({ status: 409 });
    const token = recorded.json['rightsToken'] as string;
    const access = await post(b, '/twofold/rights/access', { token });
    expect(access.status).toBe(200);
    expect(access.json['logins']).toHaveLength(1);
    expect((await post(a, '/twofold/rights/erase', { token })).status).toBe(200);
    expect(await post(b, '/twofold/rights/access', { token })).toMatchObject({ status: 409, json: { error: { code: 'rights_token_used' } } });
    expect(await stores[1]!.countRows({ deviceId: 'device-bo' })).toBe(0);
  });
});
