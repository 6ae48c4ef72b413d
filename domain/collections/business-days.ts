import type { Country } from '../workspace/tenant.schema.ts';
import { addDays, epochDay, type PlainDate } from '../receivables/local-date.ts';
import { PUBLIC_HOLIDAYS } from './holidays/public-holidays.ts';

/** ISO weekday of a plain date: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export const isoWeekday = (date: PlainDate): number => ((((epochDay(date) + 3) % 7) + 7) % 7) + 1;

const holidaySets = new Map<string, ReadonlySet<string>>();
function holidaysOf(country: Country): ReadonlySet<string> {
  let set = holidaySets.get(country);
  if (!set) {
    set = new Set(country === 'other' ? [] : PUBLIC_HOLIDAYS[country]);
    holidaySets.set(country, set);
  }
  return set;
}

/**
 * Which days collection e-mails go out on. With `businessDaysOnly`, Saturdays, Sundays and the country's
 * public holidays (holidays/public-holidays.ts) are not; without it, every day is.
 */
export interface BusinessCalendar {
  isBusinessDay(date: PlainDate): boolean;
}

export function businessCalendar(country: Country, businessDaysOnly: boolean): BusinessCalendar {
  if (!businessDaysOnly) return { isBusinessDay: () => true };
  const holidays = holidaysOf(country);
  return { isBusinessDay: (date) => isoWeekday(date) < 6 && !holidays.has(date) };
}

/** No run of non-business days is longer than this (a long weekend with holidays is 4–5); guards the loops. */
const LONGEST_BREAK = 14;

/** `date` itself when it is a business day, else the first business day after it. */
export function onOrAfter(calendar: BusinessCalendar, date: PlainDate): PlainDate {
  let day = date;
  for (let i = 0; i < LONGEST_BREAK && !calendar.isBusinessDay(day); i++) day = addDays(day, 1);
  return day;
}

/** `date` itself when it is a business day, else the last business day before it. */
export function onOrBefore(calendar: BusinessCalendar, date: PlainDate): PlainDate {
  let day = date;
  for (let i = 0; i < LONGEST_BREAK && !calendar.isBusinessDay(day); i++) day = addDays(day, -1);
  return day;
}
