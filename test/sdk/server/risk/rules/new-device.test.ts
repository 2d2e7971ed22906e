import { describe, expect, it } from 'vitest';
import { UNSEEN_RATIO } from '../../../../../sdk/server/risk/freeman';
import { KNOWN_DEVICE_RATIO, KNOWN_VISITOR_RATIO, NEW_VISITOR_RATIO, newDeviceRule } from '../../../../../sdk/server/risk/rules/new-device';
import { attempt, profile, ruleInput } from '../helpers';

const history = profile({ userLogins: 3, user: { 'device-id=D1': 3, 'visitor-id=V1': 2 } });
const run = (over: Parameters<typeof attempt>[0]) => newDeviceRule.evaluate(ruleInput({ attempt: attempt(over), profile: history })).reasons;

describe('new device rule', () => {
  it('declares device-id and visitor-id features when present', () => {
    expect(newDeviceRule.features?.(attempt({ deviceId: 'D1', visitorId: 'V1' }))).toEqual([
      { feature: 'device-id', value: 'D1' },
      { feature: 'visitor-id', value: 'V1' },
    ]);
  });

  it('a known device id vouches', () => {
    const [reason] = run({ deviceId: 'D1', visitorId: 'V9' });
    expect(reason?.ratio).toBe(KNOWN_DEVICE_RATIO);
    expect(reason?.detail).toContain('Known device');
  });

  it('a new device id counts as never seen, unless the fingerprint is known', () => {
    expect(run({ deviceId: 'D2' })[0]).toMatchObject({ feature: 'device', ratio: UNSEEN_RATIO });
    expect(run({ deviceId: 'D2', visitorId: 'V1' })[0]?.ratio).toBe(1);
  });

  it('falls back to the visitor id alone with weaker ratios', () => {
    expect(run({ visitorId: 'V1' })[0]?.ratio).toBe(KNOWN_VISITOR_RATIO);
    expect(run({ visitorId: 'V2' })[0]?.ratio).toBe(NEW_VISITOR_RATIO);
  });

  it('says nothing without device signals (e.g. consent refused)', () => {
    expect(run({})).toEqual([]);
  });
});
