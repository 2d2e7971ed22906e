/**
 * `twofold serve --workers N`: N worker processes (node:cluster) share one listening port
 * and one database (a SQLite file in WAL mode, or PostgreSQL), so one machine's cores all serve.
 * The primary prepares what must happen once (the keys file created, the schema migrated) before it
 * forks, restarts a worker that dies, and on SIGTERM/SIGINT has every worker finish its requests in
 * flight before it exits. Every worker runs the ordinary single-process server (serve.ts).
 */
import cluster, { type Worker } from 'node:cluster';
import type { RunningServer, ServeIo } from './serve-types';

/** The first restart of a worker that died is immediate; one that dies again before listening waits longer, up to this. */
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * What the primary does once before forking (create the keys file, migrate the store); throws to
 * refuse to start. It may return what the primary runs after every worker has exited (e.g. stop the
 * WAL checkpointer it started).
 */
export type Prepare = () => Promise<void | (() => Promise<void>)>;

/** Whether this process is a `twofold serve` worker forked by a primary. */
export const isServeWorker = (): boolean => cluster.isWorker;

/**
 * Resolves with the signal that stops a worker. The handlers stay installed: a second SIGTERM (the
 * primary's, after a supervisor signalled the whole process group) must not kill a worker while it
 * drains. A worker whose primary dies (SIGKILL) is ended by node:cluster itself at once, like a
 * killed single process: the listening socket was the primary's, and committed writes are kept.
 */
function workerStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.on('SIGTERM', () => resolve('SIGTERM'));
    process.on('SIGINT', () => resolve('SIGINT'));
  });
}

/**
 * A worker: starts the server (listening on the primary's shared port), serves until told to stop,
 * then closes it (requests in flight answered). Exit code 1 when it could not start.
 */
export async function runClusterWorker(start: () => Promise<RunningServer>, io: ServeIo): Promise<number> {
  const stop = workerStopSignal();
  let running: RunningServer;
  try {
    running = await start();
  } catch (error) {
    io.err(`twofold: worker ${process.pid} could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.connected) process.disconnect();
    return 1;
  }
  await stop;
  await running.close();
  // The IPC channel to the primary would keep this process alive once the server is closed.
  if (process.connected) process.disconnect();
  return 0;
}

/**
 * The primary: prepares, forks `workers` workers, prints "listening on <url>" once all of them
 * listen, and then restarts any that dies until `stop` resolves; then it sends every worker SIGTERM
 * and waits for them all to exit. Returns the exit code (1 when it could not start).
 */
export async function runClusterPrimary(workers: number, prepare: Prepare, io: ServeIo, stop: Promise<string>): Promise<number> {
  let finish: void | (() => Promise<void>);
  try {
    finish = await prepare();
  } catch (error) {
    io.err(`twofold: serve could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  let stopping = false;
  const started = new Set<Worker>();
  let restartDelay = 0;
  let url: string | undefined;

  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.once('listening', (address) => {
      started.add(worker);
      restartDelay = 0;
      url ??= `http://${address.address?.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
    });
    return worker;
  };

  // Start-up: every worker listens, or one failing to start fails the whole start (a bad port or store is not retried forever).
  const ready = await new Promise<boolean>((resolve) => {
    let listening = 0;
    const onListening = () => {
      if (++listening === workers) done(true);
    };
    const onExit = () => done(false);
    const done = (ok: boolean) => {
      cluster.off('listening', onListening);
      cluster.off('exit', onExit);
      resolve(ok);
    };
    cluster.on('listening', onListening);
    cluster.on('exit', onExit);
    for (let i = 0; i < workers; i++) fork();
  });
  const alive = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
  const stopAll = async (signal: NodeJS.Signals) => {
    const exits = alive().map(
      (worker) =>
        new Promise<void>((resolve) => {
          worker.once('exit', () => resolve());
          worker.process.kill(signal);
        }),
    );
    await Promise.all(exits);
  };
  if (!ready || url === undefined) {
    stopping = true;
    await stopAll('SIGTERM');
    await finish?.();
    io.err('twofold: serve could not start: a worker exited before listening (see its message above)\n');
    return 1;
  }

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const diedStarting = !started.has(worker);
    started.delete(worker);
    // A worker that dies before it ever listened (e.g. the database is down) is retried with a growing pause, not in a busy loop.
    restartDelay = diedStarting ? Math.min(MAX_RESTART_DELAY_MS, Math.max(1_000, restartDelay * 2)) : 0;
    io.err(`twofold: worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another${restartDelay ? ` in ${restartDelay} ms` : ''}\n`);
    setTimeout(() => {
      if (!stopping) fork();
    }, restartDelay).unref();
  });

  io.out(
    `twofold: ${workers} workers (pids ${alive()
      .map((w) => w.process.pid)
      .join(', ')})\n`,
  );
  io.out(`listening on ${url}\n`);
  const signal = await stop;
  stopping = true;
  io.out(`twofold: ${signal}, shutting down ${alive().length} workers\n`);
  await stopAll('SIGTERM');
  await finish?.();
  return 0;
}
