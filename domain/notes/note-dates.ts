import type { PlainDate } from '../receivables/local-date.ts';
import { addDays } from '../receivables/local-date.ts';

/** The zone's offset from UTC at `instant`, in minutes (Intl's `longOffset`, e.g. `GMT-03:00`). */
function offsetMinutes(instant: Date, timeZone: string): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** The instant a local date begins in `timeZone`, as an ISO string (two passes settle a DST change). */
export function startOfLocalDay(date: PlainDate, timeZone: string): string {
  const midnight = Date.parse(`${date}T00:00:00.000Z`);
  let at = midnight - offsetMinutes(new Date(midnight), timeZone) * 60_000;
  at = midnight - offsetMinutes(new Date(at), timeZone) * 60_000;
  return new Date(at).toISOString();
}

/**
 * A date range of the tenant's calendar as bounds on `createdAt` (ISO instants): `from` = the start of
 * `from`'s day, `to` = the start of the day after `to` (no instant of that day is included: a position
 * `<to>#…` sorts above `<to>`). Absent ends are open.
 */
export function instantRange(range: { from?: PlainDate | undefined; to?: PlainDate | undefined }, timeZone: string): { from: string; to: string } {
  return {
    from: range.from ? startOfLocalDay(range.from, timeZone) : '',
    to: range.to ? startOfLocalDay(addDays(range.to, 1), timeZone) : '~',
  };
}
