/**
 * `LOAD_PERF=<dir>`: records on-CPU samples of the servers of each load-bench row with Linux perf
 * (`perf record -g` on their process ids, for the measured run only) into `<dir>/<row>.perf.data`;
 * the servers run with `--perf-basic-prof` so JS frames have names. Summarise with
 * `perf script -F pid,tid,ip,sym -i <file> | node bench/cpu-perf.mjs [bundle.mjs]`. Needs perf and the
 * right to attach to the processes (root, or kernel.perf_event_paranoid ≤ 1).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The directory LOAD_PERF names, if any. */
export const perfDir = process.env['LOAD_PERF'];

if (perfDir) process.env['NODE_OPTIONS'] = `${process.env['NODE_OPTIONS'] ?? ''} --perf-basic-prof`;

/** `pids` and every process below them (a `twofold serve --workers N` primary's workers). */
function withDescendants(pids: readonly number[]): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const all = new Set(pids);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (all.has(parent) && !all.has(pid)) {
        all.add(pid);
        grew = true;
      }
    }
  }
  return [...all];
}

/** Starts perf on `pids` and their worker processes; resolves a function that stops it and waits for the file. */
export async function startPerf(name: string, pids: readonly number[]): Promise<() => Promise<void>> {
  if (!perfDir) return async () => {};
  const file = join(perfDir, `${name.replace(/[^a-z0-9]+/gi, '-')}.perf.data`);
  const perf: ChildProcess = spawn('perf', ['record', '-F', '997', '-g', '-p', withDescendants(pids).join(','), '-o', file], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => {
    perf.once('exit', () => resolve());
    perf.once('error', () => resolve());
  });
  // perf needs a moment to attach before the measured run starts.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return async () => {
    perf.kill('SIGINT');
    await exited;
  };
}
