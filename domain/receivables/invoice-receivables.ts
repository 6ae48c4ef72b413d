import { NO_CATEGORY } from './ageing.ts';
import type { LedgerMovement, ReceivablesWrite } from './aggregates-port.ts';
import type { AggregatedInvoice } from './client-receivables.ts';
import type { PlainDate } from './local-date.ts';
import type { StoredInvoice } from './ports.ts';

/**
 * What an invoice write changes in the receivables aggregates and the client's statement, built by the
 * use case and written by the repository in the invoice's own transaction.
 *
 * The category an invoice's contributions sit in is the copy on its header: the use case writes the
 * client's category as read at write time on the header (`after`), and the stored header (`before`) says
 * where the previous write put them. A client's category change moves both together (the rekey
 * follow-up), so the two never disagree.
 */
export const aggregatedInvoice = (invoice: StoredInvoice): AggregatedInvoice => ({
  id: invoice.id,
  clientId: invoice.clientId,
  status: invoice.status,
  currency: invoice.currency,
  issueDate: invoice.issueDate,
  dueDate: invoice.dueDate,
  balance: invoice.balance,
  paid: invoice.paid,
  credited: invoice.credited,
  totals: invoice.totals,
  paidDate: invoice.paidDate,
  categoryId: invoice.categoryId ?? NO_CATEGORY,
});

/** Invoiced: issued at some point and not void (a draft owes nothing yet; a void no longer). */
const invoiced = (invoice: StoredInvoice | undefined): invoice is StoredInvoice =>
  invoice !== undefined && invoice.status !== 'draft' && invoice.status !== 'void';

/**
 * The receivables write of one invoice going from `before` (absent when created) to `after`, `today` being
 * the tenant's date of the write: its aggregate change, and its statement movements — `invoice` (+ total on
 * the issue date) when it is issued, `invoice_void` (− what it still owed, on `today`) when an issued one is voided.
 */
export function invoiceWrite(before: StoredInvoice | undefined, after: StoredInvoice, today: PlainDate): ReceivablesWrite {
  const movement = (kind: LedgerMovement['kind'], date: PlainDate, amount: number): LedgerMovement => ({
    clientId: after.clientId,
    currency: after.currency,
    date,
    kind,
    documentId: after.id,
    ...(after.number !== undefined ? { number: after.number } : {}),
    amount,
  });
  const ledger: LedgerMovement[] = [];
  if (!invoiced(before) && invoiced(after)) ledger.push(movement('invoice', after.issueDate, after.totals.total));
  if (invoiced(before) && after.status === 'void') ledger.push(movement('invoice_void', today, -before.balance));
  return {
    tenantId: after.tenantId,
    invoices: [{ ...(before ? { before: aggregatedInvoice(before) } : {}), after: aggregatedInvoice(after) }],
    ...(ledger.length > 0 ? { ledger } : {}),
  };
}
