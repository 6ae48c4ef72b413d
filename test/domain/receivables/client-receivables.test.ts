import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyClientReceivables, foldClient, oldestMove, type AggregatedInvoice } from '../../../domain/receivables/client-receivables.ts';
import { applyToInvoice, unapplyFromInvoice, voidInvoice, type Invoice } from '../../../domain/receivables/invoice.ts';
import { anIssuedInvoice, TODAY } from './receivables-fixtures.ts';

const of = (invoice: Invoice, categoryId = 'none'): Invoice & AggregatedInvoice => ({ ...invoice, categoryId });

describe('a client’s receivables kept by folding writes', () => {
  it('keeps open balances by due and issue date, paid stats and the blocks of each issue year', () => {
    const a = of(anIssuedInvoice('a', 1000, { issueDate: '2025-12-20', dueDate: '2026-01-19' }));
    const b = of(anIssuedInvoice('b', 500, { issueDate: '2026-01-05', dueDate: '2026-01-19' }));
    const opened = foldClient(emptyClientReceivables('client-1', 'CLP'), [{ after: a }, { after: b }]);
    expect(opened.openByDue).toEqual({ '2026-01-19': [2, 1500] });
    expect(opened.openByIssue).toEqual({ '2025-12-20': [1, 1000], '2026-01-05': [1, 500] });
    expect(opened.years).toEqual({
      2025: { pending: { count: 1, amount: 1000 }, total: { count: 1, amount: 1000 } },
      2026: { pending: { count: 1, amount: 500 }, total: { count: 1, amount: 500 } },
    });
    const paid = of(applyToInvoice(a, 'payment', 1000, '2026-01-09'));
    const after = foldClient(opened, [{ before: a, after: paid }], 250);
    expect(after.openByDue).toEqual({ '2026-01-19': [1, 500] });
    expect(after.paid).toEqual({ count: 1, totalDays: 20 });
    expect(after.credit).toBe(250);
    expect(after.blocks.paid).toEqual({ count: 1, amount: 1000 });
    expect(after.version).toBe(opened.version + 1);
    expect(opened.openByDue).toEqual({ '2026-01-19': [2, 1500] }); // the state given is not changed
  });

  it('moves the client’s oldest-overdue count when its oldest open date or its category changes, and only then', () => {
    const a = of(anIssuedInvoice('a', 1000, { dueDate: '2026-01-10' }));
    const b = of(anIssuedInvoice('b', 1000, { dueDate: '2026-02-10' }));
    const start = emptyClientReceivables('client-1', 'CLP');
    const one = foldClient(start, [{ after: b }]);
    expect(oldestMove(start, one)).toEqual({ to: { date: '2026-02-10', categoryId: 'none' } });
    const two = foldClient(one, [{ after: a }]);
    expect(oldestMove(one, two)).toEqual({ from: { date: '2026-02-10', categoryId: 'none' }, to: { date: '2026-01-10', categoryId: 'none' } });
    const partly = foldClient(two, [{ before: b, after: of(applyToInvoice(b, 'payment', 10, TODAY)) }]);
    expect(oldestMove(two, partly)).toBeUndefined();
    const moved = foldClient(partly, [{ before: a, after: { ...a, categoryId: 'vip' } }]);
    expect(oldestMove(partly, moved)).toEqual({ from: { date: '2026-01-10', categoryId: 'none' }, to: { date: '2026-01-10', categoryId: 'vip' } });
  });

  it('refuses a change of another client', () => {
    expect(() => foldClient(emptyClientReceivables('client-2', 'CLP'), [{ after: of(anIssuedInvoice('a', 1)) }])).toThrow(/another client/);
  });

  it('after any sequence of writes equals the fold of the invoices as they end', () => {
    const step = fc.record({ invoice: fc.nat({ max: 5 }), kind: fc.constantFrom('apply', 'unapply', 'void'), amount: fc.integer({ min: 1, max: 5000 }) });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 6 }), fc.array(step, { maxLength: 40 }), (totals, steps) => {
        let invoices = totals.map((total, i) =>
          of(anIssuedInvoice(`i${i}`, total, { issueDate: `202${5 + (i % 2)}-01-0${1 + i}`, dueDate: `2026-02-0${1 + (i % 3)}` })),
        );
        let state = foldClient(
          emptyClientReceivables('client-1', 'CLP'),
          invoices.map((after) => ({ after })),
        );
        for (const s of steps) {
          const before = invoices[s.invoice % invoices.length]!;
          let after: Invoice & AggregatedInvoice;
          try {
            after = of(
              s.kind === 'apply'
                ? applyToInvoice(before, 'payment', s.amount, TODAY)
                : s.kind === 'unapply'
                  ? unapplyFromInvoice(before, 'payment', s.amount)
                  : voidInvoice(before),
            );
          } catch {
            continue;
          }
          state = foldClient(state, [{ before, after }]);
          invoices = invoices.map((i) => (i === before ? after : i));
        }
        const fresh = foldClient(
          emptyClientReceivables('client-1', 'CLP'),
          invoices.map((after) => ({ after })),
        );
        expect({ ...state, version: 0 }).toEqual({ ...fresh, version: 0 });
      }),
      { numRuns: 200 },
    );
  });
});
