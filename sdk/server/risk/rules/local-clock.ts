import type { RiskRule } from '../types';
import { zoneOffsetMinutes } from './time-zone-location';

/** Score factor when the local clock's UTC offset does not belong to the reported time zone. */
export const CLOCK_ZONE_MISMATCH_RATIO = 4;
/** A report is sealed shortly before the sign-in; a zone's offset within this window before it also fits (a daylight-saving switch in between). */
const REPORT_AGE_MS = 15 * 60_000;

/*
 * The browser's local clock (Date) and its time zone (Intl) come from the same setting. A clock
 * whose UTC offset is not the offset of the reported zone at that moment means the zone was set by
 * hand — an extension or a script overriding Intl to look like the victim's locale — or copied into
 * a report made elsewhere.
 */
const utc = (minutes: number) =>
  `UTC${minutes < 0 ? '−' : '+'}${Math.floor(Math.abs(minutes) / 60)}${Math.abs(minutes) % 60 ? `:${String(Math.abs(minutes) % 60).padStart(2, '0')}` : ''}`;

/** The local clock's offset against the reported time zone. */
export const localClockRule: RiskRule = {
  id: 'local-clock',
  signals: ['local-time', 'time-zone'],
  evaluate({ attempt }) {
    const clock = attempt.reported?.clockOffsetMinutes;
    if (clock === undefined || !attempt.timezone) return { reasons: [] };
    const now = zoneOffsetMinutes(attempt.timezone, attempt.time);
    const before = zoneOffsetMinutes(attempt.timezone, attempt.time - REPORT_AGE_MS);
    if (now === undefined || clock === now || clock === before) return { reasons: [] };
    return {
      reasons: [
        {
          feature: 'local-clock',
          ratio: CLOCK_ZONE_MISMATCH_RATIO,
          detail: `The browser's clock runs on ${utc(clock)}, but its time zone ${attempt.timezone} is ${utc(now)}: the time zone was set by hand or copied.`,
        },
      ],
    };
  },
};
