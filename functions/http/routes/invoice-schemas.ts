import * as z from 'zod';
import { Hold, Invoice, InvoiceStatus } from '../../../domain/receivables/invoice.ts';

/** The invoice schemas the routes answer (apart from the route list, so estimate routes use them without an import cycle). */

/** The client's keys a document (invoice, estimate) carries, copied when it is written. */
export const clientCopies = {
  categoryId: z.string().optional().describe("The client's category when the document was last written"),
  sellerId: z.string().optional(),
  collectorId: z.string().optional(),
  agentId: z.string().optional(),
  branchId: z.string().optional(),
  assignedDepartmentIds: z.array(z.string()).optional(),
};

/** The client's keys an invoice carries, and what it is as of the company's today. */
const derived = {
  ...clientCopies,
  displayStatus: z
    .enum([...InvoiceStatus.options, 'overdue'])
    .describe("The status, or `overdue` for an open invoice past its due date (as of your company's today)"),
  holdState: z.enum(['none', 'disputed', 'promised', 'broken_promise']).describe('`broken_promise`: a promise to pay whose date passed with a balance left'),
};

export const InvoiceView = Invoice.extend(derived).meta({
  id: 'Invoice',
  description: 'An invoice: amounts in minor units of its currency (CLP pesos, USD cents, CLF ten-thousandths)',
});
export const InvoiceSummary = Invoice.omit({ lines: true })
  .extend({ ...derived, lineCount: z.number().int() })
  .meta({ id: 'InvoiceSummary', description: 'An invoice as lists show it: without its lines' });
export const InvoiceHold = Hold.meta({ id: 'InvoiceHold', description: 'Disputed (with a reason) or a promise to pay on a date', maxProperties: 3 });
