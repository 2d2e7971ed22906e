// Where the machine's CPU went during a load row, from Linux /proc: the whole machine's busy share
// (/proc/stat) and the CPU time of the load client (this process), of each server's process tree
// (a `twofold serve` primary and its cluster workers) and of every PostgreSQL process (other clients of the same server included). It answers
// whether a row was bound by the servers or by the cores being full (client + servers + database
// on the same machine), which a req/s figure alone cannot. Elsewhere than Linux it reports nothing.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on every Linux this runs on). */
const TICKS_PER_S = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime in ticks. */
  ticks: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const fields = text.slice(close + 2).split(' ');
    return { pid, ppid: Number(fields[1]), comm: text.slice(text.indexOf('(') + 1, close), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined; // gone, or not Linux
  }
}

function allStats(): ProcStat[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  return pids.map((pid) => readStat(Number(pid))).filter((s): s is ProcStat => s !== undefined);
}

/** Busy and total ticks of the whole machine (all cores) from /proc/stat's first line. */
function machineTicks(): { busy: number; total: number } {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - fields[3]! - fields[4]!, total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** CPU times at one moment. */
export interface CpuSnapshot {
  at: number;
  machine: { busy: number; total: number };
  clientMs: number;
  /** Ticks per server tree, keyed by the root pid. */
  servers: Map<number, number>;
  /** Ticks per PostgreSQL process (backends come and go: only what each used in the interval counts). */
  postgres: Map<number, number>;
}

/** Reads the CPU times of the client, the process trees rooted at `serverPids`, and PostgreSQL. */
export function cpuSnapshot(serverPids: readonly number[]): CpuSnapshot {
  const stats = allStats();
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const treeTicks = (pid: number): number => (readStat(pid)?.ticks ?? 0) + (children.get(pid) ?? []).reduce((n, c) => n + treeTicks(c.pid), 0);
  const usage = process.cpuUsage();
  return {
    at: performance.now(),
    machine: machineTicks(),
    clientMs: (usage.user + usage.system) / 1000,
    servers: new Map(serverPids.map((pid) => [pid, treeTicks(pid)])),
    postgres: new Map(stats.filter((s) => s.comm === 'postgres').map((s) => [s.pid, s.ticks])),
  };
}

/** Shares of all cores' time between two snapshots (1 = every core busy for the whole interval). */
export interface CpuShare {
  /** The machine's busy share, whoever used it (other engineers' work included). */
  machine: number;
  client: number;
  servers: number;
  postgres: number;
  /** CPU milliseconds each party used in the interval (divide by requests: the cost of one, whatever else ran). */
  ms: { client: number; servers: number; postgres: number };
}

/** What each party used between `before` and `after`, as a share of `cores` × the elapsed time. */
export function cpuShare(before: CpuSnapshot, after: CpuSnapshot, cores: number): CpuShare {
  const capacityMs = (after.at - before.at) * cores;
  const ticksMs = (ticks: number) => (ticks * 1000) / TICKS_PER_S;
  let servers = 0;
  for (const [pid, ticks] of after.servers) servers += ticks - (before.servers.get(pid) ?? 0);
  // A backend that started in the interval counts from 0; one that ended in it is missed (its last ticks are gone).
  let postgres = 0;
  for (const [pid, ticks] of after.postgres) postgres += ticks - (before.postgres.get(pid) ?? 0);
  const machineTotal = after.machine.total - before.machine.total;
  const round = (x: number) => Math.round(x * 100) / 100;
  const ms = { client: after.clientMs - before.clientMs, servers: ticksMs(servers), postgres: ticksMs(postgres) };
  return {
    machine: round(machineTotal > 0 ? (after.machine.busy - before.machine.busy) / machineTotal : 0),
    client: round(ms.client / capacityMs),
    servers: round(ms.servers / capacityMs),
    postgres: round(ms.postgres / capacityMs),
    ms,
  };
}
