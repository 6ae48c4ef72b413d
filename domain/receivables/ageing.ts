import * as z from 'zod';
import { daysBetween, type PlainDate } from './local-date.ts';
import { sumAmounts } from './money.ts';

/**
 * Ageing ("mora en el tiempo"). Two bases:
 * - `issue`: days since issue, today − issue date, as seed 001 defines the delinquency table; every open
 *   balance is aged (a future-dated issue counts as day 0).
 * - `due`: days past due, today − due date; only overdue balances go to buckets, the rest is `notDue`.
 * Buckets are given by their upper bounds in days: [30, 60, 90, 120] means 0–30, 31–60, 61–90, 91–120
 * and over 120. Bounds that strictly increase cannot overlap or leave a gap, so every day falls in
 * exactly one bucket.
 *
 * The functions take dated rows (date, amount, count, category), which may be single invoices or the
 * per-date aggregates the writes keep: the cost is the number of distinct dates, not of invoices.
 */
export const DEFAULT_AGEING_BOUNDS = [30, 60, 90, 120] as const;
export const MAX_AGEING_BUCKETS = 10;

/** A tenant's bucket bounds: 1 to 9 whole days between 1 and 3,650 (so 2 to 10 buckets), strictly increasing. */
export const AgeingBounds = z
  .array(z.number().int().min(1).max(3650))
  .min(1)
  .max(MAX_AGEING_BUCKETS - 1)
  .superRefine((bounds, ctx) => {
    bounds.forEach((bound, i) => {
      const previous = bounds[i - 1];
      if (previous !== undefined && bound <= previous) {
        ctx.addIssue({ code: 'custom', path: [i], message: 'bucket bounds must increase', params: { reason: 'not_increasing', previous } });
      }
    });
  });

export type AgeingBasis = 'issue' | 'due';
/** The category of an uncategorized client ("Sin info"). */
export const NO_CATEGORY = 'none';

/** A balance on a date: one invoice, or the aggregate of a category's invoices on that date. */
export interface DatedAmount {
  date: PlainDate;
  amount: number;
  /** Invoices it stands for. */
  count: number;
  categoryId?: string | undefined;
}

export interface Bucket {
  /** First day of the bucket. */
  from: number;
  /** Last day; absent on the last (open-ended) bucket. */
  to?: number;
  amount: number;
  count: number;
}

export interface AgeingTable {
  basis: AgeingBasis;
  buckets: Bucket[];
  /** Basis `due` only: open balances not yet past due. */
  notDue?: { amount: number; count: number };
  total: { amount: number; count: number };
}

/** Index of the bucket of `days` (0 … bounds.length; the last is open-ended). */
export function bucketIndex(days: number, bounds: readonly number[]): number {
  const index = bounds.findIndex((bound) => days <= bound);
  return index === -1 ? bounds.length : index;
}

/** The empty buckets for `bounds`, labelled. Days past due start at 1: a balance due today is not overdue. */
function emptyBuckets(bounds: readonly number[], basis: AgeingBasis): Bucket[] {
  return [...bounds, undefined].map((to, i) => ({
    from: i === 0 ? (basis === 'due' ? 1 : 0) : bounds[i - 1]! + 1,
    ...(to !== undefined ? { to } : {}),
    amount: 0,
    count: 0,
  }));
}

const add = (into: { amount: number; count: number }, row: DatedAmount) => {
  into.amount = sumAmounts([into.amount, row.amount]);
  into.count += row.count;
};

/** One ageing table over `rows` (dated by issue or by due date, as `basis` says). */
export function ageingTable(rows: Iterable<DatedAmount>, today: PlainDate, bounds: readonly number[], basis: AgeingBasis): AgeingTable {
  const table: AgeingTable = {
    basis,
    buckets: emptyBuckets(bounds, basis),
    total: { amount: 0, count: 0 },
    ...(basis === 'due' ? { notDue: { amount: 0, count: 0 } } : {}),
  };
  for (const row of rows) {
    const days = daysBetween(row.date, today);
    add(table.total, row);
    if (basis === 'due' && days <= 0) add(table.notDue!, row);
    else add(table.buckets[bucketIndex(Math.max(days, 0), bounds)]!, row);
  }
  return table;
}

/** The table overall and per category (uncategorized under NO_CATEGORY, shown as "Sin info"). */
export function ageing(rows: DatedAmount[], today: PlainDate, bounds: readonly number[], basis: AgeingBasis) {
  const byCategory = new Map<string, DatedAmount[]>();
  for (const row of rows) {
    const category = row.categoryId ?? NO_CATEGORY;
    const own = byCategory.get(category);
    if (own) own.push(row);
    else byCategory.set(category, [row]);
  }
  return {
    overall: ageingTable(rows, today, bounds, basis),
    byCategory: Object.fromEntries([...byCategory].map(([category, own]) => [category, ageingTable(own, today, bounds, basis)])),
  };
}
