import * as z from 'zod';
import { Estimate, EstimatePatch, EstimateStatus, NewEstimate } from '../../../domain/receivables/estimate.ts';
import { manageEstimates } from '../../../domain/receivables/estimate.use-cases.ts';
import { Currency } from '../../../domain/receivables/money.ts';
import { anyLevel, Id, pageOf, paginationQuery, type RouteSpec } from '../route-spec.ts';
import { clientCopies, InvoiceView } from './invoice-schemas.ts';

const tag = 'Estimates';
const estimateId = z.strictObject({ estimateId: Id });

const copies = clientCopies;

export const EstimateView = Estimate.extend(copies).meta({
  id: 'Estimate',
  description: 'An estimate (presupuesto): amounts in minor units of its currency; `invoiceId` once converted',
});
export const EstimateSummary = Estimate.omit({ lines: true })
  .extend({ ...copies, lineCount: z.number().int() })
  .meta({ id: 'EstimateSummary', description: 'An estimate as lists show it: without its lines' });

const Figure = z.object({ count: z.number().int(), amount: z.number().int().describe('Sum of the totals, in minor units') });
export const EstimatesTab = z
  .object({
    currencies: z
      .array(z.object({ currency: Currency, outstanding: Figure, accepted: Figure, rejected: Figure }))
      .describe('Per currency the client has estimates in (never added across currencies): `outstanding` = sent, awaiting the client'),
    last: z.array(EstimateSummary).describe('The last 20 estimates of the client, newest issue date first'),
  })
  .meta({ id: 'EstimatesTab', description: "The client's estimates tab: outstanding, accepted and rejected (count and amount), and the last 20" });

export const estimateListQuery = z.strictObject({
  ...paginationQuery,
  status: EstimateStatus.optional().describe('`sent` is outstanding: awaiting the client'),
  clientId: Id.optional(),
});

const ConvertEstimate = z
  .strictObject({ issue: z.boolean().default(false).describe('Issue the invoice at once, numbered from the invoice sequence; a draft by default') })
  .meta({ id: 'ConvertEstimate', description: 'How the invoice is made (the body may be omitted)' });

const move = <O extends string, V extends string>(operationId: O, verb: V, summary: string, description: string) =>
  ({
    operationId,
    requires: manageEstimates,
    method: 'POST',
    path: `/v1/estimates/{estimateId}/${verb}`,
    summary,
    tag,
    params: estimateId,
    success: { status: 200, description, schema: EstimateView },
  }) as const;

export const estimateRoutes = [
  {
    operationId: 'listEstimates',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/estimates',
    summary: 'List estimates, by status or client',
    tag,
    query: estimateListQuery,
    success: {
      status: 200,
      description: 'A page of estimates by issue date, oldest first; filtered pages may hold fewer than `limit`',
      schema: pageOf(EstimateSummary),
    },
  },
  {
    operationId: 'createEstimate',
    requires: manageEstimates,
    method: 'POST',
    path: '/v1/estimates',
    summary: 'Create a draft estimate (estimates.manage)',
    tag,
    body: NewEstimate,
    idempotent: true,
    success: { status: 201, description: 'The new estimate', schema: EstimateView },
  },
  {
    operationId: 'getEstimate',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/estimates/{estimateId}',
    summary: 'Get an estimate with its lines',
    tag,
    params: estimateId,
    success: { status: 200, description: 'The estimate', schema: EstimateView },
  },
  {
    operationId: 'updateEstimate',
    requires: manageEstimates,
    method: 'PATCH',
    path: '/v1/estimates/{estimateId}',
    summary: 'Edit a draft estimate: dates, currency, lines (estimates.manage)',
    tag,
    params: estimateId,
    body: EstimatePatch.meta({ id: 'EstimatePatch' }),
    success: { status: 200, description: 'The edited draft', schema: EstimateView },
  },
  move('sendEstimate', 'send', 'Mark a draft estimate as sent to the client: it becomes outstanding (estimates.manage)', 'The sent estimate'),
  move('acceptEstimate', 'accept', 'Record that the client accepted a sent estimate (estimates.manage)', 'The accepted estimate'),
  move('rejectEstimate', 'reject', 'Record that the client rejected a sent estimate (estimates.manage)', 'The rejected estimate'),
  {
    operationId: 'convertEstimate',
    requires: manageEstimates,
    method: 'POST',
    path: '/v1/estimates/{estimateId}/convert',
    summary: 'Convert an accepted estimate into an invoice, once (estimates.manage and invoices.manage)',
    tag,
    params: estimateId,
    body: ConvertEstimate,
    idempotent: true,
    success: { status: 201, description: 'The invoice the estimate became', schema: InvoiceView },
  },
  {
    operationId: 'getClientEstimatesTab',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/clients/{clientId}/estimates-tab',
    summary: "A client's estimates tab: outstanding, accepted, rejected and the last 20",
    tag,
    params: z.strictObject({ clientId: Id }),
    success: { status: 200, description: 'The tab', schema: EstimatesTab },
  },
] as const satisfies readonly RouteSpec[];
