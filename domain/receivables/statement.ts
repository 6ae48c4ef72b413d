import type { PlainDate } from './local-date.ts';
import { sumAmounts, type Currency } from './money.ts';

/**
 * Statement of account (estado de cuenta) of one client in one currency: the balance before `from`,
 * every movement from `from` to `to` (both included) with the running balance, and the closing balance.
 * Invoices and reversals add to what the client owes; payments, credit notes and voids take from it. A
 * payment counts in full when received, applied or not, so the closing balance is open balance − credit.
 */
export type MovementKind = 'invoice' | 'payment' | 'credit_note' | 'payment_reversal' | 'credit_note_reversal' | 'void';

const SIGN: Record<MovementKind, 1 | -1> = {
  invoice: 1,
  payment_reversal: 1,
  credit_note_reversal: 1,
  payment: -1,
  credit_note: -1,
  void: -1,
};

export interface Movement {
  date: PlainDate;
  kind: MovementKind;
  documentId: string;
  number?: string | undefined;
  /** Positive; the kind gives the direction. */
  amount: number;
  currency: Currency;
}

export interface StatementLine extends Movement {
  /** What it adds to the balance (invoices, reversals) … */
  debit: number;
  /** … or takes from it (payments, credit notes, voids). */
  credit: number;
  balance: number;
}

export interface Statement {
  currency: Currency;
  from: PlainDate;
  to: PlainDate;
  openingBalance: number;
  lines: StatementLine[];
  closingBalance: number;
}

const signed = (m: Movement) => SIGN[m.kind] * m.amount;

/**
 * The statement from `movements` (any order; only `currency`'s count). `priorBalance` is what the
 * movements given do not cover before `from` (the ledger months the writes keep), so the caller passes
 * only the movements of `from`'s month onwards, never the whole history.
 */
export function statementOfAccount(movements: Movement[], currency: Currency, from: PlainDate, to: PlainDate, priorBalance = 0): Statement {
  const own = movements.filter((m) => m.currency === currency);
  // A stable order: date, then debits before credits of the same day, then document id.
  const inRange = own
    .filter((m) => m.date >= from && m.date <= to)
    .sort((a, b) => a.date.localeCompare(b.date) || SIGN[b.kind] - SIGN[a.kind] || a.documentId.localeCompare(b.documentId));
  const openingBalance = sumAmounts([priorBalance, ...own.filter((m) => m.date < from).map(signed)]);
  let balance = openingBalance;
  const lines = inRange.map((m) => {
    balance = sumAmounts([balance, signed(m)]);
    return { ...m, debit: SIGN[m.kind] > 0 ? m.amount : 0, credit: SIGN[m.kind] < 0 ? m.amount : 0, balance };
  });
  return { currency, from, to, openingBalance, lines, closingBalance: balance };
}
