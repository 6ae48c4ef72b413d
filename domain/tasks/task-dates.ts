import { addDays, type PlainDate } from '../receivables/local-date.ts';

/** The zone's offset from UTC at `instant`, in minutes (Intl's `longOffset`, e.g. `GMT-03:00`). */
function offsetMinutes(instant: number, timeZone: string): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date(instant)).find((p) => p.type === 'timeZoneName')?.value ??
    'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/**
 * The instant a local wall-clock time of `timeZone` names, as an ISO string. Two passes settle a DST
 * change; a time skipped by a spring-forward gap lands on the instant just after the gap.
 */
export function localInstant(date: PlainDate, time: string, timeZone: string): string {
  const wall = Date.parse(`${date}T${time}:00.000Z`);
  let at = wall - offsetMinutes(wall, timeZone) * 60_000;
  at = wall - offsetMinutes(at, timeZone) * 60_000;
  return new Date(at).toISOString();
}

/**
 * When a task's time passes: its local date and time, or, all day, the end of its local day (the start
 * of the next one). The not-attended job marks open tasks once this instant is behind it.
 */
export const dueInstant = (date: PlainDate, time: string | undefined, timeZone: string) =>
  time === undefined ? localInstant(addDays(date, 1), '00:00', timeZone) : localInstant(date, time, timeZone);

/** `YYYY-MM` of a plain date. */
export const monthOf = (date: PlainDate) => date.slice(0, 7);

/** Every date of a month `YYYY-MM`, in order. */
export function datesOfMonth(month: string): PlainDate[] {
  const first = `${month}-01`;
  const dates: PlainDate[] = [];
  for (let d = first; d.startsWith(month); d = addDays(d, 1)) dates.push(d);
  return dates;
}
