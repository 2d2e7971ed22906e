// The pure merge (extension/background/sync/merge.ts), property-style: replicas that edit, delete
// and sync through copies of a storage.sync-like area in random interleavings (a seeded PRNG, so a
// failure replays) converge, and each account ends as the last write by clock.
import { describe, expect, it } from 'vitest';
import { compareClocks, planMerge, tick, type Clock, type Version } from '../../../../extension/background/sync/merge';

interface Held {
  clock: Clock;
  value: string | null; // null: tombstone
}

/** A replica: its own copy of the area (what its browser's storage.sync holds) and its local vault. */
class Replica {
  local = new Map<string, Held>();
  area = new Map<string, Held>();
  constructor(
    readonly device: string,
    private readonly now: () => number,
  ) {}
  write(id: string, value: string | null): Held {
    const held = { clock: tick(this.local.get(id)?.clock, this.now(), this.device), value };
    this.local.set(id, held);
    return held;
  }
  /** One engine run: merge the local vault with this replica's area, as engine.ts applies the plan. */
  sync(): void {
    const versions = (m: Map<string, Held>) => new Map<string, Version>([...m].map(([id, h]) => [id, { clock: h.clock, deleted: h.value === null }]));
    const plan = planMerge(versions(this.local), versions(this.area));
    for (const id of plan.toLocal) this.local.set(id, this.area.get(id)!);
    for (const id of plan.toRemote) this.area.set(id, this.local.get(id)!);
  }
}

/** storage.sync between browsers: items copied one way, each overwriting (the browser's own per-item last arrival). */
function relay(from: Replica, to: Replica, pick: (id: string) => boolean): void {
  for (const [id, held] of from.area) if (pick(id)) to.area.set(id, held);
}

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('sync merge', () => {
  it('orders clocks by time, then counter, then device; tick counts on from a clock ahead of the wall clock', () => {
    expect(compareClocks({ t: 1, n: 5, d: 'b' }, { t: 2, n: 0, d: 'a' })).toBeLessThan(0);
    expect(compareClocks({ t: 2, n: 1, d: 'a' }, { t: 2, n: 0, d: 'z' })).toBeGreaterThan(0);
    expect(compareClocks({ t: 2, n: 1, d: 'a' }, { t: 2, n: 1, d: 'b' })).toBeLessThan(0);
    expect(compareClocks({ t: 2, n: 1, d: 'a' }, { t: 2, n: 1, d: 'a' })).toBe(0);
    expect(tick(undefined, 100, 'a')).toEqual({ t: 100, n: 0, d: 'a' });
    expect(tick({ t: 500, n: 3, d: 'b' }, 100, 'a')).toEqual({ t: 500, n: 4, d: 'a' }); // other device's clock ahead
    expect(tick({ t: 50, n: 3, d: 'b' }, 100, 'a')).toEqual({ t: 100, n: 0, d: 'a' });
  });

  it('plans each side to take the greater clock; equal clocks need nothing', () => {
    const v = (t: number, deleted = false): Version => ({ clock: { t, n: 0, d: 'x' }, deleted });
    const plan = planMerge(
      new Map([
        ['a', v(2)],
        ['b', v(1)],
        ['c', v(3)],
        ['only-local', v(1)],
      ]),
      new Map([
        ['a', v(1)],
        ['b', v(2, true)],
        ['c', v(3)],
        ['only-remote', v(1)],
      ]),
    );
    expect(plan).toEqual({ toLocal: ['b', 'only-remote'], toRemote: ['a', 'only-local'] });
  });

  it('random offline edits, deletes and partial relays on three replicas converge to the last write of each account', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const random = prng(seed);
      let wall = 1_000;
      // Each device's wall clock is skewed (one runs ahead, one behind): the clocks, not the wall, decide.
      const skew = [0, 5_000, -3_000];
      const replicas = ['dev-a', 'dev-b', 'dev-c'].map((d, i) => new Replica(d, () => wall + skew[i]!));
      const ids = ['acc1', 'acc2', 'acc3', 'acc4'];
      const bucket = new Map<string, Held[]>();
      for (let step = 0; step < 60; step++) {
        wall += Math.floor(random() * 3); // several edits in one millisecond happen too
        const r = replicas[Math.floor(random() * replicas.length)]!;
        const roll = random();
        const id = ids[Math.floor(random() * ids.length)]!;
        if (roll < 0.35) {
          const held = r.write(id, `${r.device}:${step}`);
          bucket.set(id, [...(bucket.get(id) ?? []), held]);
        } else if (roll < 0.45) {
          const held = r.write(id, null);
          bucket.set(id, [...(bucket.get(id) ?? []), held]);
        } else if (roll < 0.75) r.sync();
        else {
          const to = replicas[Math.floor(random() * replicas.length)]!;
          if (to !== r) relay(r, to, () => random() < 0.6);
        }
      }
      // Back online: sync and relay everything until quiet.
      for (let round = 0; round < 4; round++) {
        for (const from of replicas) {
          from.sync();
          for (const to of replicas) if (to !== from) relay(from, to, () => true);
        }
      }
      const [first, ...rest] = replicas.map((r) => Object.fromEntries([...r.local].sort(([a], [b]) => a.localeCompare(b))));
      for (const other of rest) expect(other, `seed ${seed}`).toEqual(first);
      for (const [id, held] of bucket) {
        const last = held.reduce((a, b) => (compareClocks(a.clock, b.clock) >= 0 ? a : b));
        expect(first![id], `seed ${seed} ${id}`).toEqual(last);
      }
    }
  });
});
