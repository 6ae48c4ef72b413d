import type { HistoryEntry } from '../clients/history.ts';
import type { Page, PageRequest } from '../shared/ports.ts';
import type { ReceivablesWrite } from './aggregates-port.ts';
import type { PlainDate } from './local-date.ts';
import type { ReceiptRequest } from './receipt-request.ts';
import type { Currency } from './money.ts';
import type { MoneySource } from './payment.ts';
import type { StoredInvoice } from './ports.ts';

/** Payments and credit notes: the two kinds of money source, each in its own records. */
export type SourceKind = MoneySource['kind'];

/**
 * An invoice as a payment reads and writes it: its header only (`lines` is empty, `lineCount` says how
 * many it has), so settling 20 invoices reads 20 items, not 40.
 */
export type PayableInvoice = StoredInvoice & { lineCount: number };

/** One write of a source: the source as it ends, the invoices it changed, their history and aggregates. */
export interface SourceChange {
  source: MoneySource;
  /** The source as read (its version conditions the write); absent when it is new. */
  previous?: MoneySource | undefined;
  invoices: Array<{ before: PayableInvoice; after: PayableInvoice }>;
  history: HistoryEntry[];
  /** What the aggregate store applies in the same transaction (invoice changes, credit, ledger). */
  receivables: ReceivablesWrite;
  /** What the client's payments-month item gains (payments and their reversals only). */
  paymentsMonth?: PaymentsMonthDelta | undefined;
  /** A new payment's receipt request, written in the same transaction (receipt-request.ts). */
  receipt?: ReceiptRequest | undefined;
}

/**
 * `written`, or `stale`: a condition of the write failed because something it read moved meanwhile (an
 * invoice's version, the source's, the client's receivables item): read again and redo it.
 */
export type SourceWriteOutcome = 'written' | 'stale';

/** The payments of one client in one month and currency (the payments tab): totals and a per-day series. */
export interface PaymentsMonth {
  currency: Currency;
  total: number;
  count: number;
  /** Day of month (`01`–`31`) → [payments, amount]; days without payments are absent. */
  byDay: Record<string, [number, number]>;
}

export interface SourceFilter {
  clientId?: string | undefined;
}

export interface MoneySourceRepository {
  get(tenantId: string, kind: SourceKind, id: string): Promise<MoneySource | undefined>;
  /** These invoices' headers, read consistently (absent ids are left out). */
  invoices(tenantId: string, ids: string[]): Promise<PayableInvoice[]>;
  /** The client's open invoices, oldest due date first, at most `limit`, each read consistently. */
  openInvoices(tenantId: string, clientId: string, limit: number): Promise<PayableInvoice[]>;
  /**
   * Writes the change in one transaction with its aggregate items (prepared here, each try). A new source
   * whose id exists is a `conflict` on (kind, `id`) naming itself (a redo); a credit-note number taken in
   * the tenant is a `conflict` on (`creditNote`, `number`) naming the holder.
   */
  write(change: SourceChange): Promise<SourceWriteOutcome>;
  /** Newest date first; with a client, only its sources. */
  list(tenantId: string, kind: SourceKind, filter: SourceFilter, page: PageRequest): Promise<Page<MoneySource>>;
  /** The client's payments of `month` (`yyyy-mm`), one entry per currency it was paid in. */
  paymentsMonth(tenantId: string, clientId: string, month: string): Promise<PaymentsMonth[]>;
}

/** What the payments-month item gains from one payment (negative on its reversal), on the payment's own date. */
export const paymentsMonthDelta = (source: Pick<MoneySource, 'date' | 'currency' | 'amount'>, sign: 1 | -1) => ({
  month: source.date.slice(0, 7),
  day: source.date.slice(8, 10),
  currency: source.currency,
  count: sign,
  amount: sign * source.amount,
});
export type PaymentsMonthDelta = ReturnType<typeof paymentsMonthDelta>;

/** Every day of `month` up to `lastDay` with its payments (zeros included), ready for a chart. */
export function dailySeries(month: string, lastDay: number, byDay: PaymentsMonth['byDay']): Array<{ date: PlainDate; count: number; amount: number }> {
  return Array.from({ length: lastDay }, (_, i) => {
    const day = String(i + 1).padStart(2, '0');
    const [count, amount] = byDay[day] ?? [0, 0];
    return { date: `${month}-${day}`, count, amount };
  });
}
