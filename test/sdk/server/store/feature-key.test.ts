// featureKey is interned (one string per feature and value, found again without building it), and
// stays exactly `feature\0value` whatever the values hold and however many arrive: the table is
// bounded by characters and starts over when full.
import { describe, expect, it } from 'vitest';
import { featureKey } from '../../../../sdk/server/store/types';

describe('featureKey', () => {
  // Feature names are the rules' own (never a NUL in them), so the first NUL ends the feature.
  it('is feature, NUL, value: distinct pairs never share a key, equal pairs always do', () => {
    const pairs: [string, string][] = [
      ['ip', '192.0.2.1'],
      ['ip', ''],
      ['', 'ip'],
      ['a', 'b\u0000c'],
      ['ua', 'Mozilla/5.0 😀'],
    ];
    for (const [feature, value] of pairs) {
      expect(featureKey(feature, value)).toBe(`${feature}\u0000${value}`);
      // A value equal in content but built separately (as a new request's would be) finds the same key.
      expect(featureKey(`${feature}`, [...value].join(''))).toBe(featureKey(feature, value));
    }
    expect(new Set(pairs.map(([f, v]) => featureKey(f, v))).size).toBe(pairs.length);
  });

  it('stays correct past the table bound (client-chosen values cannot grow it without limit)', () => {
    const big = (i: number) => `${i}:${'x'.repeat(500_000)}`;
    // ~5 M characters: more than the table keeps, so it starts over on the way.
    for (let i = 0; i < 10; i++) expect(featureKey('ua', big(i))).toBe(`ua\u0000${big(i)}`);
    expect(featureKey('ip', '192.0.2.1')).toBe('ip\u0000192.0.2.1');
    expect(featureKey('ua', big(0))).toBe(`ua\u0000${big(0)}`);
  });
});
