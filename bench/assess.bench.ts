/*
 * Throughput of `engine.assess` on a store holding 10,000 users of history (seeded population from
 * bench/risk-population.ts, ~20 logins each). One process, one core, assessments run one after
 * another (await each), like a single server instance answering sign-ins; PostgreSQL also with 16
 * in flight (its cost is round trips, not CPU). Reports assessments/s and
 * p50/p99 latency per backend: the in-memory twin (the floor), SQLite when sdk/server/store/sql is
 * present, and PostgreSQL when DATABASE_URL is set (in its own schema, recreated per run). History
 * is bulk-loaded through `Store.recordLogins` (same rows and aggregates as `engine.record`); CPU
 * time of this process is reported beside wall clock because the build machine is shared.
 * Writes bench/results/assess.json.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { createTableGeo } from '../sdk/server/geo/table';
import { normalizeAttempt } from '../sdk/server/risk/attempt';
import { createRiskEngine, loginRecordOf } from '../sdk/server/risk/engine';
import type { LoginAttempt } from '../sdk/server/risk/types';
import { createMemoryStore } from '../sdk/server/store/memory';
import type { LoginRecord, Store } from '../sdk/server/store/types';
import { dropSchema, postgresUrl, urlWithSchema } from '../test/sdk/server/helpers/pg';
import { writeBenchResult, type BenchRow } from './report';
import { ATTACKER_TYPES, generateAttack, generatePopulation, seededRandom, worldGeoTable } from './risk-population';

const USERS = Number(process.env['ASSESS_USERS'] ?? 10_000);
const ASSESSMENTS = Number(process.env['ASSESS_COUNT'] ?? 20_000);
const WARMUP = 1_000;
/** History logins per bulk-import transaction (whole users). */
const LOAD_BATCH = 2_000;
const PG_SCHEMA = 'twofold_bench_assess';
// Keep the whole bench bounded (< 2 min per backend) on a shared 2-core machine.
const LOAD_BUDGET_S = Number(process.env['ASSESS_LOAD_BUDGET_S'] ?? 30);
const ASSESS_BUDGET_S = Number(process.env['ASSESS_BUDGET_S'] ?? 12);

interface Backend {
  name: string;
  /** Load every user regardless of the time budget (the in-memory floor must always hold 10,000 users). */
  loadAll?: boolean;
  /** Assessments kept in flight, one measured row each (default: one at a time). */
  concurrency?: number[];
  open(): Promise<Store>;
  cleanup?(): void | Promise<void>;
}

async function backends(): Promise<Backend[]> {
  const list: Backend[] = [{ name: 'memory', loadAll: true, open: async () => createMemoryStore() }];
  try {
    const sql = await import('../sdk/server/store/sql/index');
    const dir = mkdtempSync(join(tmpdir(), 'twofold-assess-'));
    list.push({
      name: 'sqlite (file, WAL)',
      open: () => sql.createSqliteStore(join(dir, 'bench.sqlite')),
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    });
    const url = postgresUrl();
    // A fresh schema per run (so runs never pile up history), dropped afterwards.
    if (url)
      list.push({
        name: 'postgres',
        concurrency: [1, 16],
        open: async () => sql.createPostgresStore(await urlWithSchema(url, PG_SCHEMA)),
        cleanup: () => dropSchema(url, PG_SCHEMA),
      });
  } catch (error) {
    console.log(`SQL stores not available (${(error as Error).message}); measuring the memory store only.`);
  }
  return list;
}

/** Runs `attempts` through the engine with `inFlight` assessments outstanding, within the time budget; latencies sorted. */
async function measure(
  engine: ReturnType<typeof createRiskEngine>,
  attempts: readonly LoginAttempt[],
  inFlight: number,
): Promise<{ latencies: number[]; seconds: number; cpuSeconds: number }> {
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < attempts.length && (performance.now() - start) / 1000 <= ASSESS_BUDGET_S) {
      const attempt = attempts[next++]!;
      const t = performance.now();
      await engine.assess(attempt);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { latencies: latencies.sort((a, b) => a - b), seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

it('assessments per second with 10,000 users of history', async () => {
  const population = generatePopulation({ seed: 424242, users: USERS, minLogins: 5, maxLogins: 35 });
  // The same seeded mix for every backend, drawn from the users that backend could load.
  const attemptsFor = (loadedUsers: number, count: number): LoginAttempt[] => {
    const rng = seededRandom(99);
    const out: LoginAttempt[] = [];
    for (let i = 0; i < count; i++) {
      const user = population[Math.floor(rng() * loadedUsers)]!;
      // Mostly legitimate traffic, with every attacker type mixed in.
      out.push(rng() < 0.7 ? user.next : generateAttack(rng, user, ATTACKER_TYPES[i % ATTACKER_TYPES.length]!));
    }
    return out;
  };
  const geo = createTableGeo(worldGeoTable());
  const rows: BenchRow[] = [];
  for (const backend of await backends()) {
    const store = await backend.open();
    try {
      const engine = createRiskEngine({ store, geo });
      // History goes in through the store's bulk import (Store.recordLogins: the rows and aggregates
      // of one recordLogin per login, a transaction per batch), as engine.record would build them.
      // SQL backends load whole users until the time budget is spent (a slow one is measured on
      // fewer users, and says so).
      const loadStart = performance.now();
      const loadCpu = process.cpuUsage();
      let loadedUsers = 0;
      let loadedLogins = 0;
      for (let next = 0; next < population.length; ) {
        if (!backend.loadAll && (performance.now() - loadStart) / 1000 > LOAD_BUDGET_S) break;
        const batch: LoginRecord[] = [];
        for (; next < population.length && batch.length < LOAD_BATCH; next++, loadedUsers++) {
          for (const login of population[next]!.history) batch.push(loginRecordOf(await normalizeAttempt(login, geo), 'success'));
        }
        await store.recordLogins(batch);
        loadedLogins += batch.length;
      }
      const loadSeconds = (performance.now() - loadStart) / 1000;
      const loadCpuUsage = process.cpuUsage(loadCpu);
      const loadCpuSeconds = (loadCpuUsage.user + loadCpuUsage.system) / 1e6;
      const attempts = attemptsFor(Math.max(1, loadedUsers), WARMUP + ASSESSMENTS);
      for (let i = 0; i < WARMUP; i++) await engine.assess(attempts[i]!);
      // One instance answering sign-ins one after another; a network store (PostgreSQL) also with
      // several in flight, as a real server has, since its cost is round trips rather than CPU.
      for (const inFlight of backend.concurrency ?? [1]) {
        const run = await measure(engine, attempts.slice(WARMUP), inFlight);
        rows.push({
          store: inFlight > 1 ? `${backend.name}, ${inFlight} in flight` : backend.name,
          users: loadedUsers,
          'history logins': loadedLogins,
          assessments: run.latencies.length,
          'assess/s': Math.round(run.latencies.length / run.seconds),
          // CPU time of this process only: robust to other processes on a shared machine (excludes a PostgreSQL server's work).
          'assess per CPU-s': Math.round(run.latencies.length / run.cpuSeconds),
          'p50 ms': Math.round(quantile(run.latencies, 0.5) * 1000) / 1000,
          'p99 ms': Math.round(quantile(run.latencies, 0.99) * 1000) / 1000,
          'record/s (load)': Math.round(loadedLogins / loadSeconds),
          'record per CPU-s (load)': Math.round(loadedLogins / loadCpuSeconds),
          note: loadedUsers < USERS ? `load-limited: ${LOAD_BUDGET_S} s budget` : '',
        });
      }
    } finally {
      await store.close();
      await backend.cleanup?.();
    }
  }
  const floor = rows[0]?.['assess/s'];
  for (const row of rows)
    row['vs memory'] = typeof floor === 'number' && typeof row['assess/s'] === 'number' ? Math.round((row['assess/s'] / floor) * 1000) / 1000 : null;
  writeBenchResult('assess', rows, {
    note: 'sequential awaits in one process (PostgreSQL also with 16 in flight over a 10-connection pool); the engine with the synthetic-world table geo; 70% legitimate next logins, 30% attacks; history bulk-loaded with Store.recordLogins (2,000 logins per transaction). "per CPU-s" = this process\'s user+system CPU time (robust to the shared machine; excludes the PostgreSQL server). Target: >= 20,000 assess/s on SQLite with 10,000 users of history.',
    loadBudgetSeconds: LOAD_BUDGET_S,
    loadAverageAtEnd: loadavg(),
    assessBudgetSeconds: ASSESS_BUDGET_S,
  });
});
