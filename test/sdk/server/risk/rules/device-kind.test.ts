import { describe, expect, it } from 'vitest';
import { DEVICE_KIND_MISMATCH_RATIO, deviceKindRule } from '../../../../../sdk/server/risk/rules/device-kind';
import type { ReportedClient } from '../../../../../sdk/server/risk/types';
import { attempt, CHROME_MAC, ruleInput, SAFARI_IPHONE } from '../helpers';

const IPAD_AS_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15';
const run = (userAgent: string, reported: ReportedClient) => deviceKindRule.evaluate(ruleInput({ attempt: attempt({ userAgent, reported }) })).reasons;

describe('device kind rule (report device type and touch vs the request)', () => {
  it('consistent reports say nothing: a phone with touch, a desktop with or without a touch screen, an iPad sending a Mac UA', () => {
    expect(run(SAFARI_IPHONE, { deviceType: 'mobile', touchPoints: 5 })).toEqual([]);
    expect(run(CHROME_MAC, { deviceType: 'desktop', touchPoints: 0 })).toEqual([]);
    expect(run(CHROME_MAC, { deviceType: 'desktop', touchPoints: 10 })).toEqual([]);
    expect(run(IPAD_AS_MAC, { deviceType: 'tablet', touchPoints: 5 })).toEqual([]);
    expect(run(SAFARI_IPHONE, {})).toEqual([]);
  });

  it('a phone report with a desktop browser, or the reverse, is a reason', () => {
    expect(run(CHROME_MAC, { deviceType: 'mobile', touchPoints: 5 })).toEqual([
      { feature: 'device-kind', ratio: DEVICE_KIND_MISMATCH_RATIO, detail: 'The device report says a phone, but the sign-in came from a desktop browser.' },
    ]);
    expect(run(SAFARI_IPHONE, { deviceType: 'desktop' })[0]?.detail).toBe('The device report says a computer, but the sign-in came from a phone browser.');
  });

  it('a phone browser whose device has no touch point is a computer claiming to be a phone', () => {
    expect(run(SAFARI_IPHONE, { deviceType: 'mobile', touchPoints: 0 })).toEqual([
      {
        feature: 'device-kind',
        ratio: DEVICE_KIND_MISMATCH_RATIO,
        detail: 'The sign-in came from a phone browser, but the device reports no touch screen: a computer claiming to be one.',
      },
    ]);
  });
});
