import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planDay } from '../../../domain/collections/plan-day.ts';
import { addDays } from '../../../domain/receivables/local-date.ts';
import { anInvoice, dayInput, planClient, settings } from './planner-fixtures.ts';

const today = '2026-12-02';
const arbitraryInvoices = fc.uniqueArray(
  fc.record({
    id: fc.stringMatching(/^[a-z0-9]{1,8}$/),
    offset: fc.integer({ min: -60, max: 20 }),
    client: fc.constantFrom('a', 'b', 'c'),
    balance: fc.constantFrom(0, 500),
  }),
  { selector: (i) => i.id, maxLength: 40 },
);
const arbitrarySettings = fc.record({
  daysBefore: fc.integer({ min: 1, max: 10 }),
  daysAfter: fc.integer({ min: 1, max: 10 }),
  everyDays: fc.integer({ min: 1, max: 10 }),
  maxTimes: fc.integer({ min: 1, max: 6 }),
  statement: fc.boolean(),
  through: fc.integer({ min: 1, max: 10 }),
});

describe('planDay properties', () => {
  it('no two messages of a run share an id, and the ids do not depend on the order invoices are read in', () => {
    fc.assert(
      fc.property(arbitraryInvoices, arbitrarySettings, fc.integer(), (rows, s, seed) => {
        const invoices = rows.map((r) => anInvoice(r.id, addDays(today, r.offset), { clientId: r.client, balance: r.balance }));
        const options = {
          plannedThrough: addDays(today, -s.through),
          clients: ['a', 'b', 'c'].map((id) => planClient(id)),
          settings: settings({
            due_soon: { enabled: true, daysBefore: s.daysBefore },
            overdue: { enabled: true, daysAfter: s.daysAfter, everyDays: s.everyDays, maxTimes: s.maxTimes },
            statement: { enabled: s.statement, frequency: 'weekly', weekday: 3 },
          }),
        };
        const ids = planDay(dayInput(today, invoices, options)!).map((m) => m.id);
        expect(new Set(ids).size).toBe(ids.length);
        const shuffled = [...invoices].sort(
          (x, y) => ((x.id.charCodeAt(0) * 31 + seed) % 7) - ((y.id.charCodeAt(0) * 31 + seed) % 7) || (x.id < y.id ? 1 : -1),
        );
        const again = planDay(dayInput(today, shuffled, options)!);
        expect(again.map((m) => m.id)).toEqual(ids);
        expect(again.map((m) => m.collection?.invoiceIds)).toEqual(planDay(dayInput(today, invoices, options)!).map((m) => m.collection?.invoiceIds));
      }),
      { numRuns: 150 },
    );
  });
});
