import { describe, expect, it } from 'vitest';
import { firstRunAt, localInstant, nextRunAfter, runDay } from '../../../domain/collections/run-time.ts';
import { planDay } from '../../../domain/collections/plan-day.ts';
import { anInvoice, dayInput } from './planner-fixtures.ts';

describe("a tenant's run time in its zone, across daylight-saving changes (America/Santiago)", () => {
  const zone = 'America/Santiago';

  it('09:00 local is 12:00Z in summer (UTC−3) and 13:00Z in winter (UTC−4)', () => {
    expect(localInstant('2026-12-01', 9, zone).toISOString()).toBe('2026-12-01T12:00:00.000Z');
    expect(localInstant('2026-07-01', 9, zone).toISOString()).toBe('2026-07-01T13:00:00.000Z');
  });

  it('the next run after the September switch (Saturday 5 → Sunday 6 at 00:00) comes an hour earlier in UTC', () => {
    expect(nextRunAfter('2026-09-05', zone, 9)).toBe('2026-09-06T12:00:00.000Z');
    expect(nextRunAfter('2026-09-04', zone, 9)).toBe('2026-09-05T13:00:00.000Z');
    // Midnight does not exist that day: the run is at the first instant after the gap (01:00 local).
    expect(localInstant('2026-09-06', 0, zone).toISOString()).toBe('2026-09-06T04:00:00.000Z');
  });

  it('the next run after the April switch (Sunday 5 at 00:00 back to 23:00) comes an hour later in UTC', () => {
    expect(nextRunAfter('2026-04-04', zone, 9)).toBe('2026-04-05T13:00:00.000Z');
    expect(nextRunAfter('2026-04-03', zone, 9)).toBe('2026-04-04T12:00:00.000Z');
  });

  it('is due from the mail hour on, on the local date (not the UTC one)', () => {
    expect(runDay(new Date('2026-09-07T11:59:00Z'), zone, 9)).toEqual({ today: '2026-09-07', due: false });
    expect(runDay(new Date('2026-09-07T12:00:00Z'), zone, 9)).toEqual({ today: '2026-09-07', due: true });
    // 01:30Z on the 8th is still the 7th in Santiago.
    expect(runDay(new Date('2026-09-08T01:30:00Z'), zone, 9)).toEqual({ today: '2026-09-07', due: true });
    expect(firstRunAt(new Date('2026-09-07T10:00:00Z'), zone, 9)).toBe('2026-09-07T12:00:00.000Z');
    expect(firstRunAt(new Date('2026-09-07T15:00:00Z'), zone, 9)).toBe('2026-09-07T15:00:00.000Z');
  });

  it("plans each message on its day in the tenant's zone on both sides of the switch", () => {
    // Monday 2026-09-07 (after the switch) at 09:00 local = 12:00Z; the Friday before at 09:00 = 13:00Z.
    const monday = runDay(new Date('2026-09-07T12:00:00Z'), zone, 9).today;
    const friday = runDay(new Date('2026-09-04T13:00:00Z'), zone, 9).today;
    const invoices = [anInvoice('fri', '2026-09-04'), anInvoice('mon', '2026-09-07')];
    const types = (today: string, through: string) =>
      planDay(dayInput(today, invoices, { plannedThrough: through })!).map((m) => `${m.kind} ${m.collection?.invoiceIds[0]}`);
    expect(types(friday, '2026-09-03')).toContain('collections.due_today fri');
    expect(types(monday, '2026-09-04')).toEqual(expect.arrayContaining(['collections.due_today mon', 'collections.overdue fri']));
  });
});
