import { describe, expect, it } from 'vitest';
import { LOCATION_MISMATCH_RATIO, reportedLocationRule } from '../../../../../sdk/server/risk/rules/reported-location';
import { attempt, ruleInput } from '../helpers';

const OSLO_IP = { country: 'NO', lat: 59.91, lon: 10.75, accuracyKm: 25 };
const run = (over: Parameters<typeof attempt>[0]) => reportedLocationRule.evaluate(ruleInput({ attempt: attempt(over) })).reasons;

describe('reported location vs network location rule', () => {
  it('a browser near its network says nothing (Bergen on an Oslo ISP is within the tolerance)', () => {
    expect(run({ ...OSLO_IP, reported: { location: { lat: 59.95, lon: 10.8, accuracyKm: 1 } } })).toEqual([]);
    expect(run({ ...OSLO_IP, reported: { location: { lat: 60.39, lon: 5.32, accuracyKm: 1 } } })).toEqual([]);
  });

  it('a browser in New York on a Norwegian network is a reason (proxy/VPN tell)', () => {
    expect(run({ ...OSLO_IP, reported: { location: { lat: 40.71, lon: -74.01, accuracyKm: 1 } } })).toEqual([
      {
        feature: 'reported-location',
        ratio: LOCATION_MISMATCH_RATIO,
        detail: expect.stringMatching(/^The browser's location is 59\d\d km from the network location \(NO\)/),
      },
    ]);
  });

  it('coarse fixes widen the slack: a 600 km gap with a 200 km network accuracy says nothing', () => {
    expect(run({ ...OSLO_IP, accuracyKm: 200, reported: { location: { lat: 64.8, lon: 11.5, accuracyKm: 1 } } })).toEqual([]);
  });

  it('nothing to compare without either location', () => {
    expect(run({ reported: { location: { lat: 40.71, lon: -74.01, accuracyKm: 1 } } })).toEqual([]);
    expect(run({ ...OSLO_IP })).toEqual([]);
  });
});
