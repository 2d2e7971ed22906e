// `twofold serve` as a child process, for the load test and bench: the CLI is bundled fresh from
// source (never a stale dist/), started on loopback, and waited for until it prints its
// "listening on" line. Killing it (SIGKILL) and starting it again on the same port is the fault.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');

/** A bundled CLI and a way to delete it. */
export interface CliBundle {
  path: string;
  remove(): void;
}

/**
 * Bundles sdk/server/cli/twofold.ts like build.mjs does (packages external). The output goes under
 * node_modules/.cache inside the repository so the external packages resolve from node_modules.
 */
export async function bundleCli(): Promise<CliBundle> {
  const cache = join(REPO, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'twofold-cli-'));
  const path = join(dir, 'twofold.mjs');
  await build({
    entryPoints: [join(REPO, 'sdk/server/cli/twofold.ts')],
    outfile: path,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: ['node20'],
    packages: 'external',
    logLevel: 'silent',
  });
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A running `twofold serve` child. */
export interface ServeProcess {
  /** http://127.0.0.1:<port> */
  base: string;
  port: number;
  child: ChildProcess;
  /** Everything the child wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves with how the child ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Options of `startServe`: the CLI flags that matter here. */
export interface ServeProcessOptions {
  site: string;
  store: string;
  keys: string;
  apiKey: string;
  /** 0 (default) picks a free port; pass the old one to restart in place. */
  port?: number;
  /** `--trust-proxy` value: a hop count or CIDR list; `true` (default) the bare flag (one hop); `false` none. */
  trustProxy?: string | boolean;
  /** More CLI flags, e.g. `--no-rate-limits` for load runs, `--totp-secrets FILE`. */
  extraArgs?: readonly string[];
  startTimeoutMs?: number;
}

/** Starts `node <bundle> serve …` on 127.0.0.1 and resolves once it listens. */
export function startServe(bundle: string, options: ServeProcessOptions): Promise<ServeProcess> {
  const args = [
    bundle,
    'serve',
    '--site',
    options.site,
    '--host',
    '127.0.0.1',
    '--port',
    String(options.port ?? 0),
    '--store',
    options.store,
    '--keys',
    options.keys,
    '--api-key',
    options.apiKey,
    ...(options.trustProxy === false
      ? []
      : options.trustProxy === undefined || options.trustProxy === true
        ? ['--trust-proxy']
        : ['--trust-proxy', options.trustProxy]),
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '' } });
  // Never leave a server behind when this process ends (a failed or timed-out test included).
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => {
      process.off('exit', reap);
      done({ code, signal });
    }),
  );
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`twofold serve did not start within ${options.startTimeoutMs ?? 20_000} ms:\n${output}`));
    }, options.startTimeoutMs ?? 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /^listening on (http:\/\/127\.0\.0\.1:(\d+))$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveStart({ base: match[1]!, port: Number(match[2]), child, output: () => output, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`twofold serve exited (code ${code}, signal ${signal}) before listening:\n${output}`));
    });
  });
}

/** Stops a child: `signal` (default SIGTERM, an orderly shutdown) and waits for it to exit. */
export async function stopServe(server: ServeProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
  return server.exited;
}
