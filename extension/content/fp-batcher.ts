/**
 * Batching of detections: counts are deduplicated per (kind, script origin), collected for up to
 * `delayMs` after the first detection, then sent as one JSON batch (also flushed on pagehide). The
 * JSON is assembled by hand from null-prototype records so a page that pollutes
 * Object.prototype.toJSON or Array iterators cannot run code inside the detector or reshape batches.
 */
import type { FingerprintApi, FingerprintKind } from './fp-kinds';

/** Most entries in one batch; further distinct (kind, origin) pairs wait for the next one. */
export const MAX_BATCH_ENTRIES = 64;
/** Most API names listed per entry. */
export const MAX_APIS_PER_ENTRY = 8;

/** How the batcher sends and schedules (captured natives in the page; fakes in tests). */
export interface BatcherDeps {
  /** Sends one batch; returns false when it could not be delivered yet (kept for the next flush). */
  send(json: string): boolean;
  /** Schedules `fn` once after `ms`. */
  setTimer(fn: () => void, ms: number): void;
  stringify(value: string): string;
  delayMs?: number;
}

/** Records detections and flushes them in batches. */
export interface Batcher {
  record(kind: FingerprintKind, api: FingerprintApi, scriptOrigin: string): void;
  /** Sends everything pending now (pagehide, tests). */
  flush(): void;
  /** Number of pending (kind, origin) entries. */
  pending(): number;
}

interface Entry {
  kind: FingerprintKind;
  origin: string;
  count: number;
  apis: FingerprintApi[];
}

/** Creates a batcher; the wire format is `{"v":1,"observations":[{kind,scriptOrigin,count,apis}]}`. */
export function createBatcher(deps: BatcherDeps): Batcher {
  const delay = deps.delayMs ?? 1000;
  let entries: Record<string, Entry> = Object.create(null) as Record<string, Entry>;
  let size = 0;
  let scheduled = false;

  const serialise = (list: Entry[]): string => {
    let out = '{"v":1,"observations":[';
    for (let i = 0; i < list.length; i++) {
      const e = list[i]!;
      let apis = '';
      for (let j = 0; j < e.apis.length; j++) apis += (j ? ',' : '') + deps.stringify(e.apis[j]!);
      out += `${i ? ',' : ''}{"kind":${deps.stringify(e.kind)},"scriptOrigin":${deps.stringify(e.origin)},"count":${e.count},"apis":[${apis}]}`;
    }
    return `${out}]}`;
  };

  const flush = () => {
    scheduled = false;
    if (size === 0) return;
    const list: Entry[] = [];
    for (const key in entries) list[list.length] = entries[key]!;
    if (!deps.send(serialise(list))) {
      schedule(); // no bridge yet: keep counting, try again later
      return;
    }
    entries = Object.create(null) as Record<string, Entry>;
    size = 0;
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    deps.setTimer(flush, delay);
  };

  return {
    record(kind, api, origin) {
      const key = `${kind} ${origin}`;
      let entry = entries[key];
      if (entry === undefined) {
        if (size >= MAX_BATCH_ENTRIES) return;
        entry = Object.create(null) as Entry;
        entry.kind = kind;
        entry.origin = origin;
        entry.count = 0;
        entry.apis = [];
        entries[key] = entry;
        size++;
      }
      entry.count++;
      if (entry.apis.indexOf(api) < 0 && entry.apis.length < MAX_APIS_PER_ENTRY) entry.apis[entry.apis.length] = api;
      schedule();
    },
    flush,
    pending: () => size,
  };
}
