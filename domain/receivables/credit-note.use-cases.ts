import { assertVisible } from '../clients/client-scope.ts';
import { requireAccess, type Actor } from '../shared/actor.ts';
import type { MoneySource, NewCreditNote } from './payment.ts';
import { recordCreditNote, reverseSource } from './payment.ts';
import { managePayments } from './payment.use-cases.ts';
import { assertSourceCurrency, sourceChange, tenantAndToday, visibleSource, writeSource, type SourceDeps } from './source-writes.ts';

/**
 * Credit notes: an amount that reduces an invoice's balance (or, without an invoice, becomes the client's
 * credit), with a number unique in the tenant when given. Same permission as payments: both settle balances.
 */
export const createCreditNote =
  (deps: SourceDeps) =>
  async (actor: Actor, input: NewCreditNote): Promise<MoneySource> => {
    requireAccess(actor, managePayments);
    const [found, { tenant, today }] = await Promise.all([deps.clients.get(actor.tenantId, input.clientId), tenantAndToday(deps, actor.tenantId)]);
    const client = assertVisible(actor, found, input.clientId);
    assertSourceCurrency(tenant, input.currency ?? tenant.currency);
    const ctx = { id: deps.ids.next(), tenantId: actor.tenantId, today, tenantCurrency: tenant.currency, by: actor.userId, at: deps.clock.now().toISOString() };
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
    const { today } = await tenantAndToday(deps, actor.tenantId);
    return writeSource(deps, actor.tenantId, 'credit_note', id, async () => {
      const { source, client } = await visibleSource(deps, actor, 'credit_note', id);
      const read = await deps.sources.invoices(actor.tenantId, [...new Set(source.allocations.map((a) => a.invoiceId))]);
      const reversed = reverseSource(source, read, today);
      const next = {
        ...reversed,
        source: { ...reversed.source, version: source.version + 1, updatedAt: deps.clock.now().toISOString(), updatedBy: actor.userId },
      };
      return sourceChange(source, next, read, client, 'reverse');
    });
  };

export const getCreditNote = (deps: SourceDeps) => async (actor: Actor, id: string) => (await visibleSource(deps, actor, 'credit_note', id)).source;
