// The load bench's CPU accounting: shares of the cores and CPU ms per party between two snapshots,
// PostgreSQL counted per process (one that started in the interval from 0, one that ended is not
// negative), and a live snapshot that sees this process and its own process tree.
import { describe, expect, it } from 'vitest';
import { cpuShare, cpuSnapshot, type CpuSnapshot } from '../../bench/cpu-share';

const snapshot = (over: Partial<CpuSnapshot>): CpuSnapshot => ({
  at: 0,
  machine: { busy: 0, total: 0 },
  clientMs: 0,
  servers: new Map(),
  postgres: new Map(),
  ...over,
});

describe('cpuShare', () => {
  it('splits the cores between client, servers and PostgreSQL over the interval', () => {
    const before = snapshot({
      machine: { busy: 100, total: 400 },
      clientMs: 50,
      servers: new Map([[10, 100]]),
      postgres: new Map([
        [20, 5],
        [21, 7],
      ]),
    });
    const after = snapshot({
      at: 1000,
      machine: { busy: 250, total: 600 },
      clientMs: 250,
      servers: new Map([[10, 160]]),
      // 21 ended (its ticks are gone), 22 started and used 10 ticks
      postgres: new Map([
        [20, 25],
        [22, 10],
      ]),
    });
    const share = cpuShare(before, after, 2);
    expect(share.ms).toEqual({ client: 200, servers: 600, postgres: 300 });
    expect(share).toMatchObject({ machine: 0.75, client: 0.1, servers: 0.3, postgres: 0.15 });
  });

  it('reads this process and a server tree from /proc', () => {
    const pid = process.pid;
    const first = cpuSnapshot([pid]);
    // Busy for 30 ms of this process's CPU time, not a fixed loop: /proc/stat counts in 10 ms
    // ticks, and a fixed 3e6-step loop (about 10 ms) let no tick pass in 6% of tries on this machine.
    const cpuMs = () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    };
    const until = cpuMs() + 30;
    let x = 0;
    for (let i = 1; cpuMs() < until; i++) x += Math.sqrt(i);
    const second = cpuSnapshot([pid]);
    expect(x).toBeGreaterThan(0);
    expect(second.clientMs).toBeGreaterThan(first.clientMs);
    if (process.platform === 'linux') {
      expect(second.servers.get(pid)).toBeGreaterThanOrEqual(first.servers.get(pid)!);
      expect(second.machine.total).toBeGreaterThan(first.machine.total);
    }
  });
});
