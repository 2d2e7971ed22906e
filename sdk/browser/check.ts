/**
 * Small typed input checks for the page bundle. The shared valibot schemas in sdk/protocol are the
 * reference (the server and extension use them); the SDK checks its init options by hand (a
 * stored receipt is checked by rebuilding it, consent/receipt.ts), so ~10 KB of schema library
 * stays off every page. test/sdk/browser/check.test.ts holds these checks to the schemas' verdicts.
 * The checks are a table (`FieldRule` rows) rather than one call per field: the loader every page
 * pays for then carries each message's wording once.
 */

/** Collects `path: what was expected, what came` issues, in the order found. */
export type Issues = string[];

/** A check: whether a value passes, and what it expects, as the message says it (`an object`). */
export type Check = readonly [ok: (value: unknown) => boolean, expected: string];

/**
 * One field of an object: its name, its check, whether it may be left out (undefined), and the
 * rules of its own fields when it is an object itself.
 */
export type FieldRule = readonly [field: string, check: Check, optional?: boolean, fields?: readonly FieldRule[]];

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

/** The issue `path: expected <what>, received <value>`. */
export const issue = (path: string, [, expected]: Check, value: unknown): string => `${path}: expected ${expected}, received ${describe(value)}`;

/** A string of `min`..`max` characters. */
export const aString = (max: number, min = 0): Check => [
  (value) => typeof value === 'string' && value.length >= min && value.length <= max,
  `a string of ${min > 0 ? `${min}-${max}` : `at most ${max}`} characters`,
];

/** One of `allowed`. */
export const oneOf = (allowed: readonly string[]): Check => [(value) => allowed.includes(value as string), `one of ${allowed.map((a) => `"${a}"`).join(', ')}`];

/** A plain object. */
export const anObject: Check = [isRecord, 'an object'];

/**
 * Checks each rule's field of `record` in order, appending an issue per wrong field to `issues`; the
 * fields of a nested object are checked only once the object itself passed, with `field.` in front.
 */
export function checkFields(issues: Issues, record: Record<string, unknown>, rules: readonly FieldRule[], prefix = ''): Issues {
  for (const [field, check, optional, fields] of rules) {
    const value = record[field];
    if (optional && value === undefined) continue;
    if (!check[0](value)) issues.push(issue(prefix + field, check, value));
    else if (fields) checkFields(issues, value as Record<string, unknown>, fields, `${prefix}${field}.`);
  }
  return issues;
}
