import { NO_CATEGORY } from './ageing.ts';
import type { AggregatedInvoice } from './client-receivables.ts';
import type { Invoice } from './invoice.ts';

/**
 * An invoice as the aggregate store takes it (`InvoiceChange.before/after`), counted under the client's
 * category at the time of the write (`undefined`: "Sin info"), not under the copy on its header.
 */
export const aggregatedInvoice = (invoice: Invoice, categoryId: string | undefined): AggregatedInvoice => ({
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
  categoryId: categoryId ?? NO_CATEGORY,
});
