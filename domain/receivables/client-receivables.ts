import { blockDeltas, blocks, type Aggregated, type Block } from './aggregate-deltas.ts';
import { NO_CATEGORY } from './ageing.ts';
import { daysToPay, type PaidStats } from './client-balance.ts';
import type { PlainDate } from './local-date.ts';
import type { Currency } from './money.ts';

/**
 * A client's receivables in one currency as writes keep them (the `CURRENCY#<cur>` item of
 * docs/receivables-plan.md): its open balances per date (so its balance, overdue part and oldest overdue
 * date need no invoice), unapplied credit, paid stats, and the seed's blocks all time and per issue year.
 * Each write folds its invoice changes in here; the store writes the result conditioned on `version`.
 */

export type Figure = { count: number; amount: number };
export type Blocks = Partial<Record<Block, Figure>>;
/** date → [invoices, balance]: the client's open balances on that date. */
export type OpenByDate = Record<PlainDate, [number, number]>;

export interface ClientReceivables {
  clientId: string;
  currency: Currency;
  /** The category its contributions sit in on the tenant aggregates (the oldest-overdue count included). */
  aggCategory: string;
  openByDue: OpenByDate;
  openByIssue: OpenByDate;
  credit: number;
  paid: PaidStats;
  /** All time. */
  blocks: Blocks;
  /** Per year of issue (`yyyy`); kept in their own items, read one at a time. */
  years: Record<string, Blocks>;
  /** 0 before the first write. */
  version: number;
}

/**
 * An invoice as the store sees it: what the aggregates need, plus who it belongs to and when it was paid.
 * On `after`, `categoryId` must be the client's category at the time of the write (the writer reads the
 * client anyway), not a stale copy on an old header: the client's aggregates follow it.
 */
export type AggregatedInvoice = Aggregated & { id: string; clientId: string; paidDate?: PlainDate | undefined };

/** One invoice before and after a write (before absent when created, after absent when a draft is deleted). */
export interface InvoiceChange {
  before?: AggregatedInvoice | undefined;
  after?: AggregatedInvoice | undefined;
}

export const emptyClientReceivables = (clientId: string, currency: Currency): ClientReceivables => ({
  clientId,
  currency,
  aggCategory: NO_CATEGORY,
  openByDue: {},
  openByIssue: {},
  credit: 0,
  paid: { count: 0, totalDays: 0 },
  blocks: {},
  years: {},
  version: 0,
});

/** The earliest date with an open balance, if any. */
export const oldestOpen = (open: OpenByDate): PlainDate | undefined => Object.keys(open).sort()[0];

function addOpen(open: OpenByDate, date: PlainDate, count: number, amount: number) {
  const [c, a] = open[date] ?? [0, 0];
  if (c + count === 0 && a + amount === 0) delete open[date];
  else open[date] = [c + count, a + amount];
}

function addBlock(blocks: Blocks, block: Block, count: number, amount: number) {
  const found = blocks[block] ?? { count: 0, amount: 0 };
  const next = { count: found.count + count, amount: found.amount + amount };
  if (next.count === 0 && next.amount === 0) delete blocks[block];
  else blocks[block] = next;
}

const paidContribution = (invoice: AggregatedInvoice | undefined): PaidStats =>
  invoice?.status === 'paid' && invoice.paidDate
    ? { count: 1, totalDays: daysToPay({ issueDate: invoice.issueDate, paidDate: invoice.paidDate }) }
    : { count: 0, totalDays: 0 };

const openContribution = (invoice: AggregatedInvoice | undefined) =>
  invoice && (invoice.status === 'issued' || invoice.status === 'partially_paid') && invoice.balance > 0 ? invoice : undefined;

/**
 * The client's receivables after `changes` (all of this client and currency) and a change of its unapplied
 * credit. Blocks of a year move with the invoice's issue year. Pure: the state given is not changed.
 */
export function foldClient(state: ClientReceivables, changes: InvoiceChange[], creditDelta = 0): ClientReceivables {
  const next = structuredClone(state);
  next.credit += creditDelta;
  for (const { before, after } of changes) {
    const owner = after ?? before;
    if (!owner) continue;
    if (owner.clientId !== state.clientId || owner.currency !== state.currency) throw new Error('an invoice change folded into another client’s receivables');
    const was = openContribution(before);
    const is = openContribution(after);
    if (was) {
      addOpen(next.openByDue, was.dueDate, -1, -was.balance);
      addOpen(next.openByIssue, was.issueDate, -1, -was.balance);
    }
    if (is) {
      addOpen(next.openByDue, is.dueDate, 1, is.balance);
      addOpen(next.openByIssue, is.issueDate, 1, is.balance);
    }
    const paidBefore = paidContribution(before);
    const paidAfter = paidContribution(after);
    next.paid = { count: next.paid.count + paidAfter.count - paidBefore.count, totalDays: next.paid.totalDays + paidAfter.totalDays - paidBefore.totalDays };
    for (const d of blockDeltas(before, after)) addBlock(next.blocks, d.block, d.count, d.amount);
    // A change of issue date moves the invoice between years: take it out of the old year, add it to the new.
    for (const [side, sign] of [
      [before, -1],
      [after, 1],
    ] as const) {
      if (!side) continue;
      const year = side.issueDate.slice(0, 4);
      const yearBlocks = next.years[year] ?? {};
      next.years[year] = yearBlocks;
      for (const b of blocks(side)) addBlock(yearBlocks, b.block, sign * b.count, sign * b.amount);
      if (Object.keys(yearBlocks).length === 0) delete next.years[year];
    }
    if (after) next.aggCategory = after.categoryId;
  }
  next.version = state.version + 1;
  return next;
}

/** A move of the client's 1 on the oldest-overdue aggregate: out of (date, category), into (date, category). */
export interface OldestMove {
  from?: { date: PlainDate; categoryId: string } | undefined;
  to?: { date: PlainDate; categoryId: string } | undefined;
}

/** How the client's count moves on the oldest-overdue aggregate between two states (nothing when the same). */
export function oldestMove(before: ClientReceivables, after: ClientReceivables): OldestMove | undefined {
  const was = oldestOpen(before.openByDue);
  const is = oldestOpen(after.openByDue);
  if (was === is && (was === undefined || before.aggCategory === after.aggCategory)) return undefined;
  return {
    ...(was !== undefined ? { from: { date: was, categoryId: before.aggCategory } } : {}),
    ...(is !== undefined ? { to: { date: is, categoryId: after.aggCategory } } : {}),
  };
}
