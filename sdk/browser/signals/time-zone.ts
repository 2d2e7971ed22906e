import { defineSignal } from './types';

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
export const timeZoneSignal = defineSignal({
  id: 'time-zone',
  category: 'time',
  purpose: 'Compare the time zone with earlier sign-ins and with the network location, to spot impossible travel.',
  personalData: 'quasi-identifier',
  text: { en: { name: 'Time zone' }, nb: { name: 'Tidssone', purpose: 'Sammenligne tidssonen med tidligere innlogginger og nettverksposisjonen for å oppdage umulige reiser.' } },
  budgetMs: 1_000,
  async collect() {
    return timeZoneOf(new Date());
  },
});
