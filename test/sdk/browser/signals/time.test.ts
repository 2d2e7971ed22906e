import { describe, expect, it } from 'vitest';
import { localTimeOf } from '../../../../sdk/browser/signals/local-time';
import { timeZoneOf } from '../../../../sdk/browser/signals/time-zone';

describe('time signals', () => {
  it('local time is ISO 8601 with the local offset and agrees with the instant', () => {
    const date = new Date('2026-03-29T00:30:00Z');
    const { local, hour, weekday } = localTimeOf(date);
    expect(local).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(new Date(local).getTime()).toBe(date.getTime());
    expect(hour).toBe(date.getHours());
    expect(weekday).toBe(date.getDay());
  });
  it('time zone offset is minutes east of UTC, never -0', () => {
    const date = new Date('2026-07-01T12:00:00Z');
    const tz = timeZoneOf(date);
    expect(tz.offsetMinutes).toBe(-date.getTimezoneOffset() || 0);
    expect(Object.is(tz.offsetMinutes, -0)).toBe(false);
    expect(typeof tz.timeZone).toBe('string');
  });
});
