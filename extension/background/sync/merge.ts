/**
 * The sync merge, pure: which side's version of each account wins. Every account carries an edit
 * clock (a hybrid logical clock: wall time, a counter for edits within the same or an earlier
 * millisecond, and the device id as the final tie-break), a deletion leaves a tombstone with its own
 * clock, and the greater clock wins per account (last writer wins). Because the order is total and
 * every replica compares the same clocks, replicas that have seen the same versions hold the same
 * accounts, whatever order they saw them in.
 */

/** An edit clock. Compared by `t`, then `n`, then `d`. */
export interface Clock {
  /** Wall time (Unix ms) of the edit, or of a later-clocked edit it follows. */
  t: number;
  /** Edits at the same `t` (a clock that ran behind another device's counts on from it). */
  n: number;
  /** The device that made the edit. */
  d: string;
}

/** One replica's version of one account: its clock, and whether that version is a deletion. */
export interface Version {
  clock: Clock;
  deleted: boolean;
}

/** Where versions must be copied so both sides hold the winner. */
export interface MergePlan {
  /** Accounts whose remote version wins: write (or delete) them locally. */
  toLocal: string[];
  /** Accounts whose local version wins: push them to the remote area. */
  toRemote: string[];
}

/** Total order on clocks: negative when `a` is older. */
export function compareClocks(a: Clock, b: Clock): number {
  if (a.t !== b.t) return a.t < b.t ? -1 : 1;
  if (a.n !== b.n) return a.n < b.n ? -1 : 1;
  return a.d < b.d ? -1 : a.d > b.d ? 1 : 0;
}

/** The clock of a new edit on `device` after `previous` (the newest version this device has seen). */
export function tick(previous: Clock | undefined, nowMs: number, device: string): Clock {
  if (!previous || nowMs > previous.t) return { t: nowMs, n: 0, d: device };
  return { t: previous.t, n: previous.n + 1, d: device };
}

/** Per account: the side with the greater clock wins; equal clocks are the same version (nothing to do). */
export function planMerge(local: ReadonlyMap<string, Version>, remote: ReadonlyMap<string, Version>): MergePlan {
  const toLocal: string[] = [];
  const toRemote: string[] = [];
  for (const id of new Set([...local.keys(), ...remote.keys()])) {
    const mine = local.get(id);
    const theirs = remote.get(id);
    if (!theirs) toRemote.push(id);
    else if (!mine) toLocal.push(id);
    else {
      const order = compareClocks(mine.clock, theirs.clock);
      if (order > 0) toRemote.push(id);
      else if (order < 0) toLocal.push(id);
    }
  }
  return { toLocal: toLocal.sort(), toRemote: toRemote.sort() };
}
