// The shape of SDK signal values (keys and value types, arrays by their first element), so the
// server tests' hand-made reports can be checked against what the built SDK really sends.

/** The signals server tests put in their reports (helpers/report.ts), whose shapes must match the SDK's. */
export const SHAPED_SIGNALS = ['user-agent', 'device-id', 'visitor-id', 'time-zone', 'languages', 'automation'] as const;

/**
 * A value's shape, `depth` levels deep (default: the signal value's own fields): `'string'`, `'number'`, … for scalars, sorted keys for
 * objects, `[shape]` for arrays (by the first element); below `depth`, just `'object'` / `'array'`
 * (deeper parts, such as FingerprintJS components, differ between browsers and are not read).
 */
export function shapeOf(value: unknown, depth = 1): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    if (value.length === 0) return [];
    const first: unknown = value[0];
    // Lists of scalars (languages, markers) keep their element type at any depth.
    return depth === 0 && typeof first === 'object' && first !== null ? 'array' : [shapeOf(first, Math.max(0, depth - 1))];
  }
  if (typeof value === 'object') {
    if (depth === 0) return 'object';
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
        .map((key) => [key, shapeOf(record[key], depth - 1)]),
    );
  }
  return typeof value;
}

/** True when every key `part` has is in `whole` with the same shape (recursively): `part` sends nothing the SDK does not. */
export function isSubShape(part: unknown, whole: unknown): boolean {
  if (typeof part !== 'object' || part === null || typeof whole !== 'object' || whole === null) return JSON.stringify(part) === JSON.stringify(whole);
  if (Array.isArray(part) !== Array.isArray(whole)) return false;
  if (Array.isArray(part)) return part.length === 0 || isSubShape(part[0], (whole as unknown[])[0]);
  const w = whole as Record<string, unknown>;
  return Object.entries(part as Record<string, unknown>).every(([key, shape]) => key in w && isSubShape(shape, w[key]));
}

/** The shapes of the shaped signals' values in a report's `signals` (errored or absent ones left out). */
export function signalShapes(signals: Record<string, { value?: unknown; error?: unknown }>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const id of SHAPED_SIGNALS) {
    const result = signals[id];
    if (result && result.error === undefined && result.value !== undefined) out[id] = shapeOf(result.value);
  }
  return out;
}
