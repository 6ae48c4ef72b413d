import Holidays from 'date-holidays';

/** The countries a tenant can have (tenant.schema.ts `Country`, less `other`, which skips weekends only). */
export const HOLIDAY_COUNTRIES = ['CL', 'AR', 'MX', 'CO', 'EC'] as const;
/** Years the generated table covers: regenerate before the last one ends (the test warns a year ahead). */
export const HOLIDAY_YEARS = { from: 2025, to: 2035 } as const;

/** Every public holiday (substitute days included) of `country` over HOLIDAY_YEARS, as sorted plain dates. */
export function publicHolidaysFromLibrary(country: (typeof HOLIDAY_COUNTRIES)[number]): string[] {
  const calendar = new Holidays(country);
  const dates = new Set<string>();
  for (let year = HOLIDAY_YEARS.from; year <= HOLIDAY_YEARS.to; year++) {
    for (const holiday of calendar.getHolidays(year)) if (holiday.type === 'public') dates.add(holiday.date.slice(0, 10));
  }
  return [...dates].sort();
}
