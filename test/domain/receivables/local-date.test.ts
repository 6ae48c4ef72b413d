import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, dueDateFor, epochDay, fromEpochDay, localDate, PlainDate, tenantToday } from '../../../domain/receivables/local-date.ts';
import { FakeClock } from '../fakes.ts';

describe('the tenant’s local date', () => {
  it('is still yesterday in Santiago when it is already tomorrow in UTC', () => {
    // 2026-01-01T02:30Z is 23:30 of 31 December in Santiago (UTC−3 in summer).
    expect(localDate(new Date('2026-01-01T02:30:00Z'), 'America/Santiago')).toBe('2025-12-31');
    expect(localDate(new Date('2026-01-01T03:00:00Z'), 'America/Santiago')).toBe('2026-01-01');
    expect(localDate(new Date('2026-01-01T02:30:00Z'), 'UTC')).toBe('2026-01-01');
  });

  it('follows the zone’s offset on each date (Santiago winter UTC−4, Mexico City without DST, Bogotá UTC−5)', () => {
    expect(localDate(new Date('2026-07-01T03:59:00Z'), 'America/Santiago')).toBe('2026-06-30');
    expect(localDate(new Date('2026-07-01T04:00:00Z'), 'America/Santiago')).toBe('2026-07-01');
    expect(localDate(new Date('2026-07-01T05:59:00Z'), 'America/Mexico_City')).toBe('2026-06-30');
    expect(localDate(new Date('2026-03-02T04:59:59Z'), 'America/Bogota')).toBe('2026-03-01');
  });

  it('takes the instant from the clock port, never from the wall clock', () => {
    expect(tenantToday(new FakeClock('2026-03-02T02:00:00.000Z'), 'America/Santiago')).toBe('2026-03-01');
    expect(tenantToday(new FakeClock('2026-03-02T02:00:00.000Z'), 'Europe/Madrid')).toBe('2026-03-02');
  });

  it('gives a due date from the payment terms when none is given (30 days from 31 January is 2 March)', () => {
    expect(dueDateFor('2026-01-31', 30)).toBe('2026-03-02');
    expect(dueDateFor('2028-02-28', 1)).toBe('2028-02-29');
    expect(dueDateFor('2026-05-10', undefined)).toBe('2026-05-10');
  });

  it('accepts real calendar dates only', () => {
    for (const good of ['2024-02-29', '1900-01-01', '9999-12-31']) expect(PlainDate.safeParse(good).success, good).toBe(true);
    for (const bad of ['2023-02-29', '2026-04-31', '2026-13-01', '2026-1-5', '1899-12-31', '2026-03-02T00:00:00Z', '']) {
      expect(PlainDate.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('counts days between dates consistently with adding them', () => {
    // Ten years inside the supported range, so adding ±3,650 days stays in it.
    const date = fc.integer({ min: epochDay('1910-01-01'), max: epochDay('9989-12-31') }).map(fromEpochDay);
    fc.assert(
      fc.property(date, fc.integer({ min: -3650, max: 3650 }), (d, n) => {
        expect(PlainDate.safeParse(d).success).toBe(true);
        expect(daysBetween(d, addDays(d, n))).toBe(n);
        // Dates compare as text exactly as they compare as days (the keys rely on it).
        const later = addDays(d, Math.abs(n));
        expect(later >= d).toBe(true);
      }),
    );
  });
});
