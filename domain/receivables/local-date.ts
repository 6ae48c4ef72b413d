import * as z from 'zod';
import type { Clock } from '../shared/ports.ts';

/**
 * Business dates are plain calendar dates (`YYYY-MM-DD`), not instants: an invoice is due on the 15th
 * wherever its reader is. "Today" is the tenant's local date in its IANA time zone, taken from an
 * instant the caller passes in (the Clock port), so the domain never reads the wall clock.
 */

/** A calendar date, years 1900–9999 (four digits, so keys built from dates sort as the dates do). */
export const PlainDate = z.iso
  .date()
  .max(10)
  .refine((d) => d >= '1900-01-01', { message: 'dates start in 1900', params: { reason: 'date_out_of_range' } });
export type PlainDate = string;

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a plain date (negative before); Date.UTC reads no clock. */
export function epochDay(date: PlainDate): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** The plain date `days` after epoch day 0. */
export function fromEpochDay(days: number): PlainDate {
  const d = new Date(days * MS_PER_DAY);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** `to − from` in whole days (positive when `to` is later). */
export const daysBetween = (from: PlainDate, to: PlainDate): number => epochDay(to) - epochDay(from);

export const addDays = (date: PlainDate, days: number): PlainDate => fromEpochDay(epochDay(date) + days);

// One formatter per zone: building an Intl.DateTimeFormat costs far more than using one.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Gregorian calendar and Latin digits whatever the runtime's default locale says.
    formatter = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', era: 'short' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar date at `instant` in `timeZone` (an IANA zone the tenant settings validated). */
export function localDate(instant: Date, timeZone: string): PlainDate {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const year = Number(parts.year);
  if (parts.era !== 'AD' || year < 1900 || year > 9999) throw new RangeError(`instant outside the supported years: ${instant.toISOString()}`);
  return `${String(year).padStart(4, '0')}-${parts.month}-${parts.day}`;
}

/** The tenant's today: its local date at the clock's instant. */
export const tenantToday = (clock: Clock, timeZone: string): PlainDate => localDate(clock.now(), timeZone);

/** Payment terms: days from issue to due (the client's `paymentTermsDays`, 0–365). */
export const PaymentTermsDays = z.number().int().min(0).max(365);

/** The due date an invoice gets when none is given: its issue date plus the client's payment terms (0 when none). */
export const dueDateFor = (issueDate: PlainDate, paymentTermsDays: number | undefined): PlainDate => addDays(issueDate, paymentTermsDays ?? 0);
