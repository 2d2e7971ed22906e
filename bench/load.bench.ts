/*
 * End-to-end load on `twofold serve`: the CLI bundled fresh from source runs as
 * child processes on loopback; this process drives the realistic mix of
 * test/sdk/server/helpers/load.ts (nonce → sealed assess → record, plus rights access / erase /
 * object) with bounded concurrency. Rows, all in one run, side by side:
 *   floor        a bare node:http server (bench/floor-server.mjs, as many workers as serve) answering
 *                every path with the JSON the real server sent there: same client, same sizes, no work
 *   sqlite       one `twofold serve --workers <cores>` on a SQLite WAL file, then `--workers 1`
 *   postgres     the same on PostgreSQL (when DATABASE_URL names one, each row in its own schema)
 *   postgres 1×1 / 2×1   one, then two `twofold serve --workers 1` instances on one database
 *                (requests alternate between them): what a second instance adds
 *   postgres, synchronous_commit=off   the first postgres row with commits not waiting for the WAL
 *                flush (an operator's setting, measured beside the default, never made the default)
 * After each twofold row the servers are stopped (their close folds the last aggregate increments),
 * every acknowledged write is looked up (`lost` is counted, not assumed) and the global aggregates
 * are recounted from the logins (bench/load-recount.ts). Client and servers share the machine.
 * LOAD_CPU_PROFILE=<dir> writes a CPU profile of every server process (bench/cpu-prof-preload.mjs);
 * LOAD_PERF=<dir> records on-CPU samples of the servers with Linux perf (bench/cpu-perf-record.ts).
 * Writes bench/results/load.json.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sealReport } from '../sdk/protocol/seal';
import { createPostgresStore, createSqliteStore } from '../sdk/server/store/sql/index';
import type { Store } from '../sdk/server/store/types';
import { loadTable, runLoad, type LoadResult, type LoadTarget } from '../test/sdk/server/helpers/load';
import { checkLedger } from '../test/sdk/server/helpers/load-verify';
import { dropSchema, postgresUrl, urlWithSchema } from '../test/sdk/server/helpers/pg';
import { sampleReport } from '../test/sdk/server/helpers/report';
import { bundleCli, startServe, stopServe, type CliBundle, type ServeProcess } from '../test/sdk/server/helpers/serve-process';
import { startPerf } from './cpu-perf-record';
import { cpuShare, cpuSnapshot, type CpuShare } from './cpu-share';
import { recountAggregates, type Recount } from './load-recount';
import { writeBenchResult, type BenchRow } from './report';

const REQUESTS = Number(process.env['LOAD_REQUESTS'] ?? 10_000);
const DURATION_S = Number(process.env['LOAD_DURATION_S'] ?? 45);
const CONCURRENCY = Number(process.env['LOAD_CONCURRENCY'] ?? 16);
const DEVICES = Number(process.env['LOAD_DEVICES'] ?? 1_000);
const CORES = availableParallelism();
/**
 * Requests before the measured run (not measured). With 300, V8 was still optimising the handler,
 * engine and store code during the measured run: ~14 % of a SQLite server's CPU in it was JIT
 * compilation on V8's helper threads (perf; --trace-opt counted ~250 functions compiled after the
 * warm-up), a one-time cost per process that the CPU-per-request columns are not about.
 */
const WARMUP = Number(process.env['LOAD_WARMUP'] ?? 3_000);
const SITE = 'example.com';
const ORIGIN = `https://${SITE}`;
const API_KEY = 'bench-api-key';
/**
 * LOAD_ROWS=sqlite1,floor (comma-separated ids) runs only those rows, e.g. for a quick profile;
 * ids: sqlite, sqlite1, postgres, postgres1, postgres2x1, postgres-async, floor. A partial run
 * prints its table but does not overwrite bench/results/load.json.
 */
const ONLY_ROWS = process.env['LOAD_ROWS']?.split(',').map((id) => id.trim());
const wanted = (id: string) => !ONLY_ROWS || ONLY_ROWS.includes(id);

let bundle: CliBundle;
let dir: string;
const profileDir = process.env['LOAD_CPU_PROFILE'];
if (profileDir) {
  process.env['TWOFOLD_CPU_PROFILE_DIR'] = profileDir;
  process.env['NODE_OPTIONS'] = `${process.env['NODE_OPTIONS'] ?? ''} --import=${pathToFileURL(join(import.meta.dirname, 'cpu-prof-preload.mjs')).href}`;
}
beforeAll(async () => {
  bundle = await bundleCli();
  dir = mkdtempSync(join(tmpdir(), 'twofold-load-bench-'));
});
afterAll(() => {
  bundle?.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** One measured run of the mix against `bases` (requests alternate between them), with where the CPU went (`pids`: the servers). */
async function measure(name: string, bases: string[], publicKey: string, pids: number[]): Promise<{ result: LoadResult; cpu: CpuShare }> {
  let next = 0;
  const target: LoadTarget = { base: () => bases[next++ % bases.length]!, site: SITE, origin: ORIGIN, publicKey, apiKey: API_KEY };
  // Warm-up (not measured): JIT, prepared statements, connection pools.
  await runLoad(target, { requests: WARMUP, durationMs: 60_000, concurrency: CONCURRENCY, devices: 100, seed: 1 });
  const stopPerf = await startPerf(name, pids);
  const before = cpuSnapshot(pids);
  const result = await runLoad(target, { requests: REQUESTS, durationMs: DURATION_S * 1000, concurrency: CONCURRENCY, devices: DEVICES, seed: 2026 });
  const after = cpuSnapshot(pids);
  await stopPerf();
  return { result, cpu: cpuShare(before, after, CORES) };
}

/** One real sign-in and rights calls against `base`: the bodies the floor server answers with, per path. */
async function captureAnswers(base: string, publicKey: string): Promise<Record<string, string>> {
  const asSite = { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}`, 'x-forwarded-for': '203.0.113.250' };
  const text = async (path: string, init: RequestInit = {}) => (await fetch(base + path, init)).text();
  const signIn = async () => {
    const nonce = await text('/twofold/nonce');
    const sealed = await sealReport(sampleReport({ site: SITE, origin: ORIGIN, deviceId: 'floor-capture' }), {
      publicKey,
      nonce: (JSON.parse(nonce) as { nonce: string }).nonce,
      site: SITE,
      origin: ORIGIN,
    });
    const assess = await text('/twofold/assess', { method: 'POST', headers: asSite, body: JSON.stringify({ userId: 'floor-capture', sealed }) });
    const { attemptToken } = JSON.parse(assess) as { attemptToken: string };
    const record = await text('/twofold/record', { method: 'POST', headers: asSite, body: JSON.stringify({ attemptToken, outcome: 'success' }) });
    return { nonce, assess, record, token: (JSON.parse(record) as { rightsToken: string }).rightsToken };
  };
  const first = await signIn();
  const access = await text('/twofold/rights/access', { headers: { authorization: `Bearer ${first.token}` } });
  const erase = await text('/twofold/rights/erase', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: first.token }),
  });
  const second = await signIn();
  const object = await text('/twofold/rights/object', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: second.token }),
  });
  return {
    '/twofold/nonce': first.nonce,
    '/twofold/assess': first.assess,
    '/twofold/record': first.record,
    '/twofold/rights/access': access,
    '/twofold/rights/erase': erase,
    '/twofold/rights/object': object,
  };
}

/** Starts the floor server with `answers` and `workers` processes; resolves with its base URL and a stop function. */
function startFloor(answers: Record<string, string>, workers: number): Promise<{ base: string; pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'floor-server.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: '', FLOOR_ANSWERS: JSON.stringify(answers), FLOOR_WORKERS: String(workers) },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(output);
      const stop = () => {
        child.kill('SIGTERM');
        return exited;
      };
      if (match) resolve({ base: match[1]!, pid: child.pid!, stop });
    });
    void exited.then(() => reject(new Error(`floor server exited before listening: ${output}`)));
  });
}

interface TwofoldRow {
  /** The id LOAD_ROWS names it by. */
  id: string;
  name: string;
  store: () => Promise<{ url: string; open: () => Promise<Store>; cleanup: () => Promise<void> }>;
  instances: number;
  workers: number;
}

function twofoldRows(): TwofoldRow[] {
  const rows: TwofoldRow[] = [
    {
      id: 'sqlite',
      name: `sqlite (WAL), 1 instance × ${CORES} workers`,
      store: async () => {
        const path = join(dir, 'load.sqlite');
        return { url: `sqlite:${path}`, open: () => createSqliteStore(path), cleanup: async () => {} };
      },
      instances: 1,
      workers: CORES,
    },
    {
      // What the second worker adds on one SQLite file (they share its one write lock).
      id: 'sqlite1',
      name: 'sqlite (WAL), 1 instance × 1 worker',
      store: async () => {
        const path = join(dir, 'load-one.sqlite');
        return { url: `sqlite:${path}`, open: () => createSqliteStore(path), cleanup: async () => {} };
      },
      instances: 1,
      workers: 1,
    },
  ];
  const url = postgresUrl();
  if (!url) {
    console.log('DATABASE_URL does not name PostgreSQL: measuring SQLite only.');
    return rows.filter((row) => wanted(row.id));
  }
  // `asyncCommit`: the session setting synchronous_commit=off, an operator's choice (a crash may lose the last
  // few hundred ms of acknowledged writes; nothing is ever corrupted). Measured beside the default, never the default.
  const pgStore =
    (schema: string, asyncCommit = false) =>
    async () => {
      const created = await urlWithSchema(url, schema);
      const schemaUrl = asyncCommit
        ? created.replace(
            /options=([^&]*)/,
            (_m, options: string) => `options=${encodeURIComponent(`${decodeURIComponent(options)} -c synchronous_commit=off`)}`,
          )
        : created;
      return { url: schemaUrl, open: () => createPostgresStore(schemaUrl, { maxConnections: 2 }), cleanup: () => dropSchema(url, schema) };
    };
  rows.push(
    { id: 'postgres', name: `postgres, 1 instance × ${CORES} workers`, store: pgStore('twofold_bench_load'), instances: 1, workers: CORES },
    { id: 'postgres1', name: 'postgres, 1 instance × 1 worker', store: pgStore('twofold_bench_load_one'), instances: 1, workers: 1 },
    { id: 'postgres2x1', name: 'postgres, 2 instances × 1 worker', store: pgStore('twofold_bench_load_two'), instances: 2, workers: 1 },
    {
      id: 'postgres-async',
      name: `postgres, 1 instance × ${CORES} workers, synchronous_commit=off (operator setting)`,
      store: pgStore('twofold_bench_load_async', true),
      instances: 1,
      workers: CORES,
    },
  );
  return rows.filter((row) => wanted(row.id));
}

const rounded = (x: number) => Math.round(x * 10) / 10;

it('load: the floor and twofold serve under a realistic mix, per backend and instance count', async () => {
  const rows: BenchRow[] = [];
  const kinds: Record<string, ReturnType<typeof loadTable>> = {};
  const recounts: Record<string, Recount> = {};
  const keys = join(dir, 'keys.json');
  let answers: Record<string, string> | undefined;
  let publicKey = '';
  const cpus: Record<string, CpuShare> = {};
  const row = (name: string, result: LoadResult, extra: BenchRow, cpu: CpuShare) => {
    kinds[name] = loadTable(result);
    cpus[name] = cpu;
    // CPU per request holds still when other work on the machine takes cores away (req/s does not).
    const perRequest = (ms: number) => Math.round((1000 * ms) / Math.max(1, result.responses)) / 1000;
    console.log(`${name}: CPU share of ${CORES} cores — machine ${cpu.machine}, client ${cpu.client}, servers ${cpu.servers}, postgres ${cpu.postgres}`);
    rows.push({
      backend: name,
      requests: result.responses,
      'req/s': rounded(result.throughput),
      'p50 ms': rounded(result.p50),
      'p99 ms': rounded(result.p99),
      ...extra,
      'server CPU ms/req': perRequest(cpu.ms.servers),
      'postgres CPU ms/req': perRequest(cpu.ms.postgres),
      'client CPU ms/req': perRequest(cpu.ms.client),
      'machine busy': cpu.machine,
    });
    console.table(kinds[name]!.map((r) => ({ ...r, 'req/s': r['req/s'].toFixed(1), 'p50 ms': r['p50 ms'].toFixed(1), 'p99 ms': r['p99 ms'].toFixed(1) })));
  };

  for (const config of twofoldRows()) {
    const backend = await config.store();
    const servers: ServeProcess[] = [];
    let measured: { result: LoadResult; cpu: CpuShare };
    try {
      for (let i = 0; i < config.instances; i++) {
        servers.push(
          await startServe(bundle.path, {
            site: SITE,
            store: backend.url,
            keys,
            apiKey: API_KEY,
            extraArgs: ['--no-rate-limits', '--workers', String(config.workers)],
            // Loading the geo data and migrating take seconds; on a machine other work keeps busy, more than the default 20.
            startTimeoutMs: 90_000,
          }),
        );
      }
      publicKey = (JSON.parse(readFileSync(keys, 'utf8')) as { publicKey: string }).publicKey;
      answers ??= await captureAnswers(servers[0]!.base, publicKey);
      measured = await measure(
        config.id,
        servers.map((s) => s.base),
        publicKey,
        servers.map((s) => s.child.pid!),
      );
    } finally {
      await Promise.all(servers.map((s) => stopServe(s)));
    }
    const { result, cpu } = measured;
    const store = await backend.open();
    const ledger = await checkLedger(store, result).finally(() => store.close());
    const recount = await recountAggregates(backend.url);
    await backend.cleanup();
    recounts[config.name] = recount;
    const wrongAggregates = recount.pending + recount.mismatches.counts + recount.mismatches.distinct + recount.mismatches.totals;
    row(config.name, result, { errors: result.errors.length, lost: ledger.lost.length, 'aggregates ≠ recount': wrongAggregates }, cpu);
    for (const line of [...ledger.lost, ...ledger.extra].slice(0, 5)) console.log(`${config.name} ledger: ${line}`);
    for (const line of result.errors.slice(0, 5)) console.log(`${config.name} error: ${JSON.stringify(line)}`);
    expect(wrongAggregates, `${config.name}: ${JSON.stringify(recount)}`).toBe(0);
  }

  // The floor: same client, same mix, same answer sizes, as many processes as the sqlite row.
  if (wanted('floor') && answers) {
    const floor = await startFloor(answers, CORES);
    try {
      const { result, cpu } = await measure('floor', [floor.base], publicKey, [floor.pid]);
      row(`floor: bare node:http, ${CORES} workers`, result, {}, cpu);
    } finally {
      await floor.stop();
    }
  }

  const rate = (prefix: string) => Number(rows.find((r) => String(r['backend']).startsWith(prefix))?.['req/s'] ?? Number.NaN);
  const ratio = (a: number, b: number) => Math.round((100 * a) / b) / 100;
  const ratios = {
    'sqlite / floor': ratio(rate('sqlite'), rate('floor')),
    'sqlite 2 workers / 1 worker': ratio(rate(`sqlite (WAL), 1 instance × ${CORES}`), rate('sqlite (WAL), 1 instance × 1 worker')),
    'postgres / sqlite': ratio(rate(`postgres, 1 instance × ${CORES}`), rate('sqlite')),
    'postgres 2 instances / 1 instance': ratio(rate('postgres, 2 instances'), rate('postgres, 1 instance × 1 worker')),
    'postgres synchronous_commit off / on': ratio(
      rate(`postgres, 1 instance × ${CORES} workers, synchronous_commit=off`),
      rate(`postgres, 1 instance × ${CORES}`),
    ),
  };
  console.log('ratios', ratios);
  if (ONLY_ROWS) {
    console.table(rows);
    return;
  }
  writeBenchResult('load', rows, {
    ratios,
    setup: {
      concurrency: CONCURRENCY,
      devices: DEVICES,
      requestBound: REQUESTS,
      durationBoundS: DURATION_S,
      client:
        'same machine, one process: seals every report like a browser would (same envelope and sizes, HPKE on node:crypto) and sends over keep-alive node:http connections',
      loadavg: loadavg(),
    },
    cpu: cpus,
    recounts,
    kinds,
  });
});
