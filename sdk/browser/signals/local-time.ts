import { defineCollector } from './types';

/** Local wall-clock time as ISO 8601 with the local offset, plus hour and weekday for risk rules. */
export function localTimeOf(date: Date): { local: string; hour: number; weekday: number } {
  const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const local =
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
  return { local, hour: date.getHours(), weekday: date.getDay() };
}

/** The visitor's local time. */
export const localTimeSignal = defineCollector({
  id: 'local-time',
  budgetMs: 1_000,
  async collect() {
    return localTimeOf(new Date());
  },
});
