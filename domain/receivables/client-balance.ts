import { daysBetween, type PlainDate } from './local-date.ts';
import { sumAmounts, type Currency } from './money.ts';

/**
 * A client's receivables figures in one currency (a client billed in two currencies has two sets;
 * amounts in different currencies are never added). Pure functions over what the repository read:
 * the client's open invoices and running totals that writes keep, never its paid history.
 */

/** Paid invoices summed as writes keep them: how many, and the sum of their days from issue to paid. */
export interface PaidStats {
  count: number;
  totalDays: number;
}

/** Days from issue to paid; a payment dated before the issue date (a prepayment) counts as 0 days. */
export const daysToPay = (invoice: { issueDate: PlainDate; paidDate: PlainDate }) => Math.max(0, daysBetween(invoice.issueDate, invoice.paidDate));

/** What one invoice reaching `paid` adds to the running stats (and a reversal takes away). */
export function paidStats(invoices: Array<{ issueDate: PlainDate; paidDate: PlainDate }>): PaidStats {
  return { count: invoices.length, totalDays: invoices.reduce((sum, i) => sum + daysToPay(i), 0) };
}

export interface ClientBalanceInput {
  currency: Currency;
  /** The client's open invoices in this currency. */
  open: Array<{ balance: number; dueDate: PlainDate }>;
  /** Unapplied payments and credit notes in this currency. */
  credit: number;
  paid: PaidStats;
}

export interface ClientBalance {
  currency: Currency;
  /** Σ balances of open invoices (overdue included). */
  openBalance: number;
  /** Σ balances of open invoices due before today. */
  overdueBalance: number;
  /** Money received and not yet applied. */
  credit: number;
  /** Days past due of the oldest overdue invoice; null when nothing is overdue. */
  oldestOverdueDays: number | null;
  /** Mean days from issue to paid over the paid invoices, one decimal; null before the first is paid. */
  averageDaysToPay: number | null;
}

export function clientBalance(input: ClientBalanceInput, today: PlainDate): ClientBalance {
  const overdue = input.open.filter((i) => i.dueDate < today);
  const oldestDue = overdue.reduce<PlainDate | undefined>((oldest, i) => (oldest === undefined || i.dueDate < oldest ? i.dueDate : oldest), undefined);
  return {
    currency: input.currency,
    openBalance: sumAmounts(input.open.map((i) => i.balance)),
    overdueBalance: sumAmounts(overdue.map((i) => i.balance)),
    credit: input.credit,
    oldestOverdueDays: oldestDue === undefined ? null : daysBetween(oldestDue, today),
    averageDaysToPay: input.paid.count === 0 ? null : Math.round((input.paid.totalDays * 10) / input.paid.count) / 10,
  };
}
