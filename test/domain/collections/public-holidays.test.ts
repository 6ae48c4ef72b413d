import { describe, expect, it } from 'vitest';
import { HOLIDAY_YEARS, PUBLIC_HOLIDAYS } from '../../../domain/collections/holidays/public-holidays.ts';
import { HOLIDAY_COUNTRIES, publicHolidaysFromLibrary } from '../../../scripts/local/holiday-source.ts';

describe('generated public-holiday table', () => {
  it.each(HOLIDAY_COUNTRIES)('%s matches the installed date-holidays (run `node scripts/holidays.ts` after upgrading it)', (country) => {
    expect(PUBLIC_HOLIDAYS[country]).toEqual(publicHolidaysFromLibrary(country));
  });

  it('covers next year (regenerate with a later HOLIDAY_YEARS.to before it runs out)', () => {
    expect(HOLIDAY_YEARS.to).toBeGreaterThanOrEqual(new Date().getUTCFullYear() + 1);
  });

  it("has each country's national day", () => {
    expect(PUBLIC_HOLIDAYS.CL).toContain('2026-09-18');
    expect(PUBLIC_HOLIDAYS.AR).toContain('2026-05-25');
    expect(PUBLIC_HOLIDAYS.MX).toContain('2026-09-16');
    expect(PUBLIC_HOLIDAYS.CO).toContain('2026-07-20');
    expect(PUBLIC_HOLIDAYS.EC).toContain('2026-08-10');
  });
});
