/**
 * A site's data export (arbitrary JSON from the site) turned into something a person can read:
 * field names in words, times as dates, long lists cut with a count. Pure and bounded (depth, list
 * length, text length), because the site's answer is attacker-controlled; rendered as text only.
 */

/** One piece of the readable view. */
export type Readable =
  | { kind: 'text'; text: string; date?: boolean }
  | { kind: 'list'; items: Readable[]; more: number }
  | { kind: 'fields'; fields: { key: string; label: string; value: Readable }[] };

/** Limits that keep a hostile export from flooding the page. */
export const MAX_DEPTH = 6;
export const MAX_ITEMS = 50;
export const MAX_TEXT = 300;

const MS_2000 = 946_684_800_000;
const MS_2100 = 4_102_444_800_000;
/** Field names that hold a time (collectedAt, time, expires, lastSeen, created, …). */
const TIME_KEY = /(at|time|timestamp|until|expires|seen|date|created|updated)$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** `collectedAt` → "Collected at", `device_id` → "Device id". */
export function fieldLabel(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
}

/** The time a value under `key` stands for (Unix ms), or null when it is not a time. */
export function asTime(key: string, value: unknown): number | null {
  if (typeof value === 'number' && TIME_KEY.test(key)) {
    if (value >= MS_2000 && value < MS_2100) return value;
    if (value * 1000 >= MS_2000 && value * 1000 < MS_2100) return value * 1000; // Unix seconds
  }
  if (typeof value === 'string' && ISO_DATE.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

const clip = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);

/** The readable form of `value` (found under `key`); `when` formats a time, `yesNo` a boolean. */
export function readable(value: unknown, words: { when: (ms: number) => string; yes: string; no: string }, key = '', depth = 0): Readable {
  const time = asTime(key, value);
  if (time !== null) return { kind: 'text', text: words.when(time), date: true };
  if (value === null || value === undefined) return { kind: 'text', text: '—' };
  if (typeof value === 'boolean') return { kind: 'text', text: value ? words.yes : words.no };
  if (typeof value !== 'object') return { kind: 'text', text: clip(String(value)) };
  if (depth >= MAX_DEPTH) return { kind: 'text', text: clip(JSON.stringify(value) ?? '') };
  if (Array.isArray(value)) {
    return { kind: 'list', items: value.slice(0, MAX_ITEMS).map((item) => readable(item, words, key, depth + 1)), more: Math.max(0, value.length - MAX_ITEMS) };
  }
  const entries = Object.entries(value as Record<string, unknown>);
  return {
    kind: 'fields',
    fields: entries.slice(0, MAX_ITEMS).map(([k, v]) => ({ key: k, label: fieldLabel(k), value: readable(v, words, k, depth + 1) })),
  };
}
