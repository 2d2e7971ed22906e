import type { LoginRecord } from './types';

/** The in-memory twin's failed-login times per user and per IP (velocity rules count them). */
export interface FailureIndex {
  add(login: LoginRecord): void;
  remove(login: LoginRecord): void;
  count(by: { userId: string } | { ip: string }, since: number): number;
}

/** An empty FailureIndex. */
export function createFailureIndex(): FailureIndex {
  const byUser = new Map<string, number[]>();
  const byIp = new Map<string, number[]>();
  const add = (index: Map<string, number[]>, key: string, time: number) => {
    let times = index.get(key);
    if (!times) {
      times = [];
      index.set(key, times);
    }
    times.push(time);
  };
  const remove = (index: Map<string, number[]>, key: string, time: number) => {
    const times = index.get(key);
    if (!times) return;
    const at = times.indexOf(time);
    if (at >= 0) times.splice(at, 1);
    if (times.length === 0) index.delete(key);
  };
  return {
    add(login) {
      add(byUser, login.userId, login.time);
      add(byIp, login.ip, login.time);
    },
    remove(login) {
      remove(byUser, login.userId, login.time);
      remove(byIp, login.ip, login.time);
    },
    count(by, since) {
      let n = 0;
      for (const t of ('userId' in by ? byUser.get(by.userId) : byIp.get(by.ip)) ?? []) if (t >= since) n++;
      return n;
    },
  };
}
