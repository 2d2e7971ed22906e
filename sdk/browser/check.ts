/**
 * Small typed input checks for the page bundle. The shared valibot schemas in sdk/protocol are the
 * reference (the server and extension use them); the SDK checks its init options by hand (a
 * stored receipt is checked by rebuilding it, consent/receipt.ts), so ~10 KB of schema library
 * stays off every page. test/sdk/browser/check.test.ts holds these checks to the schemas' verdicts.
 */

/** Collects `path: what was expected, what came` issues, in the order found. */
export type Issues = string[];

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Short description of what came, for messages: `"sv"`, `42`, `an array`, `undefined`. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null || typeof value !== 'object') return String(value);
  return 'an object';
}

/** Records `path: expected <what>, received <value>` unless `ok`; returns `ok` (so checks chain). */
export function expectThat(issues: Issues, path: string, ok: boolean, what: string, value: unknown): boolean {
  if (!ok) issues.push(`${path}: expected ${what}, received ${describe(value)}`);
  return ok;
}

/** Records an issue unless `value` is a string of `min`..`max` characters; true when it is. */
export function checkString(issues: Issues, path: string, value: unknown, max: number, min = 0): value is string {
  const ok = typeof value === 'string' && value.length >= min && value.length <= max;
  return expectThat(issues, path, ok, `a string of ${min > 0 ? `${min}-${max}` : `at most ${max}`} characters`, value);
}

/** Records an issue unless `value` is one of `allowed`; true when it is. */
export function checkOneOf<T extends string>(issues: Issues, path: string, value: unknown, allowed: readonly T[]): value is T {
  return expectThat(issues, path, allowed.includes(value as T), `one of ${allowed.map((a) => `"${a}"`).join(', ')}`, value);
}

/** Records an issue unless `value` is a plain object; true when it is. */
export function checkRecord(issues: Issues, path: string, value: unknown): value is Record<string, unknown> {
  return expectThat(issues, path, isRecord(value), 'an object', value);
}
