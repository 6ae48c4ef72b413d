import { addDays, localDate, type PlainDate } from '../receivables/local-date.ts';

/**
 * When a tenant's planner runs: at `mailHour` local time, in its IANA zone, each day. Computed per date,
 * so a daylight-saving change moves the UTC instant with it (Santiago's 09:00 is 12:00Z in summer,
 * 13:00Z in winter). An hour the clocks skip runs at the first instant after the gap.
 */

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
/** Minutes the zone is ahead of UTC at `instant`. */
function offsetMinutes(instant: Date, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    offsetFormatters.set(timeZone, formatter);
  }
  const p = Object.fromEntries(formatter.formatToParts(instant).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/** The instant `date` at `hour`:00 local time in `timeZone`. */
export function localInstant(date: PlainDate, hour: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hour);
  // Two passes settle the offset at the target instant; in a skipped hour the later offset wins.
  let guess = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
  guess = wall - offsetMinutes(new Date(guess), timeZone) * 60_000;
  const local = localDate(new Date(guess), timeZone);
  return local === date ? new Date(guess) : new Date(wall - offsetMinutes(new Date(wall), timeZone) * 60_000);
}

/** The local date at `now` and whether its run time has come. */
export function runDay(now: Date, timeZone: string, mailHour: number): { today: PlainDate; due: boolean } {
  const today = localDate(now, timeZone);
  return { today, due: now.getTime() >= localInstant(today, mailHour, timeZone).getTime() };
}

/** The next run after planning `today` (or after `now` when that comes later): tomorrow's mail hour. */
export function nextRunAfter(today: PlainDate, timeZone: string, mailHour: number): string {
  return localInstant(addDays(today, 1), mailHour, timeZone).toISOString();
}

/** The first run of a tenant scheduled at `now`: today's mail hour if it has not passed, else tomorrow's. */
export function firstRunAt(now: Date, timeZone: string, mailHour: number): string {
  const { today, due } = runDay(now, timeZone, mailHour);
  // Already past today's hour: today is planned now (a run due at once), tomorrow's comes after.
  return due ? now.toISOString() : localInstant(today, mailHour, timeZone).toISOString();
}
