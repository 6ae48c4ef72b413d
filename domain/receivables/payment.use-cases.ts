import { assertVisible } from '../clients/client-scope.ts';
import { requireAccess, type Actor, type Requirement } from '../shared/actor.ts';
import { invalidFields } from '../shared/errors.ts';
import type { Page, PageRequest } from '../shared/ports.ts';
import { MAX_ALLOCATIONS, type AllocationInput } from './allocation.ts';
import { applySource, recordPayment, type MoneySource, type NewPayment } from './payment.ts';
import { receiptRequestOf } from './receipt-request.ts';
import { dailySeries, paymentsMonthDelta, type SourceFilter } from './source-ports.ts';
import { newSourceContext, reverseOne, sourceChange, tenantAndToday, visibleSource, writeSource, type SourceDeps } from './source-writes.ts';

/**
 * Writes need the explicit `payments.manage` permission, at any level; the client's scope still applies.
 * Apart from `invoices.manage`: who records the money that came in is often not who bills.
 */
export const managePayments: Requirement = { level: 4, permission: 'payments.manage' };

/**
 * Open invoices read for an oldest-first allocation: the first MAX_ALLOCATIONS of the payment's currency
 * are among them unless the client has many open invoices in other currencies (then fewer are settled
 * and the rest stays credit, to apply later).
 */
const OPEN_READ = MAX_ALLOCATIONS * 3;

/** The invoices an allocation needs: the ones named, or the client's open ones, oldest due first. */
const invoicesFor = (deps: SourceDeps, tenantId: string, clientId: string, allocations: AllocationInput[] | undefined) =>
  allocations ? deps.sources.invoices(tenantId, [...new Set(allocations.map((a) => a.invoiceId))]) : deps.sources.openInvoices(tenantId, clientId, OPEN_READ);

const stamp = (source: MoneySource, actor: Actor, at: string): MoneySource => ({
  ...source,
  version: source.version + 1,
  updatedAt: at,
  updatedBy: actor.userId,
});

/**
 * Records a payment of a client the caller may see and applies it: to the caller's allocation (checked
 * against the invoices as read) or oldest due first. What is not applied is the client's credit. With an
 * Idempotency-Key the payment's id comes from the key, so the same request twice records it once.
 */
export const recordClientPayment =
  (deps: SourceDeps) =>
  async (actor: Actor, input: NewPayment): Promise<MoneySource> => {
    requireAccess(actor, managePayments);
    const { client, ctx } = await newSourceContext(deps, actor, input);
    return writeSource(deps, actor.tenantId, 'payment', ctx.id, async () => {
      const read = await invoicesFor(deps, actor.tenantId, client.id, input.allocations);
      const applied = recordPayment(input, read, ctx);
      const change = sourceChange(undefined, applied, read, client, 'create', paymentsMonthDelta(applied.source, 1));
      // The receipt's request goes in the payment's own transaction: no payment without it, none without the payment.
      return {
        ...change,
        receipt: receiptRequestOf(
          change.source,
          change.invoices.map((i) => i.after),
          ctx.today,
        ),
      };
    });
  };

/**
 * Applies what is left of a payment (the client's credit from it) to the caller's allocation or oldest
 * due first, dated the tenant's today. Nothing to apply to (no open invoice) answers the payment as it is.
 */
export const applyPaymentCredit =
  (deps: SourceDeps) =>
  async (actor: Actor, id: string, allocations?: AllocationInput[]): Promise<MoneySource> => {
    requireAccess(actor, managePayments);
    const { today } = await tenantAndToday(deps, actor.tenantId);
    return writeSource(deps, actor.tenantId, 'payment', id, async () => {
      const { source, client } = await visibleSource(deps, actor, 'payment', id);
      const read = await invoicesFor(deps, actor.tenantId, source.clientId, allocations);
      const applied = applySource(source, read, today, allocations);
      if (applied.invoices.length === 0) return source;
      const next = { ...applied, source: stamp(applied.source, actor, deps.clock.now().toISOString()) };
      return sourceChange(source, next, read, client, 'apply');
    });
  };

/**
 * Reverses a payment (a bounced cheque, a payment recorded by mistake): every invoice gets back what it
 * received, as issued or partially paid again, its credit is gone, and the month's payments lose it.
 */
export const reverseClientPayment =
  (deps: SourceDeps) =>
  async (actor: Actor, id: string): Promise<MoneySource> => {
    requireAccess(actor, managePayments);
    return reverseOne(deps, actor, 'payment', id);
  };

export const getPayment = (deps: SourceDeps) => async (actor: Actor, id: string) => (await visibleSource(deps, actor, 'payment', id)).source;

/**
 * Sources of one kind, newest first. With `clientId`: that client's (a client outside the scope is a 404, as
 * the client itself). Without: the whole company's, which only level 1 sees; narrower levels name a client.
 */
export const listSources =
  (deps: SourceDeps, kind: MoneySource['kind']) =>
  async (actor: Actor, filter: SourceFilter, page: PageRequest): Promise<Page<MoneySource>> => {
    if (filter.clientId) assertVisible(actor, await deps.clients.get(actor.tenantId, filter.clientId), filter.clientId);
    else if (actor.accessLevel !== 1) throw invalidFields('clientId required below level 1', [{ pointer: '/query/clientId', code: 'required' }]);
    return deps.sources.list(actor.tenantId, kind, filter, page);
  };

/** How many payments the overview shows; the rest by cursor on the list. */
export const LAST_PAYMENTS = 20;

/**
 * The client's payments tab: this month (the tenant's) per currency — total, count and a per-day series
 * from the 1st to today, zeros included — and its last 20 payments, newest first (`more` when there are older).
 */
export const clientPaymentsOverview = (deps: SourceDeps) => async (actor: Actor, clientId: string) => {
  const client = assertVisible(actor, await deps.clients.get(actor.tenantId, clientId), clientId);
  const { today } = await tenantAndToday(deps, actor.tenantId);
  const month = today.slice(0, 7);
  const [months, last] = await Promise.all([
    deps.sources.paymentsMonth(actor.tenantId, client.id, month),
    deps.sources.list(actor.tenantId, 'payment', { clientId: client.id }, { limit: LAST_PAYMENTS }),
  ]);
  return {
    clientId: client.id,
    month,
    currencies: months
      .filter((m) => m.count !== 0 || m.total !== 0)
      .map((m) => ({ currency: m.currency, total: m.total, count: m.count, days: dailySeries(month, Number(today.slice(8, 10)), m.byDay) })),
    last: last.items,
    more: Boolean(last.cursor),
  };
};
