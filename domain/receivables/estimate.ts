import * as z from 'zod';
import { invalidFields, invalidState } from '../shared/errors.ts';
import { BoundedText, Id } from '../shared/fields.ts';
import { buildInvoice, type Invoice, type InvoiceContext } from './invoice.ts';
import { PlainDate } from './local-date.ts';
import { Line, LinesInput, priceLines, Totals, type LineInput } from './lines.ts';
import { Currency } from './money.ts';
import { firstVersion, RecordFields, type DocumentContext } from './record.ts';

/**
 * Estimates (seed 004: outstanding, accepted, rejected):
 *   draft ──send──▶ sent ──accept──▶ accepted ──convert (once)──▶ invoice
 *                    └────reject──▶ rejected
 * "Outstanding" is `sent`. An accepted estimate converts to one invoice, once: the estimate keeps the
 * invoice's id, and converting it again is refused with that id.
 */
export const EstimateStatus = z.enum(['draft', 'sent', 'accepted', 'rejected']);
export type EstimateStatus = z.infer<typeof EstimateStatus>;

export const NewEstimate = z.strictObject({
  clientId: Id,
  number: BoundedText(40).optional(),
  issueDate: PlainDate.optional(),
  /** The last day the offer stands. */
  validUntil: PlainDate.optional(),
  currency: Currency.optional(),
  lines: LinesInput,
});
export type NewEstimate = z.infer<typeof NewEstimate>;

export const Estimate = z.object({
  id: z.string(),
  tenantId: z.string(),
  clientId: z.string(),
  number: z.string().optional(),
  status: EstimateStatus,
  issueDate: PlainDate,
  validUntil: PlainDate.optional(),
  currency: Currency,
  lines: z.array(Line),
  totals: Totals,
  /** The invoice it became; present once converted. */
  invoiceId: z.string().optional(),
  ...RecordFields,
});
export type Estimate = z.infer<typeof Estimate>;

export function buildEstimate(input: NewEstimate, ctx: DocumentContext): Estimate {
  const currency = input.currency ?? ctx.tenantCurrency;
  const issueDate = input.issueDate ?? ctx.today;
  if (input.validUntil && input.validUntil < issueDate) {
    throw invalidFields('valid until before issue date', [{ pointer: '/validUntil', code: 'before_issue', params: { issueDate } }]);
  }
  const { lines, totals } = priceLines(input.lines, currency);
  return {
    id: ctx.id,
    tenantId: ctx.tenantId,
    clientId: input.clientId,
    ...(input.number ? { number: input.number } : {}),
    ...(input.validUntil ? { validUntil: input.validUntil } : {}),
    status: 'draft',
    issueDate,
    currency,
    lines,
    totals,
    ...firstVersion(ctx),
  };
}

/** What a draft's edit may change (`PATCH`): its dates, currency and lines; `validUntil: null` clears it. */
export const EstimatePatch = z.strictObject({
  issueDate: PlainDate.optional(),
  validUntil: PlainDate.nullable().optional(),
  currency: Currency.optional(),
  lines: LinesInput.optional(),
});
export type EstimatePatch = z.infer<typeof EstimatePatch>;

const inputOf = (lines: Line[]): LineInput[] => lines.map(({ description, quantity, unitPrice, taxRate }) => ({ description, quantity, unitPrice, taxRate }));

/** A draft edited: only a draft changes (what was sent is what the client saw); lines re-priced in the currency. */
export function editEstimate(estimate: Estimate, patch: EstimatePatch): Estimate {
  if (estimate.status !== 'draft') throw invalidState('estimate_not_draft', { status: estimate.status });
  const issueDate = patch.issueDate ?? estimate.issueDate;
  const validUntil = patch.validUntil === null ? undefined : (patch.validUntil ?? estimate.validUntil);
  if (validUntil && validUntil < issueDate) {
    throw invalidFields('valid until before issue date', [{ pointer: '/validUntil', code: 'before_issue', params: { issueDate } }]);
  }
  const currency = patch.currency ?? estimate.currency;
  const { lines, totals } = priceLines(patch.lines ?? inputOf(estimate.lines), currency);
  const { validUntil: _old, ...rest } = estimate;
  return { ...rest, issueDate, ...(validUntil ? { validUntil } : {}), currency, lines, totals };
}

const moves: Record<'send' | 'accept' | 'reject', { from: EstimateStatus; to: EstimateStatus }> = {
  send: { from: 'draft', to: 'sent' },
  accept: { from: 'sent', to: 'accepted' },
  reject: { from: 'sent', to: 'rejected' },
};

/** send, accept or reject: each only from its one status. */
export function moveEstimate(estimate: Estimate, move: keyof typeof moves): Estimate {
  const { from, to } = moves[move];
  if (estimate.status !== from) throw invalidState('estimate_transition', { move, status: estimate.status, expected: from });
  return { ...estimate, status: to };
}

/**
 * The invoice an accepted estimate becomes (a draft, or issued when asked), and the estimate marked as
 * converted. The repository writes both in one transaction conditioned on the estimate's version, so
 * two conversions at once make one invoice.
 */
export function convertEstimate(estimate: Estimate, ctx: InvoiceContext, issue: boolean): { estimate: Estimate; invoice: Invoice } {
  if (estimate.invoiceId) throw invalidState('already_converted', { invoiceId: estimate.invoiceId });
  if (estimate.status !== 'accepted') throw invalidState('estimate_not_accepted', { status: estimate.status });
  // Re-priced from the same lines by the same rule, so the invoice's totals equal the estimate's.
  const lines = inputOf(estimate.lines);
  const invoice = buildInvoice(
    { clientId: estimate.clientId, currency: estimate.currency, issueDate: ctx.today, lines, status: issue ? 'issued' : 'draft' },
    ctx,
  );
  return { estimate: { ...estimate, invoiceId: invoice.id }, invoice: { ...invoice, estimateId: estimate.id } };
}
