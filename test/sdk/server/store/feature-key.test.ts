// featureKey, the ProfileCounts map key: exactly `feature\0value` whatever the values hold.
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
      // A value equal in content but built separately (as a new request's would be) gets an equal key.
      expect(featureKey(`${feature}`, [...value].join(''))).toBe(featureKey(feature, value));
    }
    expect(new Set(pairs.map(([f, v]) => featureKey(f, v))).size).toBe(pairs.length);
  });
});
