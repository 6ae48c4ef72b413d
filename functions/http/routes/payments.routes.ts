import * as z from 'zod';
import { AllocationsInput } from '../../../domain/receivables/allocation.ts';
import { PlainDate } from '../../../domain/receivables/local-date.ts';
import { Amount, Currency } from '../../../domain/receivables/money.ts';
import { MoneySource, NewCreditNote, NewPayment } from '../../../domain/receivables/payment.ts';
import { managePayments } from '../../../domain/receivables/payment.use-cases.ts';
import { anyLevel, Id, pageOf, paginationQuery, type RouteSpec } from '../route-spec.ts';

const payments = 'Payments';
const creditNotes = 'Credit notes';
const paymentId = z.strictObject({ paymentId: Id });
const creditNoteId = z.strictObject({ creditNoteId: Id });

export const PaymentView = MoneySource.meta({
  id: 'Payment',
  description: 'A payment: amount in minor units, what of it is applied to which invoice (`allocations`), and `unapplied`, the client’s credit from it',
});
export const CreditNoteView = MoneySource.meta({
  id: 'CreditNote',
  description: 'A credit note: amount in minor units, the invoice it reduced (`allocations`) and `unapplied`, the client’s credit from it',
});
export const NewPaymentBody = NewPayment.meta({ id: 'NewPayment', description: 'A payment received; without `allocations` it is applied oldest due first' });
export const NewCreditNoteBody = NewCreditNote.meta({ id: 'NewCreditNote', description: 'A credit note, against an invoice or as the client’s credit' });
export const ApplyCredit = z
  .strictObject({ allocations: AllocationsInput.optional().describe('Omitted: oldest due first') })
  .meta({ id: 'ApplyCredit', description: 'Where to apply what is left of a payment' });

const sourceListQuery = z.strictObject({
  ...paginationQuery,
  clientId: Id.optional().describe('Only this client’s (required below level 1)'),
});

const Day = z.object({ date: PlainDate, count: z.number().int(), amount: z.number().int() });
export const ClientPaymentsOverview = z
  .object({
    clientId: z.string(),
    month: z.string().describe("The current month of your company's calendar (`YYYY-MM`)"),
    currencies: z
      .array(
        z.object({
          currency: Currency,
          total: Amount.describe('Received this month, net of reversed payments, in minor units'),
          count: z.number().int(),
          days: z.array(Day).describe('Every day of the month up to today, zeros included: ready for a chart'),
        }),
      )
      .describe('One entry per currency paid in this month'),
    last: z.array(PaymentView).describe('The last 20 payments, newest first'),
    more: z.boolean().describe('There may be older payments: page through `GET /v1/payments?clientId=`'),
  })
  .meta({ id: 'ClientPaymentsOverview', description: "The client's payments tab" });

export const paymentRoutes = [
  {
    operationId: 'listPayments',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/payments',
    summary: 'List payments, newest first (a client’s, or the whole company’s at level 1)',
    tag: payments,
    query: sourceListQuery,
    success: { status: 200, description: 'A page of payments, newest date first', schema: pageOf(PaymentView) },
  },
  {
    operationId: 'createPayment',
    requires: managePayments,
    method: 'POST',
    path: '/v1/payments',
    summary: 'Record a payment and apply it: to the given invoices, or oldest due first (payments.manage)',
    tag: payments,
    body: NewPaymentBody,
    idempotent: true,
    success: { status: 201, description: 'The payment, with its allocations and what is left as credit', schema: PaymentView },
  },
  {
    operationId: 'getPayment',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/payments/{paymentId}',
    summary: 'Get a payment',
    tag: payments,
    params: paymentId,
    success: { status: 200, description: 'The payment', schema: PaymentView },
  },
  {
    operationId: 'applyPayment',
    requires: managePayments,
    method: 'POST',
    path: '/v1/payments/{paymentId}/apply',
    summary: 'Apply what is left of a payment (the client’s credit) to invoices (payments.manage)',
    tag: payments,
    params: paymentId,
    body: ApplyCredit,
    idempotent: true,
    success: { status: 200, description: 'The payment with its new allocations', schema: PaymentView },
  },
  {
    operationId: 'reversePayment',
    requires: managePayments,
    method: 'POST',
    path: '/v1/payments/{paymentId}/reverse',
    summary: 'Reverse a payment: its invoices get back what they received (payments.manage)',
    tag: payments,
    params: paymentId,
    idempotent: true,
    success: { status: 200, description: 'The reversed payment', schema: PaymentView },
  },
  {
    operationId: 'listCreditNotes',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/credit-notes',
    summary: 'List credit notes, newest first (a client’s, or the whole company’s at level 1)',
    tag: creditNotes,
    query: sourceListQuery,
    success: { status: 200, description: 'A page of credit notes, newest date first', schema: pageOf(CreditNoteView) },
  },
  {
    operationId: 'createCreditNote',
    requires: managePayments,
    method: 'POST',
    path: '/v1/credit-notes',
    summary: 'Create a credit note that reduces an invoice’s balance, or is the client’s credit (payments.manage)',
    tag: creditNotes,
    body: NewCreditNoteBody,
    idempotent: true,
    success: { status: 201, description: 'The credit note', schema: CreditNoteView },
  },
  {
    operationId: 'getCreditNote',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/credit-notes/{creditNoteId}',
    summary: 'Get a credit note',
    tag: creditNotes,
    params: creditNoteId,
    success: { status: 200, description: 'The credit note', schema: CreditNoteView },
  },
  {
    operationId: 'reverseCreditNote',
    requires: managePayments,
    method: 'POST',
    path: '/v1/credit-notes/{creditNoteId}/reverse',
    summary: 'Reverse a credit note: its invoice gets back what it reduced (payments.manage)',
    tag: creditNotes,
    params: creditNoteId,
    idempotent: true,
    success: { status: 200, description: 'The reversed credit note', schema: CreditNoteView },
  },
  {
    operationId: 'getClientPaymentsOverview',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/clients/{clientId}/payments-overview',
    summary: "The client's payments tab: this month's total, count and per-day series, and the last 20 payments",
    tag: payments,
    params: z.strictObject({ clientId: Id }),
    success: { status: 200, description: "The client's payments this month and its last payments", schema: ClientPaymentsOverview },
  },
] as const satisfies readonly RouteSpec[];
