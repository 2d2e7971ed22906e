import { describe, expect, it } from 'vitest';
import { canonicalJson, changedPaths, diffReports, shortValue, summarizeRuns } from '../../../sdk/protocol/inspect-summary';
import type { InspectReport } from '../../../sdk/protocol/report';

const meta = (id: string, category: string) => ({ id, category, purpose: `why ${id}`, personalData: 'technical' }) as unknown as InspectReport['meta'][string];

function report(signals: InspectReport['signals']): InspectReport {
  return { signals, meta: { a: meta('a', 'device'), b: meta('b', 'time'), c: meta('c', 'browser') } } as unknown as InspectReport;
}

describe('inspect summary', () => {
  it('canonical JSON ignores key order and undefined fields', () => {
    expect(canonicalJson({ b: 1, a: [1, { y: 2, x: undefined, w: null }] })).toBe(canonicalJson({ a: [1, { w: null, y: 2 }], b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
  });

  it('one row per signal: latest value, median/max duration, distinct values counted with errors as values', () => {
    const rows = summarizeRuns([
      report({ a: { value: { id: 'x', n: 1 }, durationMs: 4 }, b: { value: 1, durationMs: 1 } }),
      report({ a: { value: { n: 1, id: 'x' }, durationMs: 2 }, b: { error: 'timeout', durationMs: 9 } }),
      report({ a: { value: { id: 'x', n: 1 }, durationMs: 30 }, b: { value: 1, durationMs: 3 }, c: { value: 'ua', durationMs: 0 } }),
    ]);
    expect(rows.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(rows[0]).toMatchObject({ category: 'device', distinctValues: 1, runs: 3, medianMs: 4, maxMs: 30, value: '{"id":"x","n":1}' });
    expect(rows[1]).toMatchObject({ category: 'time', distinctValues: 2, runs: 3, medianMs: 3, value: '1' });
    expect(rows[1]!.error).toBeUndefined();
    expect(rows[2]).toMatchObject({ runs: 1, distinctValues: 1, value: 'ua', purpose: 'why c' });
    expect(summarizeRuns([])).toEqual([]);
  });

  it('a latest error is shown as the value and kept as error', () => {
    const [row] = summarizeRuns([report({ a: { error: 'unsupported', durationMs: 1 } })]);
    expect(row).toMatchObject({ value: 'error: unsupported', error: 'unsupported' });
  });

  it('short values are cut to the width with an ellipsis', () => {
    expect(shortValue({ value: 'x'.repeat(100), durationMs: 0 }, 10)).toBe(`${'x'.repeat(9)}…`);
    expect(shortValue({ value: 'short', durationMs: 0 }, 10)).toBe('short');
  });

  it('diff lists added, removed and changed signals, with the changed fields of objects', () => {
    const before = report({
      a: { value: { id: 'x', isNew: true, deep: { k: 1, same: 2 } }, durationMs: 1 },
      b: { value: 1, durationMs: 1 },
      c: { value: 'same', durationMs: 1 },
    });
    const after = report({
      a: { value: { id: 'x', isNew: false, deep: { k: 2, same: 2 } }, durationMs: 5 },
      c: { value: 'same', durationMs: 9 },
      d: { error: 'timeout', durationMs: 1 },
    });
    const diff = diffReports(before, after);
    expect(diff).toEqual([
      {
        id: 'a',
        kind: 'changed',
        before: expect.stringContaining('"isNew":true'),
        after: expect.stringContaining('"isNew":false'),
        fields: [
          { path: 'deep.k', before: '1', after: '2' },
          { path: 'isNew', before: 'true', after: 'false' },
        ],
      },
      { id: 'b', kind: 'removed', before: '1' },
      { id: 'd', kind: 'added', after: 'error: timeout' },
    ]);
    // Durations alone are not a change.
    expect(diffReports(after, after)).toEqual([]);
  });

  it('changed paths of non-objects name the value itself', () => {
    expect(changedPaths(1, 2)).toEqual(['(value)']);
    expect(changedPaths({ a: [1] }, { a: [2] })).toEqual(['a']);
  });
});
