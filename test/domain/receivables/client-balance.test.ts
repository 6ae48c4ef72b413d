import { describe, expect, it } from 'vitest';
import { clientBalance, paidStats } from '../../../domain/receivables/client-balance.ts';
import { countbackDso, overdueByCategory, overdueShareBeyond } from '../../../domain/receivables/delinquency.ts';

const TODAY = '2026-03-02';

describe('a client’s balance figures', () => {
  it('gives open and overdue balance, credit, the oldest overdue days and the average days to pay', () => {
    const paid = paidStats([
      { issueDate: '2025-11-01', paidDate: '2025-12-01' }, // 30 days
      { issueDate: '2025-12-01', paidDate: '2026-01-15' }, // 45 days
      { issueDate: '2026-01-10', paidDate: '2026-01-05' }, // paid before issue: 0 days
    ]);
    expect(paid).toEqual({ count: 3, totalDays: 75 });
    const figures = clientBalance(
      {
        currency: 'CLP',
        credit: 30000,
        paid,
        open: [
          { balance: 119000, dueDate: '2026-03-03' },
          { balance: 59500, dueDate: '2025-12-31' },
          { balance: 16500, dueDate: '2026-03-01' },
        ],
      },
      TODAY,
    );
    expect(figures).toEqual({
      currency: 'CLP',
      openBalance: 195000,
      overdueBalance: 76000,
      credit: 30000,
      oldestOverdueDays: 61,
      averageDaysToPay: 25,
    });
  });

  it('has no oldest overdue days or average before anything is overdue or paid', () => {
    expect(clientBalance({ currency: 'USD', credit: 0, paid: { count: 0, totalDays: 0 }, open: [{ balance: 100, dueDate: TODAY }] }, TODAY)).toMatchObject({
      openBalance: 100,
      overdueBalance: 0,
      oldestOverdueDays: null,
      averageDaysToPay: null,
    });
    expect(clientBalance({ currency: 'USD', credit: 0, paid: { count: 3, totalDays: 100 }, open: [] }, TODAY).averageDaysToPay).toBe(33.3);
  });
});

describe('the delinquency dashboard and KPIs', () => {
  it('totals what is overdue by client category, uncategorized clients as "none" (Sin info)', () => {
    const segments = overdueByCategory(
      [
        { date: '2026-02-01', amount: 238000, count: 2, categoryId: 'mayorista' },
        { date: '2026-03-01', amount: 16500, count: 1 },
        { date: '2026-03-02', amount: 999999, count: 9, categoryId: 'mayorista' }, // due today: not overdue
        { date: '2025-12-31', amount: 59500, count: 1, categoryId: 'minorista' },
      ],
      [
        { date: '2026-02-01', clients: 2, categoryId: 'mayorista' },
        { date: '2026-03-01', clients: 1 },
        { date: '2026-03-02', clients: 4, categoryId: 'mayorista' },
        { date: '2025-12-31', clients: 1, categoryId: 'minorista' },
      ],
      TODAY,
    );
    expect(segments).toEqual([
      { categoryId: 'mayorista', clients: 2, invoices: 2, amount: 238000 },
      { categoryId: 'minorista', clients: 1, invoices: 1, amount: 59500 },
      { categoryId: 'none', clients: 1, invoices: 1, amount: 16500 },
    ]);
  });

  it('gives the share of the overdue balance more than 90 days past due, in basis points', () => {
    const due = [
      { date: '2025-12-01', amount: 100, count: 1 }, // 91 days
      { date: '2025-12-02', amount: 200, count: 1 }, // 90 days: not beyond
      { date: '2026-03-05', amount: 5000, count: 1 }, // not due
    ];
    expect(overdueShareBeyond(due, TODAY)).toEqual({ overdueAmount: 300, beyondAmount: 100, basisPoints: 3333 });
    expect(overdueShareBeyond([], TODAY).basisPoints).toBeNull();
  });

  it('counts back DSO through the most recent months’ sales', () => {
    // Receivable 250: this month (2 days) sold 50, February (28 days) 140, January (31 days) 120.
    // 250 − 50 − 140 = 60 left, 60 / 120 of January's 31 days = 15.5 → 2 + 28 + 15.5 = 45.5 days.
    expect(
      countbackDso(250, [
        { days: 2, sales: 50 },
        { days: 28, sales: 140 },
        { days: 31, sales: 120 },
      ]),
    ).toEqual({ days: 45.5, exhausted: false });
    expect(countbackDso(1000, [{ days: 2, sales: 50 }])).toEqual({ days: 2, exhausted: true });
    expect(countbackDso(0, [{ days: 2, sales: 50 }])).toEqual({ days: 0, exhausted: false });
  });
});
