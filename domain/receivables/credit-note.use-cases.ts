import { requireAccess, type Actor } from '../shared/actor.ts';
import type { MoneySource, NewCreditNote } from './payment.ts';
import { recordCreditNote } from './payment.ts';
import { managePayments } from './payment.use-cases.ts';
import { newSourceContext, reverseOne, sourceChange, visibleSource, writeSource, type SourceDeps } from './source-writes.ts';

/**
 * Credit notes: an amount that reduces an invoice's balance (or, without an invoice, becomes the client's
 * credit), with a number unique in the tenant when given. Same permission as payments: both settle balances.
 */
export const createCreditNote =
  (deps: SourceDeps) =>
  async (actor: Actor, input: NewCreditNote): Promise<MoneySource> => {
    requireAccess(actor, managePayments);
    const { client, ctx } = await newSourceContext(deps, actor, input);
    return writeSource(deps, actor.tenantId, 'credit_note', ctx.id, async () => {
      const read = input.invoiceId ? await deps.sources.invoices(actor.tenantId, [input.invoiceId]) : [];
      return sourceChange(undefined, recordCreditNote(input, read, ctx), read, client, 'create');
    });
  };

/** Reverses a credit note: its invoice gets back what it reduced, and its credit is gone. Its number stays taken. */
export const reverseCreditNote =
  (deps: SourceDeps) =>
  async (actor: Actor, id: string): Promise<MoneySource> => {
    requireAccess(actor, managePayments);
    return reverseOne(deps, actor, 'credit_note', id);
  };

export const getCreditNote = (deps: SourceDeps) => async (actor: Actor, id: string) => (await visibleSource(deps, actor, 'credit_note', id)).source;
