import * as z from 'zod';
import { invalidFields, invalidState } from '../shared/errors.ts';
import { BoundedText, FreeText, Id } from '../shared/fields.ts';
import { dueDateFor, PlainDate } from './local-date.ts';
import { Line, LinesInput, priceLines, Totals } from './lines.ts';
import { Amount, Currency } from './money.ts';
import { firstVersion, RecordFields, type DocumentContext } from './record.ts';

/**
 * Invoices and their lifecycle:
 *
 *   draft ──issue──▶ issued ──apply──▶ partially_paid ──apply──▶ paid
 *     │                │  ▲                 │   ▲                  │
 *     └──void──▶ void ◀┘  └─────unapply─────┘   └──────unapply─────┘
 *
 * `paid`, `credited` and `balance` move only through apply/unapply, so once issued `total = paid +
 * credited + balance` always holds. Void only while nothing is applied (no payment, no credit note). "Overdue" is
 * never stored: it is an open invoice whose due date is before the tenant's today.
 */
export const InvoiceStatus = z.enum(['draft', 'issued', 'partially_paid', 'paid', 'void']);
export type InvoiceStatus = z.infer<typeof InvoiceStatus>;
/** What lists and filters show: the stored status, or `overdue` for an open invoice past its due date. */
export type DisplayStatus = InvoiceStatus | 'overdue';

/** An invoice number as the tenant writes it ("F-1024", "000123"): no spaces at the ends, up to 40 characters. */
export const InvoiceNumber = BoundedText(40);

/**
 * A hold the collections senders honour: the client disputes the invoice, or promised to pay by a
 * date. A promise whose date has passed with a balance left is reported as broken (and no longer holds).
 */
const Disputed = z.strictObject({ kind: z.literal('disputed'), reason: FreeText(1000).min(1) });
const PromiseToPay = z.strictObject({ kind: z.literal('promise'), promisedDate: PlainDate, reason: FreeText(1000).optional() });
export const Hold = z.discriminatedUnion('kind', [Disputed, PromiseToPay]);
export type Hold = z.infer<typeof Hold>;
/** A hold as stored: since when (the tenant's date it was put). */
export const StoredHold = z.discriminatedUnion('kind', [Disputed.extend({ since: PlainDate }), PromiseToPay.extend({ since: PlainDate })]);
export type HoldState = 'none' | 'disputed' | 'promised' | 'broken_promise';

export const Invoice = z.object({
  id: z.string(),
  tenantId: z.string(),
  clientId: z.string(),
  /** Absent on a draft that was not given one; issuing takes the next of the tenant's sequence. */
  number: z.string().optional(),
  status: InvoiceStatus,
  issueDate: PlainDate,
  dueDate: PlainDate,
  currency: Currency,
  lines: z.array(Line),
  totals: Totals,
  /** Applied from payments. */
  paid: Amount,
  /** Applied from credit notes. */
  credited: Amount,
  /** What is still owed: totals.total − paid − credited. */
  balance: Amount,
  /** The date the balance reached zero (for the average days to pay); absent while open. */
  paidDate: PlainDate.optional(),
  hold: StoredHold.optional(),
  /** The estimate this invoice was converted from. */
  estimateId: z.string().optional(),
  ...RecordFields,
});
export type Invoice = z.infer<typeof Invoice>;

export const NewInvoice = z.strictObject({
  clientId: Id,
  number: InvoiceNumber.optional(),
  /** Defaults to the tenant's today. */
  issueDate: PlainDate.optional(),
  /** Defaults to the issue date plus the client's payment terms. */
  dueDate: PlainDate.optional(),
  /** Defaults to the tenant's currency. */
  currency: Currency.optional(),
  lines: LinesInput,
  /** `issued` creates it ready to collect; `draft` (the default) keeps it editable and unnumbered. */
  status: z.enum(['draft', 'issued']).default('draft'),
});
export type NewInvoice = z.infer<typeof NewInvoice>;

/** What building an invoice needs from around it: a document's context, the client's terms and the sequence. */
export interface InvoiceContext extends DocumentContext {
  paymentTermsDays?: number | undefined;
  /**
   * The next number of the tenant's sequence, for an invoice issued without one. The repository read
   * it and writes the invoice and the advanced sequence in one transaction, so a failed write leaves no gap.
   */
  nextNumber?: string | undefined;
}

/** A new invoice from its input: lines priced, dates defaulted, balance equal to its total once issued. */
export function buildInvoice(input: NewInvoice, ctx: InvoiceContext): Invoice {
  const currency = input.currency ?? ctx.tenantCurrency;
  const issueDate = input.issueDate ?? ctx.today;
  const dueDate = input.dueDate ?? dueDateFor(issueDate, ctx.paymentTermsDays);
  // Terms past 9999-12-31 would leave the four-digit years the keys sort by.
  if (!PlainDate.safeParse(dueDate).success) {
    throw invalidFields('due date out of range', [{ pointer: '/dueDate', code: 'date_out_of_range' }]);
  }
  if (dueDate < issueDate) {
    throw invalidFields('due date before issue date', [{ pointer: '/dueDate', code: 'due_before_issue', params: { issueDate } }]);
  }
  const { lines, totals } = priceLines(input.lines, currency);
  const draft: Invoice = {
    id: ctx.id,
    tenantId: ctx.tenantId,
    clientId: input.clientId,
    ...(input.number ? { number: input.number } : {}),
    status: 'draft',
    issueDate,
    dueDate,
    currency,
    lines,
    totals,
    paid: 0,
    credited: 0,
    balance: 0,
    ...firstVersion(ctx),
  };
  return input.status === 'issued' ? issueInvoice(draft, draft.number ?? ctx.nextNumber ?? '') : draft;
}

const OPEN: ReadonlySet<InvoiceStatus> = new Set(['issued', 'partially_paid']);

/** Open: issued or partially paid, so something is owed and it can take payments. */
export const isOpen = (invoice: Pick<Invoice, 'status'>) => OPEN.has(invoice.status);

/** Overdue (derived): open, with a due date before the tenant's today. */
export const isOverdue = (invoice: Pick<Invoice, 'status' | 'dueDate'>, today: PlainDate) => isOpen(invoice) && invoice.dueDate < today;

export const displayStatus = (invoice: Pick<Invoice, 'status' | 'dueDate'>, today: PlainDate): DisplayStatus =>
  isOverdue(invoice, today) ? 'overdue' : invoice.status;

/** The status its amounts imply once issued. */
function settledStatus(invoice: Pick<Invoice, 'paid' | 'credited' | 'balance'>): InvoiceStatus {
  if (invoice.balance === 0) return 'paid';
  return invoice.paid + invoice.credited > 0 ? 'partially_paid' : 'issued';
}

/**
 * draft → issued. The number is the one given, or the next of the tenant's sequence, which the
 * repository draws in the same write (so a failed write consumes no number). A zero-total invoice is paid at once.
 */
export function issueInvoice(invoice: Invoice, number: string): Invoice {
  if (invoice.status !== 'draft') throw invalidState('not_draft', { status: invoice.status });
  if (!invoice.number && !number) throw invalidState('number_required');
  const issued = { ...invoice, number: invoice.number ?? number, balance: invoice.totals.total, paid: 0, credited: 0 };
  const status = settledStatus(issued);
  return { ...issued, status, ...(status === 'paid' ? { paidDate: invoice.issueDate } : {}) };
}

/** Void: a draft, or an issued invoice nothing was applied to. A payment or credit must be reversed first. */
export function voidInvoice(invoice: Invoice): Invoice {
  if (invoice.status === 'void') throw invalidState('already_void');
  if (invoice.paid > 0 || invoice.credited > 0)
    throw invalidState('has_applied_amounts', { paid: invoice.paid, credited: invoice.credited, currency: invoice.currency });
  if (invoice.status !== 'draft' && invoice.status !== 'issued') throw invalidState('not_voidable', { status: invoice.status });
  const { hold: _hold, ...rest } = invoice;
  return { ...rest, status: 'void', balance: 0 };
}

/** Where applied money came from: payments count as `paid`, credit notes as `credited`. */
export type SourceKind = 'payment' | 'credit_note';
const field = (kind: SourceKind) => (kind === 'payment' ? 'paid' : 'credited');

/**
 * Applies `amount` (more than 0, at most the balance) from a payment or a credit note. The invoice
 * reaching a zero balance on `date` is paid, and its hold ends.
 */
export function applyToInvoice(invoice: Invoice, kind: SourceKind, amount: number, date: PlainDate): Invoice {
  if (!isOpen(invoice)) throw invalidState('not_open', { status: invoice.status, invoiceId: invoice.id });
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > invoice.balance) {
    throw invalidState('exceeds_balance', { invoiceId: invoice.id, balance: invoice.balance, amount, currency: invoice.currency });
  }
  const next = { ...invoice, [field(kind)]: invoice[field(kind)] + amount, balance: invoice.balance - amount };
  const status = settledStatus(next);
  if (status !== 'paid') return { ...next, status };
  const { hold: _hold, ...rest } = next;
  return { ...rest, status, paidDate: date };
}

/** Takes back `amount` applied from a source (a reversed payment or credit note): the balance grows again by exactly that. */
export function unapplyFromInvoice(invoice: Invoice, kind: SourceKind, amount: number): Invoice {
  if (invoice.status !== 'partially_paid' && invoice.status !== 'paid')
    throw invalidState('nothing_applied', { status: invoice.status, invoiceId: invoice.id });
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > invoice[field(kind)]) {
    throw invalidState('exceeds_applied', { invoiceId: invoice.id, applied: invoice[field(kind)], amount, currency: invoice.currency });
  }
  const { paidDate: _paidDate, ...rest } = invoice;
  const next = { ...rest, [field(kind)]: invoice[field(kind)] - amount, balance: invoice.balance + amount };
  return { ...next, status: settledStatus(next) };
}

/** Puts an open invoice on hold. A promise must be for today or later: a promise already broken is not one. */
export function holdInvoice(invoice: Invoice, hold: Hold, today: PlainDate): Invoice {
  if (!isOpen(invoice)) throw invalidState('not_open', { status: invoice.status, invoiceId: invoice.id });
  if (hold.kind === 'promise' && hold.promisedDate < today) {
    throw invalidFields('promise in the past', [{ pointer: '/promisedDate', code: 'date_in_past', params: { today } }]);
  }
  return { ...invoice, hold: { ...hold, since: today } };
}

export function releaseHold(invoice: Invoice): Invoice {
  const { hold: _hold, ...rest } = invoice;
  return rest;
}

/** The hold as of `today`: a promise whose date is before today, on an invoice still open, is broken. */
export function holdState(invoice: Pick<Invoice, 'status' | 'hold'>, today: PlainDate): HoldState {
  if (!invoice.hold || !isOpen(invoice)) return 'none';
  if (invoice.hold.kind === 'disputed') return 'disputed';
  return invoice.hold.promisedDate < today ? 'broken_promise' : 'promised';
}

/** Whether the collections senders must leave this invoice alone today (disputed, or a promise still kept). */
export const remindersHeld = (invoice: Pick<Invoice, 'status' | 'hold'>, today: PlainDate) => {
  const state = holdState(invoice, today);
  return state === 'disputed' || state === 'promised';
};
