import { defineCollector } from './types';

/** IANA time zone and the current UTC offset in minutes (east of UTC is positive). */
export function timeZoneOf(date: Date): { timeZone: string | null; offsetMinutes: number } {
  let timeZone: string | null = null;
  try {
    timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone ?? null;
  } catch {
    timeZone = null;
  }
  // getTimezoneOffset is minutes *behind* UTC; flip it so Oslo in winter is +60. `|| 0` avoids -0.
  return { timeZone, offsetMinutes: -date.getTimezoneOffset() || 0 };
}

/** Time zone and offset. */
export const timeZoneSignal = defineCollector({
  id: 'time-zone',
  budgetMs: 1_000,
  async collect() {
    return timeZoneOf(new Date());
  },
});
