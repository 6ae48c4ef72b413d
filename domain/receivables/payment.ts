import * as z from 'zod';
import { invalidFields, invalidState } from '../shared/errors.ts';
import { BoundedText, FreeText, Id } from '../shared/fields.ts';
import { allocate, Allocation, AllocationsInput, applyAllocations, reverseAllocations, type Allocatable } from './allocation.ts';
import { isOpen, type Invoice, type SourceKind } from './invoice.ts';
import { PlainDate } from './local-date.ts';
import { Amount, Currency, PositiveAmount, sumAmounts } from './money.ts';
import { firstVersion, RecordFields, type DocumentContext } from './record.ts';

/**
 * Payments and credit notes are both sources of money for a client's invoices: an amount, what of it
 * is allocated to which invoice, and the rest (unapplied) that is the client's credit until applied.
 * Invariant: amount = Σ allocations + unapplied. Reversing a source takes back all its allocations and
 * its credit.
 */
export const PaymentMethod = z.enum(['transfer', 'cash', 'check', 'card', 'deposit', 'other']);

export const NewPayment = z.strictObject({
  clientId: Id,
  amount: PositiveAmount,
  /** Defaults to the tenant's currency. */
  currency: Currency.optional(),
  /** Defaults to the tenant's today. */
  date: PlainDate.optional(),
  method: PaymentMethod,
  reference: BoundedText(100).optional(),
  /** Omitted: oldest due first. */
  allocations: AllocationsInput.optional(),
});
export type NewPayment = z.infer<typeof NewPayment>;

/** A credit note: given against an invoice (the usual case) or as the client's credit. */
export const NewCreditNote = z.strictObject({
  clientId: Id,
  number: BoundedText(40).optional(),
  amount: PositiveAmount,
  currency: Currency.optional(),
  date: PlainDate.optional(),
  reason: FreeText(1000).optional(),
  /** The invoice it reduces; omitted, the amount is the client's credit. */
  invoiceId: Id.optional(),
});
export type NewCreditNote = z.infer<typeof NewCreditNote>;

export const SourceStatus = z.enum(['active', 'reversed']);

export const MoneySource = z.object({
  id: z.string(),
  tenantId: z.string(),
  clientId: z.string(),
  kind: z.enum(['payment', 'credit_note']),
  amount: PositiveAmount,
  currency: Currency,
  date: PlainDate,
  method: PaymentMethod.optional(),
  reference: z.string().optional(),
  number: z.string().optional(),
  reason: z.string().optional(),
  allocations: z.array(Allocation),
  /** amount − Σ allocations: the client's credit from this source (0 once reversed). */
  unapplied: Amount,
  status: SourceStatus,
  reversedDate: PlainDate.optional(),
  ...RecordFields,
});
export type MoneySource = z.infer<typeof MoneySource>;

export type SourceContext = DocumentContext;

/** A source and the invoices it changed. */
export interface Applied {
  source: MoneySource;
  invoices: Invoice[];
}

/**
 * A new source, dated the day the money came (today when not said). A date after today is refused: a
 * post-dated cheque is recorded when it is deposited, so no balance falls before the money can arrive.
 */
function newSource(
  kind: SourceKind,
  input: { clientId: string; amount: number; currency?: Currency | undefined; date?: string | undefined },
  ctx: SourceContext,
): MoneySource {
  if (input.date && input.date > ctx.today)
    throw invalidFields('dated after today', [{ pointer: '/date', code: 'date_in_future', params: { today: ctx.today } }]);
  return {
    id: ctx.id,
    tenantId: ctx.tenantId,
    clientId: input.clientId,
    kind,
    amount: input.amount,
    currency: input.currency ?? ctx.tenantCurrency,
    date: input.date ?? ctx.today,
    allocations: [],
    unapplied: input.amount,
    status: 'active',
    ...firstVersion(ctx),
  };
}

/**
 * Applies what is still unapplied of `source` to the client's invoices (the caller's allocation, or
 * oldest due first), dated `date` (the source's own date when it is recorded, the tenant's today when
 * credit is applied later). `invoices` are the client's open invoices as read.
 */
export function applySource(source: MoneySource, invoices: Invoice[], date: PlainDate, requested?: z.infer<typeof AllocationsInput>): Applied {
  if (source.status !== 'active') throw invalidState('source_reversed', { id: source.id });
  if (requested && source.unapplied === 0) throw invalidState('nothing_unapplied', { id: source.id });
  const mine = invoices.filter((i) => i.clientId === source.clientId);
  const { allocations, unapplied } = allocate(source.unapplied, source.currency, mine as Allocatable[], requested);
  const changed = applyAllocations(mine, source.kind, allocations, date);
  return {
    source: { ...source, allocations: [...source.allocations, ...allocations.map((a) => ({ ...a, date }))], unapplied },
    invoices: changed,
  };
}

/** A payment and the invoices it settles. */
export function recordPayment(input: NewPayment, invoices: Invoice[], ctx: SourceContext): Applied {
  const payment = { ...newSource('payment', input, ctx), method: input.method, ...(input.reference ? { reference: input.reference } : {}) };
  // Applied on the payment's own date, so a payment entered late still dates the invoices it settles right.
  return applySource(payment, invoices, payment.date, input.allocations);
}

/** A credit note, applied to its invoice when it names one (up to that invoice's balance; the rest is credit). */
export function recordCreditNote(input: NewCreditNote, invoices: Invoice[], ctx: SourceContext): Applied {
  const note = {
    ...newSource('credit_note', input, ctx),
    ...(input.number ? { number: input.number } : {}),
    ...(input.reason ? { reason: input.reason } : {}),
  };
  if (!input.invoiceId) return { source: note, invoices: [] };
  const target = invoices.find((i) => i.id === input.invoiceId && i.clientId === input.clientId);
  if (!target) throw invalidFields('unknown invoice', [{ pointer: '/invoiceId', code: 'unknown_invoice', params: { id: input.invoiceId } }]);
  if (!isOpen(target)) throw invalidFields('invoice not open', [{ pointer: '/invoiceId', code: 'invoice_not_open', params: { status: target.status } }]);
  if (target.currency !== note.currency) {
    throw invalidFields('currency mismatch', [
      { pointer: '/currency', code: 'currency_mismatch', params: { expected: target.currency, actual: note.currency } },
    ]);
  }
  return applySource(note, [target], note.date, [{ invoiceId: target.id, amount: Math.min(input.amount, target.balance) }]);
}

/**
 * Reverses a source: every invoice it was applied to gets back exactly what it received, and its
 * credit is gone. `invoices` must hold each invoice it names.
 */
export function reverseSource(source: MoneySource, invoices: Invoice[], today: PlainDate): Applied {
  if (source.status === 'reversed') throw invalidState('already_reversed', { id: source.id });
  return {
    source: { ...source, status: 'reversed', unapplied: 0, reversedDate: today },
    invoices: reverseAllocations(invoices, source.kind, source.allocations),
  };
}

/** The client's credit: the unapplied part of its active sources (one currency at a time). */
export const creditOf = (sources: Array<Pick<MoneySource, 'status' | 'unapplied' | 'currency'>>, currency: Currency) =>
  sumAmounts(sources.filter((s) => s.status === 'active' && s.currency === currency).map((s) => s.unapplied));
