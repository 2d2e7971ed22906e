import type { Reason, RiskRule } from '../types';

/*
 * The browser's time zone against where the network says it is. Local clocks follow the solar
 * time of the place, give or take the zone's own offset from it: real zones run up to about three
 * hours from the solar time of their longitude (western China on UTC+8, Spain on CEST), and
 * daylight saving adds one. A browser whose reported zone is further than that from the IP's
 * longitude is a common tell of a proxy or VPN exit (the page runs elsewhere than the network
 * hop) — or of an attacker who copied the victim's locale but not their network.
 */

/** Score factor when the reported zone is implausible for the IP's location. */
export const TIME_ZONE_MISMATCH_RATIO = 4;
/** How far (minutes) a zone's offset may lie from its longitude's solar time before it counts. */
export const TIME_ZONE_TOLERANCE_MIN = 210;

const formatters = new Map<string, Intl.DateTimeFormat>();
/**
 * Offsets per zone and UTC day, for days whose offset is the same at their first and last
 * millisecond (every day but a daylight-saving switch: a zone changes its offset at most once a
 * day). Why: formatToParts costs a few µs and the two clock rules ask up to three times per
 * assessment, nearly always about the same zone and day.
 */
const dayOffsets = new Map<string, Map<number, number>>();
const DAY_MS = 86_400_000;
/** Days remembered per zone (a server asks about today; replays and benches about a few weeks). */
const DAYS_PER_ZONE = 64;

/** The UTC offset of `format`'s zone at `time` from its formatted name, or undefined. */
function formattedOffset(format: Intl.DateTimeFormat, time: number): number | undefined {
  const name = format.formatToParts(time).find((part) => part.type === 'timeZoneName')?.value ?? '';
  if (name === 'GMT') return 0;
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (!match) return undefined;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** The UTC offset (minutes east) of an IANA zone at `time`; undefined for a name Intl does not know. */
export function zoneOffsetMinutes(timeZone: string, time: number): number | undefined {
  const day = Math.floor(time / DAY_MS);
  const known = dayOffsets.get(timeZone)?.get(day);
  if (known !== undefined) return known;
  let format = formatters.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    } catch {
      return undefined;
    }
    // Bounded: zone names are the client's to choose; only valid ones reach the cache.
    if (formatters.size < 1024) formatters.set(timeZone, format);
    else return formattedOffset(format, time);
  }
  if (!Number.isFinite(day)) return formattedOffset(format, time);
  const first = formattedOffset(format, day * DAY_MS);
  if (first === undefined || first !== formattedOffset(format, day * DAY_MS + DAY_MS - 1)) return formattedOffset(format, time);
  let days = dayOffsets.get(timeZone);
  if (!days) {
    days = new Map();
    dayOffsets.set(timeZone, days);
  } else if (days.size >= DAYS_PER_ZONE) days.clear();
  days.set(day, first);
  return first;
}

const hours = (minutes: number) =>
  `UTC${minutes < 0 ? '−' : '+'}${Math.floor(Math.abs(minutes) / 60)}${Math.abs(minutes) % 60 ? `:${String(Math.abs(minutes) % 60).padStart(2, '0')}` : ''}`;

/** Time zone vs network location: the reported zone's offset against the IP's longitude. */
export const timeZoneLocationRule: RiskRule = {
  id: 'time-zone-location',
  signals: ['time-zone'],
  evaluate({ attempt }) {
    if (!attempt.timezone || attempt.lon === undefined || attempt.lat === undefined) return { reasons: [] };
    const offset = zoneOffsetMinutes(attempt.timezone, attempt.time);
    if (offset === undefined) return { reasons: [] };
    const solar = (attempt.lon / 15) * 60;
    // The difference on the 24-hour circle (a zone just across the date line is near, not a day off).
    const gap = Math.abs(((((offset - solar) % 1440) + 2160) % 1440) - 720);
    // A coarse location (a country's centre) widens the tolerance by the longitude it may be off.
    const kmPerDegree = 111 * Math.max(0.2, Math.cos((attempt.lat * Math.PI) / 180));
    const slack = Math.min(360, ((attempt.accuracyKm ?? 0) / kmPerDegree / 15) * 60);
    if (gap <= TIME_ZONE_TOLERANCE_MIN + slack) return { reasons: [] };
    const where = attempt.country
      ? `the network location (${attempt.country}, longitude ${attempt.lon.toFixed(0)}°)`
      : `the network location (longitude ${attempt.lon.toFixed(0)}°)`;
    const reason: Reason = {
      feature: 'time-zone-location',
      ratio: TIME_ZONE_MISMATCH_RATIO,
      detail: `The browser's time zone (${attempt.timezone}, ${hours(offset)}) is ${Math.round(gap / 60)} h from the local time of ${where}: often a proxy or VPN.`,
    };
    return { reasons: [reason] };
  },
};
