import { describe, expect, it } from 'vitest';
import {
  TIME_ZONE_MISMATCH_RATIO,
  TIME_ZONE_TOLERANCE_MIN,
  timeZoneLocationRule,
  zoneOffsetMinutes,
} from '../../../../../sdk/server/risk/rules/time-zone-location';
import { attempt, ruleInput } from '../helpers';

const WINTER = Date.UTC(2026, 0, 15, 12);
const SUMMER = Date.UTC(2026, 6, 15, 12);
const run = (over: Parameters<typeof attempt>[0]) => timeZoneLocationRule.evaluate(ruleInput({ attempt: attempt({ time: WINTER, ...over }) })).reasons;
const OSLO = { country: 'NO', lat: 59.9, lon: 10.75, accuracyKm: 20 };

describe('time zone vs network location rule', () => {
  it('reads zone offsets from the IANA data at the attempt time (daylight saving included)', () => {
    expect(zoneOffsetMinutes('Europe/Oslo', WINTER)).toBe(60);
    expect(zoneOffsetMinutes('Europe/Oslo', SUMMER)).toBe(120);
    expect(zoneOffsetMinutes('Asia/Kolkata', WINTER)).toBe(330);
    expect(zoneOffsetMinutes('UTC', WINTER)).toBe(0);
    expect(zoneOffsetMinutes('Not/AZone', WINTER)).toBeUndefined();
  });

  it('is exact on a daylight-saving day too, whatever was asked before (offsets are cached per zone and day)', () => {
    // Europe/Oslo moves from UTC+1 to UTC+2 at 01:00 UTC on 2026-03-29, and back at 01:00 UTC on 2026-10-25.
    const spring = Date.UTC(2026, 2, 29);
    for (const order of [
      [0.5, 1.5, 23],
      [23, 1.5, 0.5],
    ]) {
      for (const hour of order) expect(zoneOffsetMinutes('Europe/Oslo', spring + hour * 3_600_000), `spring ${hour} h`).toBe(hour < 1 ? 60 : 120);
    }
    const autumn = Date.UTC(2026, 9, 25);
    expect(zoneOffsetMinutes('Europe/Oslo', autumn + 0.99 * 3_600_000)).toBe(120);
    expect(zoneOffsetMinutes('Europe/Oslo', autumn + 1.01 * 3_600_000)).toBe(60);
    // The days either side are whole days of one offset, asked at their first and last millisecond.
    expect(zoneOffsetMinutes('Europe/Oslo', spring - 1)).toBe(60);
    expect(zoneOffsetMinutes('Europe/Oslo', spring + 86_400_000)).toBe(120);
    expect(zoneOffsetMinutes('Europe/Oslo', spring + 2 * 86_400_000 - 1)).toBe(120);
  });

  it("a zone that fits the IP's longitude says nothing, also where zones run far from solar time", () => {
    expect(run({ ...OSLO, timezone: 'Europe/Oslo' })).toEqual([]);
    expect(run({ ...OSLO, timezone: 'Europe/Oslo', time: SUMMER })).toEqual([]);
    // Western China keeps Beijing time (~3 h ahead of the sun); Galicia keeps CEST (~2.5 h).
    expect(run({ country: 'CN', lat: 39.5, lon: 76, accuracyKm: 50, timezone: 'Asia/Shanghai' })).toEqual([]);
    expect(run({ country: 'ES', lat: 42.9, lon: -8.5, accuracyKm: 50, timezone: 'Europe/Madrid', time: SUMMER })).toEqual([]);
    // Across the date line: Fiji at longitude 178 on UTC+12.
    expect(run({ country: 'FJ', lat: -18, lon: 178, accuracyKm: 50, timezone: 'Pacific/Fiji' })).toEqual([]);
  });

  it('a US zone on a Norwegian IP is a reason of its own (proxy/VPN tell)', () => {
    const reasons = run({ ...OSLO, timezone: 'America/New_York' });
    expect(reasons).toEqual([
      {
        feature: 'time-zone-location',
        ratio: TIME_ZONE_MISMATCH_RATIO,
        detail: expect.stringMatching(/America\/New_York, UTC−5\) is 6 h from the local time of the network location \(NO.*proxy or VPN/),
      },
    ]);
    expect(run({ country: 'US', lat: 40.7, lon: -74, accuracyKm: 20, timezone: 'Asia/Tokyo' })[0]?.ratio).toBe(TIME_ZONE_MISMATCH_RATIO);
  });

  it("the tolerance is 3.5 h from solar time (the README's number): at the edge nothing, just past it a reason", () => {
    expect(TIME_ZONE_TOLERANCE_MIN).toBe(210);
    // UTC on the equator with an exact location: 15° of longitude per hour, so 52.5° is 3.5 h.
    const at = (lon: number) => run({ country: 'XX', lat: 0, lon, accuracyKm: 0, timezone: 'UTC' });
    expect(at(52.5)).toEqual([]);
    expect(at(-52.5)).toEqual([]);
    expect(at(54)[0]?.ratio).toBe(TIME_ZONE_MISMATCH_RATIO);
    expect(at(-54)[0]?.ratio).toBe(TIME_ZONE_MISMATCH_RATIO);
  });

  it('no location, an unknown zone, or a coarse (country-wide) location wide enough to cover it: no evidence', () => {
    expect(run({ timezone: 'America/New_York' })).toEqual([]);
    expect(run({ ...OSLO, timezone: 'Mars/Olympus' })).toEqual([]);
    // Russia's centre (longitude ~100) with country-level accuracy, a Moscow browser: not flagged.
    expect(run({ country: 'RU', lat: 60, lon: 100, accuracyKm: 1000, timezone: 'Europe/Moscow' })).toEqual([]);
  });
});
