import type { ClientScope } from '../clients/client-scope.ts';
import type { Client } from '../clients/client.schema.ts';
import type { HistoryEntry } from '../clients/history.ts';
import type { Page, PageRequest } from '../shared/ports.ts';
import type { ReceivablesWrite } from './aggregates-port.ts';
import type { Invoice, InvoiceStatus } from './invoice.ts';
import type { PlainDate } from './local-date.ts';

/**
 * Copies of the client's category and scope keys an invoice carries, so invoice lists are filtered
 * by index as client lists are (client-scope.ts reads the same field names).
 */
export type InvoiceClientKeys = Pick<Client, 'categoryId' | 'sellerId' | 'collectorId' | 'agentId' | 'branchId' | 'assignedDepartmentIds'>;

/** An invoice as stored: the domain's invoice and its client's keys. */
export type StoredInvoice = Invoice & InvoiceClientKeys;

/** An invoice as lists show it: the header, without its lines (`lineCount` says how many). */
export type InvoiceSummary = Omit<StoredInvoice, 'lines'> & { lineCount: number };

/**
 * A draw from the tenant's invoice sequence, written in the same transaction as the invoice: the
 * sequence moves from `from` to `to` only if it still says `from`, so a failed write consumes nothing.
 * `to` is past `from + 1` only when the numbers between are taken by hand (not a gap a failure made).
 */
export interface SequenceDraw {
  from: number;
  to: number;
  /** Who holds the sequence's lease (from `drawSequence`): the write also releases it. */
  claimant: string;
}

/** What an invoice list asks for; the scope comes from the caller, never from the request. */
export interface InvoiceQuery {
  scope: ClientScope;
  /** `overdue`: open with a due date before `today`. */
  status?: InvoiceStatus | 'overdue' | undefined;
  clientId?: string | undefined;
  /** `none` = invoices of clients without a category ("Sin info"). */
  categoryId?: string | undefined;
  issueFrom?: PlainDate | undefined;
  issueTo?: PlainDate | undefined;
  dueFrom?: PlainDate | undefined;
  dueTo?: PlainDate | undefined;
  /** On the total, in minor units (lists mixing currencies compare the numbers as they are). */
  minTotal?: number | undefined;
  maxTotal?: number | undefined;
  /** The tenant's today, for `overdue`. */
  today: PlainDate;
}

export interface InvoiceRepository {
  get(tenantId: string, id: string): Promise<StoredInvoice | undefined>;
  /** The last number the tenant's sequence gave (0 before the first), read consistently. */
  lastNumber(tenantId: string): Promise<number>;
  /**
   * Takes the tenant's sequence for `claimant` (a short lease, waiting while another writer holds it)
   * and answers its last number: the write that draws (`SequenceDraw.claimant`) releases it, so
   * concurrent writers take turns instead of losing whole transactions. A lease left by a failed write
   * lapses by itself; the number never moves outside the invoice's write, so nothing leaves a gap.
   */
  drawSequence(tenantId: string, claimant: string): Promise<number>;
  /**
   * Stores a new invoice (header, lines, number guard when numbered) with its client-history entry
   * and, when given, the sequence draw, in one transaction. Fails with `conflict` on `invoice`/`number`
   * naming the holder when the number is taken in the tenant, on `invoice`/`id` naming itself when
   * the id exists (a redo), and on `invoiceSequence`/`last` when the sequence moved since it was read.
   * `receivables` (invoice-receivables.ts) is applied to the receivables aggregates in the same
   * transaction: both happen or neither does.
   */
  create(invoice: StoredInvoice, history: HistoryEntry[], draw?: SequenceDraw, receivables?: ReceivablesWrite): Promise<void>;
  /**
   * Replaces the invoice conditional on `previous.version` (`version_mismatch` otherwise), with its
   * history entry and its `receivables` write; a number it gets (issuing a draft) is guarded and drawn as in `create`.
   */
  update(next: StoredInvoice, previous: StoredInvoice, history: HistoryEntry[], draw?: SequenceDraw, receivables?: ReceivablesWrite): Promise<void>;
  /**
   * Invoices matching the query by cursor, served by indexes: by issue date, oldest first; `overdue`
   * lists of the whole tenant (read from the open-invoice index) by due date, oldest first (a restricted
   * scope reads its own indexes, by issue date). A page may hold fewer items than
   * asked while its cursor goes on (a bounded number of reads per page).
   */
  list(tenantId: string, query: InvoiceQuery, page: PageRequest): Promise<Page<InvoiceSummary>>;
}
