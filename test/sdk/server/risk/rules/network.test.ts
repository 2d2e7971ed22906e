import { describe, expect, it } from 'vitest';
import { UNSEEN_RATIO } from '../../../../../sdk/server/risk/freeman';
import { networkRule } from '../../../../../sdk/server/risk/rules/network';
import { attempt, profile, ruleInput } from '../helpers';

describe('network rule (IP 0.6 / ASN 0.3 / country 0.1)', () => {
  const history = profile({
    userLogins: 4,
    totalLogins: 40,
    userCount: 5,
    distinct: { ip: 20, asn: 5, country: 3 },
    user: { 'ip=192.0.2.10': 4, 'asn=2119': 4, 'country=NO': 4 },
    global: { 'ip=192.0.2.10': 4, 'asn=2119': 20, 'country=NO': 30 },
  });

  it('declares ip, asn and country as its features (only those present)', () => {
    expect(networkRule.features?.(attempt({ asn: '2119', country: 'NO' }))).toEqual([
      { feature: 'ip', value: '192.0.2.10' },
      { feature: 'asn', value: '2119' },
      { feature: 'country', value: 'NO' },
    ]);
    expect(networkRule.features?.(attempt())).toEqual([{ feature: 'ip', value: '192.0.2.10' }]);
  });

  it('a known IP lowers the score; the arithmetic follows the hierarchy', () => {
    const [reason] = networkRule.evaluate(ruleInput({ attempt: attempt({ asn: '2119', country: 'NO' }), profile: history })).reasons;
    // p(x) = 0.6·5/61 + 0.3·21/46 + 0.1·31/44 ; p(x|u) = 1
    const expected = 0.6 * (5 / 61) + 0.3 * (21 / 46) + 0.1 * (31 / 44);
    expect(reason?.ratio).toBeCloseTo(expected, 10);
    expect(reason?.detail).toMatch(/IP address 192.0.2.10 seen in 4 of 4/);
  });

  it('same ASN, new IP scores between known and unknown', () => {
    const known = networkRule.evaluate(ruleInput({ attempt: attempt({ asn: '2119', country: 'NO' }), profile: history })).reasons[0]!.ratio;
    const sameAsnReason = networkRule.evaluate(ruleInput({ attempt: attempt({ ip: '192.0.2.99', asn: '2119', country: 'NO' }), profile: history })).reasons[0]!;
    const sameAsn = sameAsnReason.ratio;
    expect(sameAsnReason.detail).toMatch(/^Network partly known for this account: IP address 192.0.2.99 never seen; network AS2119 seen in 4 of 4/);
    const foreign = networkRule.evaluate(ruleInput({ attempt: attempt({ ip: '203.0.113.1', asn: '9999', country: 'BR' }), profile: history })).reasons[0]!;
    expect(known).toBeLessThan(sameAsn);
    expect(sameAsn).toBeLessThan(foreign.ratio);
    expect(foreign.ratio).toBe(UNSEEN_RATIO);
    expect(foreign.detail).toMatch(/never seen for this account/);
  });
});
