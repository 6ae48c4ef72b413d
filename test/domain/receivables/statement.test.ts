import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../domain/receivables/local-date.ts';
import { statementOfAccount, type Movement, type MovementKind } from '../../../domain/receivables/statement.ts';

const m = (date: string, kind: MovementKind, documentId: string, amount: number, currency: 'CLP' | 'USD' = 'CLP'): Movement => ({
  date,
  kind,
  documentId,
  amount,
  currency,
});

describe('statement of account', () => {
  it('opens with the balance before the period, lists its movements with the running balance and closes with the last', () => {
    const movements = [
      m('2026-01-05', 'invoice', 'F-101', 119000),
      m('2026-02-03', 'payment', 'P-1', 50000),
      m('2026-02-01', 'invoice', 'F-102', 238000),
      m('2026-02-10', 'credit_note', 'NC-7', 19000),
      m('2026-02-20', 'payment_reversal', 'P-1', 50000), // the cheque bounced
      m('2026-03-01', 'invoice', 'F-103', 5000),
      m('2026-02-15', 'invoice', 'F-USD', 9999, 'USD'),
    ];
    const statement = statementOfAccount(movements, 'CLP', '2026-02-01', '2026-02-28');
    expect(statement.openingBalance).toBe(119000);
    expect(statement.lines.map((l) => [l.date, l.documentId, l.debit, l.credit, l.balance])).toEqual([
      ['2026-02-01', 'F-102', 238000, 0, 357000],
      ['2026-02-03', 'P-1', 0, 50000, 307000],
      ['2026-02-10', 'NC-7', 0, 19000, 288000],
      ['2026-02-20', 'P-1', 50000, 0, 338000],
    ]);
    expect(statement.closingBalance).toBe(338000);
    expect(statementOfAccount(movements, 'CLP', '2026-02-01', '2026-02-28', 1000).closingBalance).toBe(339000);
  });

  it('chains: the closing balance of one period is the opening balance of the next, and equals Σ debits − Σ credits', () => {
    const kinds: MovementKind[] = ['invoice', 'payment', 'credit_note', 'payment_reversal', 'credit_note_reversal', 'void'];
    const movement = fc
      .record({ day: fc.integer({ min: 0, max: 120 }), kind: fc.constantFrom(...kinds), id: fc.nat({ max: 50 }), amount: fc.integer({ min: 1, max: 1e9 }) })
      .map((r) => m(addDays('2026-01-01', r.day), r.kind, `d${r.id}`, r.amount));
    fc.assert(
      fc.property(fc.array(movement, { maxLength: 40 }), fc.integer({ min: 0, max: 120 }), (movements, cut) => {
        const middle = addDays('2026-01-01', cut);
        const first = statementOfAccount(movements, 'CLP', '2026-01-01', middle);
        const second = statementOfAccount(movements, 'CLP', addDays(middle, 1), '2026-12-31');
        expect(second.openingBalance).toBe(first.closingBalance);
        const whole = statementOfAccount(movements, 'CLP', '2026-01-01', '2026-12-31');
        expect(whole.closingBalance).toBe(whole.lines.reduce((s, l) => s + l.debit - l.credit, 0));
        expect(whole.lines).toHaveLength(movements.length);
        expect(second.closingBalance).toBe(whole.closingBalance);
      }),
    );
  });
});
