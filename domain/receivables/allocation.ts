import * as z from 'zod';
import { invalidFields, invalidState, type FieldIssue } from '../shared/errors.ts';
import { Id } from '../shared/fields.ts';
import { applyToInvoice, isOpen, unapplyFromInvoice, type Invoice, type SourceKind } from './invoice.ts';
import { PlainDate } from './local-date.ts';
import { PositiveAmount, type Currency } from './money.ts';

/**
 * Spreading money from a payment or a credit note over a client's open invoices. Every function here
 * keeps one equation: source amount = Σ allocations + unapplied, and each invoice's balance falls by
 * exactly what is allocated to it (and rises by exactly that on reversal). Nothing is rounded.
 */

/**
 * Invoices one write may settle: each allocation updates its invoice and the aggregates it feeds, and
 * the whole write is one DynamoDB transaction (at most 100 items; see docs/receivables-plan.md).
 * Oldest-first stops here and leaves the rest as credit, to be applied by a later call.
 */
export const MAX_ALLOCATIONS = 20;

export const AllocationInput = z.strictObject({ invoiceId: Id, amount: PositiveAmount });
export type AllocationInput = z.infer<typeof AllocationInput>;
export const AllocationsInput = z.array(AllocationInput).min(1).max(MAX_ALLOCATIONS);

/** One application of a source to an invoice, on a date (the tenant's today when it was applied). */
export const Allocation = z.object({ invoiceId: z.string(), amount: PositiveAmount, date: PlainDate });
export type Allocation = z.infer<typeof Allocation>;

/** What allocation needs to know of an invoice. */
export type Allocatable = Pick<Invoice, 'id' | 'status' | 'currency' | 'balance' | 'dueDate' | 'issueDate' | 'number'>;

export interface AllocationResult {
  allocations: AllocationInput[];
  /** What is left of the amount: the client's credit. */
  unapplied: number;
}

/** Oldest due first; same due date: oldest issue, then number, then id (a total order, so the result is deterministic). */
export function oldestDueFirst(a: Allocatable, b: Allocatable): number {
  return (
    a.dueDate.localeCompare(b.dueDate) || a.issueDate.localeCompare(b.issueDate) || (a.number ?? '').localeCompare(b.number ?? '') || a.id.localeCompare(b.id)
  );
}

/**
 * Splits `amount` over the open invoices of `currency`, oldest due first, up to MAX_ALLOCATIONS
 * invoices; what does not fit is unapplied.
 */
export function allocateOldestFirst(amount: number, currency: Currency, invoices: Allocatable[]): AllocationResult {
  const candidates = invoices.filter((i) => isOpen(i) && i.currency === currency && i.balance > 0).sort(oldestDueFirst);
  const allocations: AllocationInput[] = [];
  let left = amount;
  for (const invoice of candidates) {
    if (left === 0 || allocations.length === MAX_ALLOCATIONS) break;
    const take = Math.min(left, invoice.balance);
    allocations.push({ invoiceId: invoice.id, amount: take });
    left -= take;
  }
  return { allocations, unapplied: left };
}

/**
 * Checks the caller's allocation against the client's invoices: each names an open invoice of the
 * source's currency once, takes at most its balance, and together at most `amount`. `invoices` are
 * the client's own: an id outside them (another client's, another tenant's) is `unknown_invoice`.
 */
export function checkAllocation(amount: number, currency: Currency, invoices: Allocatable[], requested: AllocationInput[]): AllocationResult {
  const byId = new Map(invoices.map((i) => [i.id, i]));
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  // bigint: twenty amounts near MAX_AMOUNT pass 2^53.
  let total = 0n;
  requested.forEach((allocation, i) => {
    const at = `/allocations/${i}`;
    const invoice = byId.get(allocation.invoiceId);
    total += BigInt(allocation.amount);
    if (seen.has(allocation.invoiceId)) issues.push({ pointer: `${at}/invoiceId`, code: 'duplicate_invoice' });
    else if (!invoice) issues.push({ pointer: `${at}/invoiceId`, code: 'unknown_invoice', params: { id: allocation.invoiceId } });
    else if (!isOpen(invoice)) issues.push({ pointer: `${at}/invoiceId`, code: 'invoice_not_open', params: { status: invoice.status } });
    else if (invoice.currency !== currency)
      issues.push({ pointer: `${at}/invoiceId`, code: 'currency_mismatch', params: { expected: currency, actual: invoice.currency } });
    else if (allocation.amount > invoice.balance)
      issues.push({ pointer: `${at}/amount`, code: 'exceeds_balance', params: { balance: invoice.balance, currency } });
    seen.add(allocation.invoiceId);
  });
  if (total > BigInt(amount)) issues.push({ pointer: '/allocations', code: 'exceeds_amount', params: { amount, allocated: total.toString(), currency } });
  if (issues.length) throw invalidFields('allocation refused', issues);
  return { allocations: requested, unapplied: amount - Number(total) };
}

/** The caller's allocation when given (checked), else oldest due first. */
export const allocate = (amount: number, currency: Currency, invoices: Allocatable[], requested?: AllocationInput[]) =>
  requested ? checkAllocation(amount, currency, invoices, requested) : allocateOldestFirst(amount, currency, invoices);

/** Runs `change` for each allocation on the invoice it names (all must be given); returns each changed invoice once, as it ends. */
function changeEach(
  invoices: Invoice[],
  allocations: Array<Pick<Allocation, 'invoiceId' | 'amount'>>,
  change: (invoice: Invoice, amount: number) => Invoice,
): Invoice[] {
  const byId = new Map(invoices.map((i) => [i.id, i]));
  const changed = new Set<string>();
  for (const { invoiceId, amount } of allocations) {
    const invoice = byId.get(invoiceId);
    if (!invoice) throw invalidState('invoice_missing', { invoiceId });
    byId.set(invoiceId, change(invoice, amount));
    changed.add(invoiceId);
  }
  return [...changed].map((id) => byId.get(id)!);
}

/** Applies allocations of one source on `date`; returns the changed invoices. */
export const applyAllocations = (invoices: Invoice[], kind: SourceKind, allocations: AllocationInput[], date: PlainDate) =>
  changeEach(invoices, allocations, (invoice, amount) => applyToInvoice(invoice, kind, amount, date));

/** Takes back every allocation of a reversed source: each invoice's balance rises by exactly what it had received. */
export const reverseAllocations = (invoices: Invoice[], kind: SourceKind, allocations: Array<Pick<Allocation, 'invoiceId' | 'amount'>>) =>
  changeEach(invoices, allocations, (invoice, amount) => unapplyFromInvoice(invoice, kind, amount));
