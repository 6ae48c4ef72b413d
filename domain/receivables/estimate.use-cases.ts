import type { ReceivablesWrite } from './aggregates-port.ts';
import { invoiceWrite } from './invoice-receivables.ts';
import { assertVisible, scopeOf, type ClientScope } from '../clients/client-scope.ts';
import type { Client } from '../clients/client.schema.ts';
import type { HistoryEntry } from '../clients/history.ts';
import type { ClientRepository } from '../clients/ports.ts';
import { requireAccess, type Actor, type Requirement } from '../shared/actor.ts';
import { createOnce, existsUnderOwnId } from '../shared/create-once.ts';
import { DomainError } from '../shared/errors.ts';
import type { Clock, IdGenerator, Page, PageRequest } from '../shared/ports.ts';
import type { TenantRepository } from '../workspace/ports.ts';
import type { EstimateBlocks } from './estimate-blocks.ts';
import {
  buildEstimate,
  convertEstimate,
  editEstimate,
  moveEstimate,
  type Estimate,
  type EstimatePatch,
  type EstimateStatus,
  type NewEstimate,
} from './estimate.ts';
import {
  assertCurrency,
  clientKeys,
  invoiceHistory,
  invoiceNumbering,
  manageInvoices,
  today,
  viewOf,
  visibleDocument,
  type InvoiceView,
} from './invoice.use-cases.ts';
import type { Currency } from './money.ts';
import { createNumbered, writeNumbered, type Numbering } from './numbering.ts';
import type { InvoiceClientKeys, InvoiceRepository, SequenceDraw, StoredInvoice } from './ports.ts';
import { documentContext } from './record.ts';

/** An estimate as stored: the domain's estimate and its client's keys (lists of a restricted scope by index, as invoices). */
export type StoredEstimate = Estimate & InvoiceClientKeys;
/** An estimate as lists show it: without its lines. */
export type EstimateSummary = Omit<StoredEstimate, 'lines'> & { lineCount: number };

/** What an estimate list asks for; the scope comes from the caller. */
export interface EstimateQuery {
  scope: ClientScope;
  status?: EstimateStatus | undefined;
  clientId?: string | undefined;
}

/** The estimates tab of a client (seed 004): the blocks per currency and the last estimates by issue date. */
export interface EstimatesTab {
  currencies: Array<{ currency: Currency } & EstimateBlocks>;
  last: EstimateSummary[];
}

export interface EstimateRepository {
  get(tenantId: string, id: string): Promise<StoredEstimate | undefined>;
  /** As the invoice sequence's (`InvoiceRepository.drawSequence`), on the tenant's estimate sequence. */
  drawSequence(tenantId: string, claimant: string): Promise<number>;
  /**
   * Stores a new estimate (header, lines, number guard) with its history and, when given, the sequence
   * draw, in one transaction. `conflict` on `estimate`/`number` naming the holder, on `estimate`/`id`
   * naming itself (a redo), on `estimateSequence`/`last` when the sequence moved.
   */
  create(estimate: StoredEstimate, history: HistoryEntry[], draw?: SequenceDraw): Promise<void>;
  /**
   * Replaces the header (and the lines when they changed) conditional on `previous.version`
   * (`version_mismatch` otherwise), with its history and the client's estimate blocks it moves.
   */
  update(next: StoredEstimate, previous: StoredEstimate, history: HistoryEntry[]): Promise<void>;
  /**
   * Creates `invoice` through the invoice repository's own write (header, lines, number, sequence draw,
   * and whatever else an invoice's creation writes) and, in the same transaction, the estimate marked
   * converted, conditioned on `previous.version` and on the estimate having no invoice: of two
   * conversions at once one commits, the other gets `version_mismatch` on the estimate.
   */
  convert(
    next: StoredEstimate,
    previous: StoredEstimate,
    invoice: StoredInvoice,
    history: HistoryEntry[],
    draw?: SequenceDraw,
    receivables?: ReceivablesWrite,
  ): Promise<void>;
  list(tenantId: string, query: EstimateQuery, page: PageRequest): Promise<Page<EstimateSummary>>;
  /** The client's blocks (one item per currency) and its last `last` estimates, newest issue date first. */
  tab(tenantId: string, clientId: string, last: number): Promise<EstimatesTab>;
}

export interface EstimateDeps {
  estimates: EstimateRepository;
  invoices: Pick<InvoiceRepository, 'drawSequence' | 'get'>;
  clients: Pick<ClientRepository, 'get'>;
  tenants: Pick<TenantRepository, 'get'>;
  clock: Clock;
  ids: IdGenerator;
}

/**
 * Estimate writes need the explicit `estimates.manage` permission, at any level (decision "Estimates"):
 * a seller may quote without invoicing. Converting also creates an invoice, so it needs `invoices.manage` too.
 */
export const manageEstimates: Requirement = { level: 4, permission: 'estimates.manage' };

/** How many estimates the tab lists (seed 004: "the last 20"). */
export const TAB_LAST = 20;
/** Tries of a conversion whose estimate changed under it: the next read sees the winner (`already_converted`). */
const CONVERT_ROUNDS = 3;

const estimateNumbering = (deps: Pick<EstimateDeps, 'estimates'>): Numbering => ({ entity: 'estimate', draw: (t, c) => deps.estimates.drawSequence(t, c) });

const historyFields = ['number', 'status', 'issueDate', 'validUntil', 'currency', 'total', 'invoiceId'] as const;
const figure = (estimate: StoredEstimate | undefined, field: (typeof historyFields)[number]) =>
  estimate && (field === 'total' ? estimate.totals.total : estimate[field]);

/** One entry of the client's history for a change of one of its estimates (`estimate.<field>`). */
export function estimateHistory(before: StoredEstimate | undefined, after: StoredEstimate, operation: string): HistoryEntry {
  const changes = historyFields.flatMap((field) => {
    const from = figure(before, field);
    const to = figure(after, field);
    if (JSON.stringify(from) === JSON.stringify(to)) return [];
    return [{ field: `estimate.${field}`, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }];
  });
  return {
    tenantId: after.tenantId,
    clientId: after.clientId,
    at: after.updatedAt,
    by: after.updatedBy,
    operation: `estimate.${operation}`,
    version: after.version,
    estimateId: after.id,
    changes,
  };
}

/** The estimate if its client is one the caller may see; anything else (unknown, foreign, out of scope) is a 404. */
async function visibleEstimate(
  deps: Pick<EstimateDeps, 'estimates' | 'clients'>,
  actor: Actor,
  id: string,
): Promise<{ estimate: StoredEstimate; client: Client }> {
  const { document: estimate, client } = await visibleDocument(deps.clients, actor, 'estimate', id, await deps.estimates.get(actor.tenantId, id));
  return { estimate, client };
}

/**
 * Creates a draft estimate of a client the caller may see. Numbered at creation: the given number (free
 * in the tenant, `conflict` naming the holder) or the next of the tenant's estimate sequence, drawn in the
 * same write (no gaps).
 */
export const createEstimate =
  (deps: EstimateDeps) =>
  async (actor: Actor, input: NewEstimate): Promise<StoredEstimate> => {
    requireAccess(actor, manageEstimates);
    const client = assertVisible(actor, await deps.clients.get(actor.tenantId, input.clientId), input.clientId);
    const { tenant, today: date } = await today(deps, actor.tenantId);
    assertCurrency(tenant, input.currency ?? tenant.currency);
    const ctx = documentContext(deps, actor, tenant, date);
    const build = (number?: string): StoredEstimate => ({ ...buildEstimate({ ...input, ...(number ? { number } : {}) }, ctx), ...clientKeys(client) });
    const stored = () => deps.estimates.get(actor.tenantId, ctx.id);
    if (!input.number) {
      const write = (e: StoredEstimate, draw: SequenceDraw) => deps.estimates.create(e, [estimateHistory(undefined, e, 'create')], draw);
      return createNumbered(estimateNumbering(deps), actor.tenantId, ctx.id, build, write, stored);
    }
    const estimate = build();
    return createOnce(estimate, () => deps.estimates.create(estimate, [estimateHistory(undefined, estimate, 'create')]), stored);
  };

export const getEstimate =
  (deps: Pick<EstimateDeps, 'estimates' | 'clients'>) =>
  async (actor: Actor, id: string): Promise<StoredEstimate> =>
    (await visibleEstimate(deps, actor, id)).estimate;

/** Reads, changes and writes an estimate conditional on the version read, with its history entry; the client's keys are copied again. */
async function changeEstimate(
  deps: EstimateDeps,
  actor: Actor,
  id: string,
  operation: string,
  change: (estimate: StoredEstimate) => Estimate,
): Promise<StoredEstimate> {
  requireAccess(actor, manageEstimates);
  const { estimate: current, client } = await visibleEstimate(deps, actor, id);
  const changed = change(current);
  if (operation === 'update') assertCurrency((await today(deps, actor.tenantId)).tenant, changed.currency);
  const next: StoredEstimate = {
    ...changed,
    ...clientKeysOnly(client),
    version: current.version + 1,
    updatedAt: deps.clock.now().toISOString(),
    updatedBy: actor.userId,
  };
  await deps.estimates.update(next, current, [estimateHistory(current, next, operation)]);
  return next;
}

/** The copied client keys as they are now (a key the client lost is dropped, not kept from before). */
const clientKeysOnly = (client: Client) => ({
  categoryId: undefined,
  sellerId: undefined,
  collectorId: undefined,
  agentId: undefined,
  branchId: undefined,
  assignedDepartmentIds: undefined,
  ...clientKeys(client),
});

/** Edits a draft (dates, currency, lines); anything else is a 409 `estimate_not_draft`. */
export const updateEstimate = (deps: EstimateDeps) => (actor: Actor, id: string, patch: EstimatePatch) =>
  changeEstimate(deps, actor, id, 'update', (estimate) => editEstimate(estimate, patch));

/** draft → sent (outstanding), sent → accepted or rejected; any other move is a 409 `estimate_transition`. */
export const moveExistingEstimate = (deps: EstimateDeps) => (actor: Actor, id: string, move: 'send' | 'accept' | 'reject') =>
  changeEstimate(deps, actor, id, move, (estimate) => moveEstimate(estimate, move));

const versionRefused = (error: unknown) => error instanceof DomainError && error.code === 'version_mismatch' && error.details.entity === 'estimate';

/**
 * Converts an accepted estimate into an invoice, once: a draft, or issued with the next number of the
 * invoice sequence (`issue`). The invoice and the estimate's mark are one transaction conditioned on the
 * estimate's version; a conversion that loses to another reads the estimate again and answers 409
 * `already_converted` naming the invoice.
 */
export const convertExistingEstimate =
  (deps: EstimateDeps) =>
  async (actor: Actor, id: string, issue: boolean): Promise<InvoiceView> => {
    requireAccess(actor, manageEstimates);
    requireAccess(actor, manageInvoices);
    for (let round = 1; ; round += 1) {
      const { estimate: current, client } = await visibleEstimate(deps, actor, id);
      const { tenant, today: date } = await today(deps, actor.tenantId);
      const ctx = { ...documentContext(deps, actor, tenant, date), paymentTermsDays: client.paymentTermsDays };
      const at = ctx.at;
      const build = (nextNumber?: string) => {
        const made = convertEstimate(current, { ...ctx, nextNumber }, issue);
        const invoice: StoredInvoice = { ...made.invoice, ...clientKeys(client) };
        const estimate: StoredEstimate = { ...current, ...made.estimate, version: current.version + 1, updatedAt: at, updatedBy: actor.userId };
        return { id: invoice.id, invoice, estimate };
      };
      const write = (made: ReturnType<typeof build>, draw?: SequenceDraw) =>
        deps.estimates.convert(
          made.estimate,
          current,
          made.invoice,
          [...invoiceHistory(undefined, made.invoice, 'create'), estimateHistory(current, made.estimate, 'convert')],
          draw,
          // The new invoice moves the client's receivables and the tenant's aggregates as any invoice create does.
          invoiceWrite(undefined, made.invoice, date),
        );
      try {
        if (issue) return viewOf((await writeNumbered(invoiceNumbering(deps), actor.tenantId, ctx.id, build, write)).invoice, date);
        const made = build();
        await write(made);
        return viewOf(made.invoice, date);
      } catch (error) {
        // A redo of a request whose first attempt committed (same ids) finds its invoice under its own id.
        const existing = existsUnderOwnId(error, ctx.id) ? await deps.invoices.get(actor.tenantId, ctx.id) : undefined;
        if (existing) return viewOf(existing, date);
        if (!versionRefused(error) || round >= CONVERT_ROUNDS) throw error;
      }
    }
  };

/** What a caller filters an estimate list by. */
export type EstimateFilter = Omit<EstimateQuery, 'scope'>;

/** Estimates of the clients the caller may see; a client filter names a client the caller may see (else 404). */
export const listEstimates =
  (deps: Pick<EstimateDeps, 'estimates' | 'clients'>) =>
  async (actor: Actor, filter: EstimateFilter, page: PageRequest): Promise<Page<EstimateSummary>> => {
    if (filter.clientId) assertVisible(actor, await deps.clients.get(actor.tenantId, filter.clientId), filter.clientId);
    return deps.estimates.list(actor.tenantId, { ...filter, scope: scopeOf(actor) }, page);
  };

/** The client's estimates tab: outstanding, accepted, rejected (count and amount) per currency, and the last 20. */
export const estimatesTab =
  (deps: Pick<EstimateDeps, 'estimates' | 'clients'>) =>
  async (actor: Actor, clientId: string): Promise<EstimatesTab> => {
    assertVisible(actor, await deps.clients.get(actor.tenantId, clientId), clientId);
    return deps.estimates.tab(actor.tenantId, clientId, TAB_LAST);
  };
