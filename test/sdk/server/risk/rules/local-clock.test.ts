import { describe, expect, it } from 'vitest';
import { localTimeOf } from '../../../../../sdk/browser/signals/local-time';
import { isoOffsetMinutes } from '../../../../../sdk/server/risk/reported';
import { CLOCK_ZONE_MISMATCH_RATIO, localClockRule } from '../../../../../sdk/server/risk/rules/local-clock';
import { attempt, ruleInput } from '../helpers';

const WINTER = Date.UTC(2026, 0, 15, 12);
// 2026-03-29 01:00 UTC: Oslo switches from UTC+1 to UTC+2.
const SWITCH = Date.UTC(2026, 2, 29, 1, 5);
const run = (timezone: string | undefined, clockOffsetMinutes: number | undefined, time = WINTER) =>
  localClockRule.evaluate(
    ruleInput({ attempt: attempt({ time, ...(timezone ? { timezone } : {}), reported: clockOffsetMinutes === undefined ? {} : { clockOffsetMinutes } }) }),
  ).reasons;

describe('local clock vs time zone rule', () => {
  it("reads the offset the SDK's local-time signal writes", () => {
    expect(isoOffsetMinutes(localTimeOf(new Date(WINTER)).local)).toBe(-new Date(WINTER).getTimezoneOffset() || 0);
    expect(isoOffsetMinutes('2026-01-15T13:00:00+01:00')).toBe(60);
    expect(isoOffsetMinutes('2026-01-15T07:00:00-05:00')).toBe(-300);
    expect(isoOffsetMinutes('2026-01-15T17:30:00+05:30')).toBe(330);
    expect(isoOffsetMinutes('2026-01-15T12:00:00Z')).toBe(0);
    expect(isoOffsetMinutes('yesterday')).toBeUndefined();
    expect(isoOffsetMinutes('2026-01-15T12:00:00+99:00')).toBeUndefined();
  });

  it('a clock on the zone’s offset says nothing, also right after a daylight-saving switch', () => {
    expect(run('Europe/Oslo', 60)).toEqual([]);
    expect(run('Asia/Kolkata', 330)).toEqual([]);
    expect(run('Europe/Oslo', 60, SWITCH)).toEqual([]);
    expect(run('Europe/Oslo', 120, SWITCH)).toEqual([]);
  });

  it('a clock on another offset than the reported zone is a reason (zone set by hand or copied)', () => {
    expect(run('Europe/Oslo', -300)).toEqual([
      {
        feature: 'local-clock',
        ratio: CLOCK_ZONE_MISMATCH_RATIO,
        detail: "The browser's clock runs on UTC−5, but its time zone Europe/Oslo is UTC+1: the time zone was set by hand or copied.",
      },
    ]);
    expect(run('Europe/Oslo', 120)[0]?.ratio).toBe(CLOCK_ZONE_MISMATCH_RATIO);
  });

  it('nothing to compare without a zone, a clock, or with a zone Intl does not know', () => {
    expect(run(undefined, 60)).toEqual([]);
    expect(run('Europe/Oslo', undefined)).toEqual([]);
    expect(run('Not/AZone', 60)).toEqual([]);
  });
});
