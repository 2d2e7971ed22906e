/*
 * End-to-end load on `twofold serve` (issue 8): the CLI bundled fresh from source runs as a child
 * process on loopback; this process drives the realistic mix of test/sdk/server/helpers/load.ts
 * (nonce → sealed assess → record, plus rights access / erase / object) with bounded concurrency,
 * on SQLite (a WAL file) and on PostgreSQL when DATABASE_URL names one (in its own schema). No kill
 * here (test/sdk/server/load.test.ts does the faults); after each run the store is opened directly
 * and every acknowledged write is looked up, so `lost` is counted, not assumed. Both processes
 * share the machine's cores: the numbers are client + server on one box.
 * Writes bench/results/load.json (rows: backend, requests, req/s, p50 ms, p99 ms, errors, lost).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, it } from 'vitest';
import { createPostgresStore, createSqliteStore } from '../sdk/server/store/sql/index';
import type { Store } from '../sdk/server/store/types';
import { loadTable, runLoad, type LoadResult } from '../test/sdk/server/helpers/load';
import { checkLedger } from '../test/sdk/server/helpers/load-verify';
import { dropSchema, postgresUrl, urlWithSchema } from '../test/sdk/server/helpers/pg';
import { bundleCli, startServe, stopServe, type CliBundle } from '../test/sdk/server/helpers/serve-process';
import { writeBenchResult, type BenchRow } from './report';

const REQUESTS = Number(process.env['LOAD_REQUESTS'] ?? 10_000);
const DURATION_S = Number(process.env['LOAD_DURATION_S'] ?? 45);
const CONCURRENCY = Number(process.env['LOAD_CONCURRENCY'] ?? 16);
const DEVICES = Number(process.env['LOAD_DEVICES'] ?? 1_000);
const WARMUP = 300;
const SITE = 'example.com';
const API_KEY = 'bench-api-key';

interface Backend {
  name: string;
  store: string;
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

let bundle: CliBundle;
let dir: string;
beforeAll(async () => {
  bundle = await bundleCli();
  dir = mkdtempSync(join(tmpdir(), 'twofold-load-bench-'));
});
afterAll(() => {
  bundle?.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function backends(): Promise<Backend[]> {
  const path = join(dir, 'load.sqlite');
  const list: Backend[] = [{ name: 'sqlite (file, WAL)', store: `sqlite:${path}`, open: () => createSqliteStore(path), cleanup: async () => {} }];
  const url = postgresUrl();
  if (url) {
    const schemaUrl = await urlWithSchema(url, 'twofold_bench_load');
    list.push({
      name: 'postgres',
      store: schemaUrl,
      open: () => createPostgresStore(schemaUrl, { maxConnections: 2 }),
      cleanup: () => dropSchema(url, 'twofold_bench_load'),
    });
  } else {
    console.log('DATABASE_URL does not name PostgreSQL: measuring SQLite only.');
  }
  return list;
}

it('load: twofold serve under a realistic mix, per backend', async () => {
  const rows: BenchRow[] = [];
  const kinds: Record<string, ReturnType<typeof loadTable>> = {};
  for (const backend of await backends()) {
    const keys = join(dir, `${backend.name.split(' ')[0]}-keys.json`);
    const server = await startServe(bundle.path, { site: SITE, store: backend.store, keys, apiKey: API_KEY, extraArgs: ['--no-rate-limits'] });
    const { publicKey } = JSON.parse(readFileSync(keys, 'utf8')) as { publicKey: string };
    let result: LoadResult;
    try {
      // Warm-up (not measured): JIT, prepared statements, connection pools.
      await runLoad(
        { base: () => server.base, site: SITE, origin: `https://${SITE}`, publicKey, apiKey: API_KEY },
        {
          requests: WARMUP,
          durationMs: 30_000,
          concurrency: CONCURRENCY,
          devices: 100,
          seed: 1,
        },
      );
      result = await runLoad(
        { base: () => server.base, site: SITE, origin: `https://${SITE}`, publicKey, apiKey: API_KEY },
        {
          requests: REQUESTS,
          durationMs: DURATION_S * 1000,
          concurrency: CONCURRENCY,
          devices: DEVICES,
          seed: 2026,
        },
      );
    } finally {
      await stopServe(server);
    }
    const store = await backend.open();
    const ledger = await checkLedger(store, result).finally(() => store.close());
    await backend.cleanup();
    kinds[backend.name] = loadTable(result);
    rows.push({
      backend: backend.name,
      requests: result.responses,
      'req/s': Math.round(result.throughput * 10) / 10,
      'p50 ms': Math.round(result.p50 * 10) / 10,
      'p99 ms': Math.round(result.p99 * 10) / 10,
      errors: result.errors.length,
      lost: ledger.lost.length,
    });
    for (const line of [...ledger.lost, ...ledger.extra].slice(0, 5)) console.log(`${backend.name} ledger: ${line}`);
    for (const line of result.errors.slice(0, 5)) console.log(`${backend.name} error: ${JSON.stringify(line)}`);
    console.table(
      kinds[backend.name]!.map((r) => ({ ...r, 'req/s': r['req/s'].toFixed(1), 'p50 ms': r['p50 ms'].toFixed(1), 'p99 ms': r['p99 ms'].toFixed(1) })),
    );
  }
  writeBenchResult('load', rows, {
    setup: {
      concurrency: CONCURRENCY,
      devices: DEVICES,
      requestBound: REQUESTS,
      durationBoundS: DURATION_S,
      client: 'same machine, second process',
      loadavg: loadavg(),
    },
    kinds,
  });
});
