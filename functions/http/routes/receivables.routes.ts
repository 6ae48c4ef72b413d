import * as z from 'zod';
import { InvoiceStatus, NewInvoice } from '../../../domain/receivables/invoice.ts';
import { InvoiceHold, InvoiceSummary, InvoiceView } from './invoice-schemas.ts';
import { PlainDate } from '../../../domain/receivables/local-date.ts';
import { Amount } from '../../../domain/receivables/money.ts';
import { manageInvoices } from '../../../domain/receivables/invoice.use-cases.ts';
import { estimateRoutes } from './estimates.routes.ts';
import { anyLevel, Id, pageOf, paginationQuery, type RouteSpec } from '../route-spec.ts';
import { statementRoutes } from './statement.routes.ts';

import { delinquencyRoutes } from './delinquency.routes.ts';

import { paymentRoutes } from './payments.routes.ts';

const tag = 'Invoices';
const invoiceId = z.strictObject({ invoiceId: Id });

export { InvoiceHold, InvoiceSummary, InvoiceView };

export const invoiceListQuery = z.strictObject({
  ...paginationQuery,
  status: z
    .enum([...InvoiceStatus.options, 'overdue'])
    .optional()
    .describe('`overdue`: issued or partially paid with a due date before today (listed by due date)'),
  clientId: Id.optional(),
  categoryId: Id.optional().describe("The client's category; `none` for clients without one"),
  issueFrom: PlainDate.optional().describe('Issued on or after this date (`YYYY-MM-DD`)'),
  issueTo: PlainDate.optional().describe('Issued on or before this date'),
  dueFrom: PlainDate.optional().describe('Due on or after this date'),
  dueTo: PlainDate.optional().describe('Due on or before this date'),
  minTotal: z.coerce.number().pipe(Amount).optional().describe('Total at least this, in minor units'),
  maxTotal: z.coerce.number().pipe(Amount).optional().describe('Total at most this, in minor units'),
});

export const receivablesRoutes = [
  {
    operationId: 'listInvoices',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/invoices',
    summary: 'List invoices with combinable filters',
    tag,
    query: invoiceListQuery,
    success: {
      status: 200,
      description: 'A page of invoices by issue date, oldest first (level 1 `overdue`: by due date); filtered pages may hold fewer than `limit`',
      schema: pageOf(InvoiceSummary),
    },
  },
  {
    operationId: 'createInvoice',
    requires: manageInvoices,
    method: 'POST',
    path: '/v1/invoices',
    summary: 'Create an invoice, as a draft or issued (invoices.manage)',
    tag,
    body: NewInvoice,
    idempotent: true,
    success: { status: 201, description: 'The new invoice', schema: InvoiceView },
  },
  {
    operationId: 'getInvoice',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/invoices/{invoiceId}',
    summary: 'Get an invoice with its lines',
    tag,
    params: invoiceId,
    success: { status: 200, description: 'The invoice', schema: InvoiceView },
  },
  {
    operationId: 'issueInvoice',
    requires: manageInvoices,
    method: 'POST',
    path: '/v1/invoices/{invoiceId}/issue',
    summary: 'Issue a draft: it takes its number or the next of the sequence (invoices.manage)',
    tag,
    params: invoiceId,
    success: { status: 200, description: 'The issued invoice', schema: InvoiceView },
  },
  {
    operationId: 'voidInvoice',
    requires: manageInvoices,
    method: 'POST',
    path: '/v1/invoices/{invoiceId}/void',
    summary: 'Void an invoice nothing was applied to (invoices.manage)',
    tag,
    params: invoiceId,
    success: { status: 200, description: 'The void invoice', schema: InvoiceView },
  },
  {
    operationId: 'holdInvoice',
    requires: manageInvoices,
    method: 'PUT',
    path: '/v1/invoices/{invoiceId}/hold',
    summary: 'Put an open invoice on hold: disputed, or promised to pay on a date (invoices.manage)',
    tag,
    params: invoiceId,
    body: InvoiceHold,
    success: { status: 200, description: 'The invoice with its hold', schema: InvoiceView },
  },
  {
    operationId: 'releaseInvoiceHold',
    requires: manageInvoices,
    method: 'DELETE',
    path: '/v1/invoices/{invoiceId}/hold',
    summary: 'Release the hold of an invoice (invoices.manage)',
    tag,
    params: invoiceId,
    success: { status: 200, description: 'The invoice without hold', schema: InvoiceView },
  },
  ...statementRoutes,

  ...delinquencyRoutes,

  ...paymentRoutes,

  ...estimateRoutes,
] as const satisfies readonly RouteSpec[];
