import { isOpen, type Invoice } from './invoice.ts';
import type { PlainDate } from './local-date.ts';
import type { Currency } from './money.ts';

/**
 * What an invoice adds to the aggregates the writes keep (docs/receivables-plan.md), and what a change
 * of it adds or takes away. A write applies `aggregateDeltas(before, after)` with DynamoDB `ADD`, so the
 * aggregates always equal the sum of every invoice's contributions — the property the tests check —
 * without any read walking invoices.
 *
 * Only open balances are aggregated: a paid or void invoice contributes nothing, so the paid history
 * costs nothing to read. Status blocks (the client's summary) count every invoice but void ones.
 */

export type Basis = 'issue' | 'due';

/** One aggregate cell: an open balance by date (issue or due), currency and client category. */
export interface Cell {
  basis: Basis;
  currency: Currency;
  date: PlainDate;
  categoryId: string;
  amount: number;
  count: number;
}

/** The seed's invoice blocks (004): pending (overdue included), paid, draft, partial (its paid part), total. */
export type Block = 'pending' | 'paid' | 'draft' | 'partial' | 'total';
export interface BlockFigure {
  block: Block;
  currency: Currency;
  count: number;
  amount: number;
}

/** An invoice as the aggregates see it: with the category its client had when it was written. */
export type Aggregated = Pick<Invoice, 'status' | 'currency' | 'issueDate' | 'dueDate' | 'balance' | 'paid' | 'credited' | 'totals'> & { categoryId: string };

export function cells(invoice: Aggregated | undefined): Cell[] {
  if (!invoice || !isOpen(invoice) || invoice.balance === 0) return [];
  const { currency, categoryId, balance } = invoice;
  return [
    { basis: 'issue', currency, date: invoice.issueDate, categoryId, amount: balance, count: 1 },
    { basis: 'due', currency, date: invoice.dueDate, categoryId, amount: balance, count: 1 },
  ];
}

export function blocks(invoice: Aggregated | undefined): BlockFigure[] {
  if (!invoice || invoice.status === 'void') return [];
  const figure = (block: Block, amount: number): BlockFigure => ({ block, currency: invoice.currency, count: 1, amount });
  switch (invoice.status) {
    case 'draft':
      return [figure('draft', invoice.totals.total)];
    case 'paid':
      return [figure('paid', invoice.totals.total), figure('total', invoice.totals.total)];
    case 'issued':
      return [figure('pending', invoice.balance), figure('total', invoice.totals.total)];
    case 'partially_paid':
      return [figure('pending', invoice.balance), figure('partial', invoice.paid + invoice.credited), figure('total', invoice.totals.total)];
  }
}

/**
 * What an invoice adds to the invoiced (sales) total of its issue month, for the countback DSO: its total
 * once issued (paid or not), nothing as a draft or void. Payments never move it; a void takes it back
 * from the month it was invoiced in.
 */
export interface SalesFigure {
  currency: Currency;
  /** `yyyy-mm` of the issue date. */
  month: string;
  amount: number;
  count: number;
}

export function sales(invoice: Aggregated | undefined): SalesFigure[] {
  if (!invoice || invoice.status === 'draft' || invoice.status === 'void') return [];
  return [{ currency: invoice.currency, month: invoice.issueDate.slice(0, 7), amount: invoice.totals.total, count: 1 }];
}

/** Merges figures by `key`, adding amount and count, and drops those that cancel out. */
function net<T extends { amount: number; count: number }>(plus: T[], minus: T[], key: (t: T) => string): T[] {
  const merged = new Map<string, T>();
  const add = (t: T, sign: 1 | -1) => {
    const k = key(t);
    const found = merged.get(k);
    merged.set(k, { ...t, amount: (found?.amount ?? 0) + sign * t.amount, count: (found?.count ?? 0) + sign * t.count });
  };
  for (const t of minus) add(t, -1);
  for (const t of plus) add(t, 1);
  return [...merged.values()].filter((t) => t.amount !== 0 || t.count !== 0);
}

export const cellKey = (c: Pick<Cell, 'basis' | 'currency' | 'date' | 'categoryId'>) => `${c.basis}#${c.currency}#${c.date}#${c.categoryId}`;
const blockKey = (b: BlockFigure) => `${b.block}#${b.currency}`;

/** What a write adds to each cell (negative to take away): before absent for a new invoice, after absent for a deleted draft. */
export const aggregateDeltas = (before: Aggregated | undefined, after: Aggregated | undefined): Cell[] => net(cells(after), cells(before), cellKey);

export const blockDeltas = (before: Aggregated | undefined, after: Aggregated | undefined): BlockFigure[] => net(blocks(after), blocks(before), blockKey);

const salesKey = (s: SalesFigure) => `${s.currency}#${s.month}`;
export const salesDeltas = (before: Aggregated | undefined, after: Aggregated | undefined): SalesFigure[] => net(sales(after), sales(before), salesKey);

/** The cells of many invoices, summed: what the aggregates must hold (used to check the deltas). */
export const sumCells = (invoices: Aggregated[]): Cell[] => net(invoices.flatMap(cells), [], cellKey);
