import { NO_CATEGORY, type DatedAmount } from './ageing.ts';
import { daysBetween, type PlainDate } from './local-date.ts';
import { sumAmounts } from './money.ts';

/**
 * The delinquency (mora) dashboard and KPIs, over per-date aggregates that writes keep: the cost is
 * categories × distinct dates, whatever the paid history.
 */

/** Clients whose oldest open invoice is due on `date` (each client counts once, at its oldest due date). */
export interface DatedClients {
  date: PlainDate;
  clients: number;
  categoryId?: string | undefined;
}

export interface Segment {
  /** A category id, or NO_CATEGORY ("Sin info"). */
  categoryId: string;
  clients: number;
  invoices: number;
  amount: number;
}

/**
 * Overdue totals by client category: `due` are open balances by due date, `oldest` the clients by
 * their oldest open due date; both count only dates before today. Segments without anything overdue
 * are left out; the largest amount comes first.
 */
export function overdueByCategory(due: DatedAmount[], oldest: DatedClients[], today: PlainDate): Segment[] {
  const segments = new Map<string, Segment>();
  const segment = (categoryId = NO_CATEGORY) => {
    const found = segments.get(categoryId);
    if (found) return found;
    const created = { categoryId, clients: 0, invoices: 0, amount: 0 };
    segments.set(categoryId, created);
    return created;
  };
  for (const row of due) {
    if (row.date >= today) continue;
    const s = segment(row.categoryId);
    s.amount = sumAmounts([s.amount, row.amount]);
    s.invoices += row.count;
  }
  for (const row of oldest) if (row.date < today) segment(row.categoryId).clients += row.clients;
  return [...segments.values()].filter((s) => s.amount > 0 || s.clients > 0).sort((a, b) => b.amount - a.amount || a.categoryId.localeCompare(b.categoryId));
}

/**
 * Share of the overdue balance more than `days` days past due (default 90), in basis points (1/100 of
 * a percent, rounded half up), with both amounts; null share when nothing is overdue.
 */
export function overdueShareBeyond(due: DatedAmount[], today: PlainDate, days = 90) {
  const overdue = due.filter((r) => r.date < today);
  const beyond = overdue.filter((r) => daysBetween(r.date, today) > days);
  const overdueAmount = sumAmounts(overdue.map((r) => r.amount));
  const beyondAmount = sumAmounts(beyond.map((r) => r.amount));
  const basisPoints = overdueAmount === 0 ? null : Number((BigInt(beyondAmount) * 20_000n + BigInt(overdueAmount)) / (2n * BigInt(overdueAmount)));
  return { overdueAmount, beyondAmount, basisPoints };
}

/** Invoiced (sales) in one period, newest first: the current month to date, then whole months back. */
export interface SalesPeriod {
  days: number;
  sales: number;
}

/**
 * Countback DSO: the days of most recent sales the receivable balance amounts to. Walks back period by
 * period, taking each whole while the balance covers its sales, then the fraction of the period the
 * rest covers. `exhausted` says the balance outlasted the periods given (the figure is then a floor).
 */
export function countbackDso(receivable: number, periods: SalesPeriod[]): { days: number; exhausted: boolean } {
  let left = receivable;
  let days = 0;
  for (const period of periods) {
    if (left <= 0) break;
    if (period.sales <= left) {
      left -= period.sales;
      days += period.days;
    } else {
      days += (period.days * left) / period.sales;
      left = 0;
    }
  }
  return { days: Math.round(days * 10) / 10, exhausted: left > 0 };
}
