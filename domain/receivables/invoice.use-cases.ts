import type { ClientScope } from '../clients/client-scope.ts';
import { assertVisible, scopeOf } from '../clients/client-scope.ts';
import type { Client } from '../clients/client.schema.ts';
import type { HistoryEntry } from '../clients/history.ts';
import type { ClientRepository } from '../clients/ports.ts';
import { requireAccess, type Actor, type Requirement } from '../shared/actor.ts';
import { createOnce } from '../shared/create-once.ts';
import { invalidFields, notFound } from '../shared/errors.ts';
import type { Clock, IdGenerator, Page, PageRequest } from '../shared/ports.ts';
import type { TenantRepository } from '../workspace/ports.ts';
import type { Tenant } from '../workspace/tenant.schema.ts';
import { countryCurrencies } from '../workspace/tenant-currency.ts';
import {
  buildInvoice,
  displayStatus,
  holdInvoice,
  holdState,
  issueInvoice,
  releaseHold,
  voidInvoice,
  type DisplayStatus,
  type Hold,
  type HoldState,
  type Invoice,
  type NewInvoice,
} from './invoice.ts';
import { invoiceWrite } from './invoice-receivables.ts';
import { tenantToday, type PlainDate } from './local-date.ts';
import { Currency } from './money.ts';
import { createNumbered, writeNumbered, type Numbering } from './numbering.ts';
import { documentContext } from './record.ts';
import type { InvoiceClientKeys, InvoiceQuery, InvoiceSummary, InvoiceRepository, SequenceDraw, StoredInvoice } from './ports.ts';

export interface InvoiceDeps {
  invoices: InvoiceRepository;
  clients: Pick<ClientRepository, 'get'>;
  tenants: Pick<TenantRepository, 'get'>;
  clock: Clock;
  ids: IdGenerator;
}

/** Writes need the explicit `invoices.manage` permission, at any level; the client's scope still applies. */
export const manageInvoices: Requirement = { level: 4, permission: 'invoices.manage' };

/** An invoice as answered: what is stored, with what it is as of the tenant's today. */
export type InvoiceView = StoredInvoice & { displayStatus: DisplayStatus; holdState: HoldState };

export const viewOf = <T extends Pick<StoredInvoice, 'status' | 'dueDate' | 'hold'>>(
  invoice: T,
  today: PlainDate,
): T & { displayStatus: DisplayStatus; holdState: HoldState } => ({
  ...invoice,
  displayStatus: displayStatus(invoice, today),
  holdState: holdState(invoice, today),
});

/** A listed invoice as answered. */
export type InvoiceSummaryView = InvoiceSummary & { displayStatus: DisplayStatus; holdState: HoldState };

/**
 * The currencies a tenant invoices in: its own and its country's (a Chilean business bills in pesos or
 * UF), or any currency when it allows a foreign one (tenant-currency.ts).
 */
export function invoiceCurrencies(tenant: Pick<Tenant, 'country' | 'currency' | 'allowForeignCurrency'>): Currency[] {
  if (tenant.allowForeignCurrency) return [...Currency.options];
  return [...new Set<Currency>([tenant.currency, ...countryCurrencies[tenant.country]])];
}

/** Refuses a currency the tenant does not bill in (`currency_not_allowed`, naming the ones it does). */
export function assertCurrency(tenant: Tenant, currency: Currency) {
  const allowed = invoiceCurrencies(tenant);
  if (!allowed.includes(currency)) {
    throw invalidFields(`${currency} is not a currency of the tenant`, [
      { pointer: '/currency', code: 'currency_not_allowed', params: { currency, currencies: allowed } },
    ]);
  }
}

const copiedFields = ['categoryId', 'sellerId', 'collectorId', 'agentId', 'branchId'] as const;

/** The client's keys an invoice copies, so lists are scope- and category-filtered by index. */
export function clientKeys(client: Client): InvoiceClientKeys {
  const keys: InvoiceClientKeys = {};
  for (const field of copiedFields) if (client[field]) keys[field] = client[field];
  if (client.assignedDepartmentIds?.length) keys.assignedDepartmentIds = [...client.assignedDepartmentIds];
  return keys;
}

/** The invoice with its client's keys as they are now (a field the client no longer has is dropped). */
export function withKeysOf<T extends StoredInvoice>(invoice: T, client: Client): T {
  const rest: Record<string, unknown> = { ...invoice };
  for (const field of [...copiedFields, 'assignedDepartmentIds'] as const) delete rest[field];
  return { ...(rest as T), ...clientKeys(client) };
}

const historyFields = ['number', 'status', 'issueDate', 'dueDate', 'currency', 'total', 'balance', 'hold'] as const;
const figure = (invoice: StoredInvoice | undefined, field: (typeof historyFields)[number]) =>
  invoice && (field === 'total' ? invoice.totals.total : invoice[field]);

/** One entry of the client's history for a change of one of its invoices (decision 60's shape, `invoice.<field>`). */
export function invoiceHistory(before: StoredInvoice | undefined, after: StoredInvoice, operation: string): HistoryEntry[] {
  const changes = historyFields.flatMap((field) => {
    const from = figure(before, field);
    const to = figure(after, field);
    if (JSON.stringify(from) === JSON.stringify(to)) return [];
    return [{ field: `invoice.${field}`, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }];
  });
  return [
    {
      tenantId: after.tenantId,
      clientId: after.clientId,
      at: after.updatedAt,
      by: after.updatedBy,
      operation: `invoice.${operation}`,
      version: after.version,
      invoiceId: after.id,
      changes,
    },
  ];
}

async function tenantOf(deps: Pick<InvoiceDeps, 'tenants'>, tenantId: string): Promise<Tenant> {
  const tenant = await deps.tenants.get(tenantId);
  if (!tenant) throw notFound('tenant', tenantId);
  return tenant;
}

/** Invoices take numbers from the tenant's invoice sequence (numbering.ts). */
export const invoiceNumbering = (deps: { invoices: Pick<InvoiceRepository, 'drawSequence'> }): Numbering => ({
  entity: 'invoice',
  draw: (t, c) => deps.invoices.drawSequence(t, c),
});

/**
 * A document (invoice, estimate) if its client is one the caller may see; anything else (unknown, foreign,
 * out of scope) is a 404 naming the document.
 */
export async function visibleDocument<T extends { clientId: string }>(
  clients: Pick<ClientRepository, 'get'>,
  actor: Actor,
  entity: string,
  id: string,
  document: T | undefined,
): Promise<{ document: T; client: Client }> {
  const client = document && (await clients.get(actor.tenantId, document.clientId));
  if (!document || !client) throw notFound(entity, id);
  try {
    assertVisible(actor, client, client.id);
  } catch {
    throw notFound(entity, id);
  }
  return { document, client };
}

/** The invoice if its client is one the caller may see; anything else is a 404. */
async function visibleInvoice(deps: Pick<InvoiceDeps, 'invoices' | 'clients'>, actor: Actor, id: string): Promise<{ invoice: StoredInvoice; client: Client }> {
  const { document: invoice, client } = await visibleDocument(deps.clients, actor, 'invoice', id, await deps.invoices.get(actor.tenantId, id));
  return { invoice, client };
}

/** The tenant and its local today. */
export const today = async (deps: Pick<InvoiceDeps, 'tenants' | 'clock'>, tenantId: string) => {
  const tenant = await tenantOf(deps, tenantId);
  return { tenant, today: tenantToday(deps.clock, tenant.timeZone) };
};

/**
 * Creates an invoice of a client the caller may see, as a draft or issued directly. An issued invoice
 * without a number takes the next of the tenant's sequence in the same write; a given number must be
 * free in the tenant (`conflict` naming the invoice holding it).
 */
export const createInvoice =
  (deps: InvoiceDeps) =>
  async (actor: Actor, input: NewInvoice): Promise<InvoiceView> => {
    requireAccess(actor, manageInvoices);
    const client = assertVisible(actor, await deps.clients.get(actor.tenantId, input.clientId), input.clientId);
    const { tenant, today: date } = await today(deps, actor.tenantId);
    assertCurrency(tenant, input.currency ?? tenant.currency);
    const ctx = { ...documentContext(deps, actor, tenant, date), paymentTermsDays: client.paymentTermsDays };
    const build = (nextNumber?: string): StoredInvoice => ({ ...buildInvoice(input, { ...ctx, nextNumber }), ...clientKeys(client) });
    const stored = () => deps.invoices.get(actor.tenantId, ctx.id);
    if (input.status === 'issued' && !input.number) {
      const write = (inv: StoredInvoice, draw: SequenceDraw) =>
        deps.invoices.create(inv, invoiceHistory(undefined, inv, 'create'), draw, invoiceWrite(undefined, inv, date));
      return viewOf(await createNumbered(invoiceNumbering(deps), actor.tenantId, ctx.id, build, write, stored), date);
    }
    const invoice = build();
    return viewOf(
      await createOnce(
        invoice,
        () => deps.invoices.create(invoice, invoiceHistory(undefined, invoice, 'create'), undefined, invoiceWrite(undefined, invoice, date)),
        stored,
      ),
      date,
    );
  };

export const getInvoice =
  (deps: Pick<InvoiceDeps, 'invoices' | 'clients' | 'tenants' | 'clock'>) =>
  async (actor: Actor, id: string): Promise<InvoiceView> => {
    const { invoice } = await visibleInvoice(deps, actor, id);
    return viewOf(invoice, (await today(deps, actor.tenantId)).today);
  };

/** Operations that move what the invoice owes: they refresh its client's keys and change the receivables aggregates with it. */
const movesReceivables = new Set(['issue', 'void']);

/**
 * Reads, changes and writes an invoice conditional on the version read, with its history entry. Issue and
 * void also write the client's current keys on the header and their receivables change in the same write;
 * a hold changes neither.
 */
async function changeInvoice(
  deps: InvoiceDeps,
  actor: Actor,
  id: string,
  operation: string,
  change: (invoice: StoredInvoice, today: PlainDate) => Invoice,
): Promise<InvoiceView> {
  requireAccess(actor, manageInvoices);
  const { invoice: current, client } = await visibleInvoice(deps, actor, id);
  const { today: date } = await today(deps, actor.tenantId);
  const at = deps.clock.now().toISOString();
  const moves = movesReceivables.has(operation);
  const next = (invoice: Invoice): StoredInvoice => {
    const stamped = { ...(invoice as StoredInvoice), version: current.version + 1, updatedAt: at, updatedBy: actor.userId };
    return moves ? withKeysOf(stamped, client) : stamped;
  };
  const receivables = (inv: StoredInvoice) => (moves ? invoiceWrite(current, inv, date) : undefined);
  if (operation === 'issue' && current.status === 'draft' && !current.number) {
    const written = await writeNumbered(
      invoiceNumbering(deps),
      actor.tenantId,
      current.id,
      (number) => next(issueInvoice(current, number)),
      (inv, draw) => deps.invoices.update(inv, current, invoiceHistory(current, inv, operation), draw, receivables(inv)),
    );
    return viewOf(written, date);
  }
  const changed = next(change(current, date));
  await deps.invoices.update(changed, current, invoiceHistory(current, changed, operation), undefined, receivables(changed));
  return viewOf(changed, date);
}

/** draft → issued, numbered with the draft's number or the next of the sequence. */
export const issueExistingInvoice = (deps: InvoiceDeps) => (actor: Actor, id: string) =>
  changeInvoice(deps, actor, id, 'issue', (invoice) => issueInvoice(invoice, invoice.number ?? ''));

/** Void: only while nothing is applied (invoice.ts). */
export const voidExistingInvoice = (deps: InvoiceDeps) => (actor: Actor, id: string) =>
  changeInvoice(deps, actor, id, 'void', (invoice) => voidInvoice(invoice));

/** Puts (or replaces) the hold of an open invoice: disputed with a reason, or a promise to pay on a date. */
export const holdExistingInvoice = (deps: InvoiceDeps) => (actor: Actor, id: string, hold: Hold) =>
  changeInvoice(deps, actor, id, 'hold', (invoice, date) => holdInvoice(invoice, hold, date));

/** Releases the hold; an invoice without one is answered as it is, nothing written. */
export const releaseInvoiceHold =
  (deps: InvoiceDeps) =>
  async (actor: Actor, id: string): Promise<InvoiceView> => {
    requireAccess(actor, manageInvoices);
    const { invoice } = await visibleInvoice(deps, actor, id);
    if (!invoice.hold) return viewOf(invoice, (await today(deps, actor.tenantId)).today);
    return changeInvoice(deps, actor, id, 'release', (current) => releaseHold(current));
  };

/** What a caller filters a list by (scope and today come from the caller and the tenant). */
export type InvoiceFilter = Omit<InvoiceQuery, 'scope' | 'today'>;

/**
 * Invoices of the clients the caller may see, filtered; a client filter names a client the caller may
 * see (another one is a 404, as the client itself).
 */
export const listInvoices =
  (deps: Pick<InvoiceDeps, 'invoices' | 'clients' | 'tenants' | 'clock'>) =>
  async (actor: Actor, filter: InvoiceFilter, page: PageRequest): Promise<Page<InvoiceSummaryView>> => {
    if (filter.clientId) assertVisible(actor, await deps.clients.get(actor.tenantId, filter.clientId), filter.clientId);
    const { today: date } = await today(deps, actor.tenantId);
    const scope: ClientScope = scopeOf(actor);
    const result = await deps.invoices.list(actor.tenantId, { ...filter, scope, today: date }, page);
    return { ...result, items: result.items.map((invoice) => viewOf(invoice, date)) };
  };
