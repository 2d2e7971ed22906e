// `twofold serve --workers 2` as a child process, on a SQLite WAL file and on PostgreSQL:
// both workers answer (proved from the operating system, no debug endpoint: each worker process holds
// some of the server's accepted TCP connections), sign-ins through either land in the one database,
// a worker that dies is replaced, and SIGTERM lets a request in flight finish before every process
// exits 0. Linux only (reads /proc), like the CI machine.
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client as PgClient } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runServe } from '../../../../sdk/server/cli/serve';
import { openStore } from '../../../../sdk/server/store/sql';
import { ATTACK_API_KEY, freshUser, removeAttackBundle, startAttackTarget, type AttackTarget } from '../helpers/attack-target';
import { dropSchema, postgresUrl, urlWithSchema } from '../helpers/pg';

const dir = mkdtempSync(join(tmpdir(), 'twofold-workers-'));
afterAll(() => {
  removeAttackBundle();
  rmSync(dir, { recursive: true, force: true });
});

const backends: [string, () => Promise<{ store: string; cleanup(): Promise<void> }>][] = [
  ['sqlite file (WAL)', async () => ({ store: `sqlite:${join(dir, 'workers.sqlite')}`, cleanup: async () => {} })],
];
const pg = postgresUrl();
if (pg)
  backends.push(['postgres', async () => ({ store: await urlWithSchema(pg, 'twofold_cli_workers'), cleanup: () => dropSchema(pg, 'twofold_cli_workers') })]);
else it.skip('postgres: set DATABASE_URL=postgres://… to run these tests on PostgreSQL too', () => {});

/** Live processes whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so split after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) === pid && state !== 'Z') out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** Inodes of the server-side ends of established TCP connections to `port`. */
function acceptedSockets(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const localPort = parseInt(fields[1]!.split(':')[1]!, 16);
      if (localPort === port && fields[3] === '01') inodes.add(fields[9]!);
    }
  }
  return inodes;
}

/** The paths of the files process `pid` has open. */
function filesOpen(pid: number): string[] {
  const out: string[] = [];
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      out.push(readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      // closed meanwhile
    }
  }
  return out;
}

/** How many of `inodes` process `pid` has open. */
function socketsHeld(pid: number, inodes: Set<string>): number {
  let n = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match && inodes.has(match[1]!)) n++;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}

/** Opens `n` keep-alive connections at once, each answering one GET; returns the agent holding them open. */
async function openConnections(base: string, n: number): Promise<Agent> {
  const agent = new Agent({ keepAlive: true, maxSockets: n });
  await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<void>((resolve, reject) => {
          request(`${base}/twofold/nonce`, { agent }, (res) => {
            expect(res.statusCode).toBe(200);
            res.resume().on('end', resolve);
          })
            .on('error', reject)
            .end();
        }),
    ),
  );
  return agent;
}

/** One row of `sql`, read straight from the database (a SQLite file read-only, or PostgreSQL), bypassing the store. */
async function readOne<R>(store: string, sql: string): Promise<R> {
  if (store.startsWith('sqlite:')) {
    const db = new Database(store.slice('sqlite:'.length), { readonly: true });
    try {
      return db.prepare(sql).get() as R;
    } finally {
      db.close();
    }
  }
  const client = new PgClient({ connectionString: store });
  await client.connect();
  try {
    return (await client.query(sql)).rows[0] as R;
  } finally {
    await client.end();
  }
}

/** Polls `check` until it returns a value (not undefined), at most `ms`. */
async function until<T>(check: () => T | undefined, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const refusesConnections = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

describe.each(backends)('twofold serve --workers 2 on %s', (_name, setup) => {
  it('both workers answer and share the database; a dead worker is replaced; SIGTERM drains and stops all', { timeout: 120_000 }, async () => {
    const { store, cleanup } = await setup();
    let target: AttackTarget | undefined;
    try {
      target = await startAttackTarget(store, { extraArgs: ['--workers', '2'] });
      const primary = target.server.child.pid!;
      const port = target.server.port;
      const workers = await until(() => (childrenOf(primary).length === 2 ? childrenOf(primary) : undefined), 'two workers');
      expect(target.server.output()).toMatch(/twofold: 2 workers \(pids \d+, \d+\)/);
      // On SQLite the primary keeps the database file open: its WAL checkpointer (checkpointer.ts),
      // so the workers' commits never checkpoint. On PostgreSQL it holds no database file.
      if (store.startsWith('sqlite:')) expect(filesOpen(primary)).toContain(store.slice('sqlite:'.length));

      // Both answer: 8 connections accepted at once are spread over both worker processes.
      const agent = await openConnections(target.base, 8);
      const accepted = acceptedSockets(port);
      expect(accepted.size).toBeGreaterThanOrEqual(8);
      for (const pid of workers) expect(socketsHeld(pid, accepted)).toBeGreaterThan(0);
      agent.destroy();

      // One database: one account's sign-ins in parallel (over several connections, so both workers) all land in it (checked below).
      const user = freshUser('workers');
      await Promise.all(Array.from({ length: 6 }, (_, i) => target!.signIn(user, `device-${i}`, '198.51.100.7')));
      // The workers append the sign-ins' global increments (fold: 'external'); the primary folds them
      // while they run, so the global counts catch up within about a second, not at shutdown.
      const folded =
        'SELECT (SELECT count(*) FROM count_deltas) + (SELECT count(*) FROM total_deltas) AS pending, (SELECT total_logins FROM totals WHERE id = 1) AS logins';
      const deadline = Date.now() + 20_000;
      for (;;) {
        const row = await readOne<{ pending: number | string; logins: number | string | null }>(store, folded);
        if (Number(row.pending) === 0 && Number(row.logins ?? 0) >= 6) break;
        if (Date.now() > deadline) throw new Error(`the primary did not fold the sign-ins: ${JSON.stringify(row)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      // A worker killed is replaced, and the server keeps answering.
      process.kill(workers[0]!, 'SIGKILL');
      const replaced = await until(() => {
        const now = childrenOf(primary);
        return now.length === 2 && !now.includes(workers[0]!) ? now : undefined;
      }, 'a replacement worker');
      await until(
        () => (target!.server.output().includes(`worker ${workers[0]} exited (SIGKILL); starting another`) ? true : undefined),
        'the restart message',
      );
      await until(() => (target!.server.output().match(/twofold: site /g)?.length === 3 ? true : undefined), 'the replacement listening');
      for (let i = 0; i < 4; i++) expect((await target.call('GET', '/twofold/nonce')).status).toBe(200);

      // SIGTERM with a request in flight: it is answered, then every process exits 0.
      const inFlight = connect(port, '127.0.0.1');
      await new Promise<void>((resolve) => inFlight.once('connect', () => resolve()));
      let answer = '';
      inFlight.on('data', (chunk: Buffer) => {
        answer += chunk.toString('utf8');
      });
      const answered = new Promise<void>((resolve) => inFlight.once('end', () => resolve()));
      // An empty object: the record route answers it 400 (a missing attempt token) once it has the body.
      const body = '{}';
      // "Expect: 100-continue": the worker answers "100 Continue" once it has the request's headers, so
      // the request is known to be in a worker's hands (in flight) before SIGTERM is sent.
      inFlight.write(
        `POST /twofold/record HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nExpect: 100-continue\r\nAuthorization: Bearer ${ATTACK_API_KEY}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      await until(() => (answer.startsWith('HTTP/1.1 100 Continue\r\n\r\n') ? true : undefined), 'the 100 Continue');
      target.server.child.kill('SIGTERM');
      await until(() => (target!.server.output().includes('SIGTERM, shutting down 2 workers') ? true : undefined), 'the shutdown');
      // Once no worker accepts new connections, the request begun before SIGTERM is still to be answered.
      while (!(await refusesConnections(port))) await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight.end(body);
      await answered;
      expect(answer.slice('HTTP/1.1 100 Continue\r\n\r\n'.length)).toMatch(/^HTTP\/1\.1 400 /); // answered, not dropped
      expect(answer).toContain('application/json');
      expect(await target.server.exited).toEqual({ code: 0, signal: null });
      expect(replaced.filter((pid) => childrenOf(primary).includes(pid))).toEqual([]);
      for (const pid of replaced) expect(() => process.kill(pid, 0)).toThrow();

      const shared = await openStore(store);
      try {
        expect((await shared.exportSubject({ userId: user })).logins).toHaveLength(6);
      } finally {
        await shared.close();
      }
    } finally {
      await target?.stop();
      await cleanup();
    }
  });
});

describe('twofold serve --workers with an in-memory store', () => {
  it('refuses to start: separate processes cannot share one in-memory database', async () => {
    const err: string[] = [];
    const io = { out: () => {}, err: (t: string) => void err.push(t) };
    const args = { site: 'a.test', port: 0, host: '127.0.0.1', keys: join(dir, 'memory-keys.json'), trustProxy: false as const, workers: 2 };
    expect(await runServe({ ...args, store: ':memory:' }, io, Promise.resolve('test'))).toBe(1);
    expect(await runServe({ ...args, store: 'sqlite::memory:' }, io, Promise.resolve('test'))).toBe(1);
    expect(err.join('')).toMatch(/--workers 2 needs a database the workers share .*Use --workers 1 or --store sqlite:<path>/);
  });
});
