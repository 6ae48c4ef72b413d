import { assertVisible } from '../clients/client-scope.ts';
import { tenantToday } from '../receivables/local-date.ts';
import { isOpen } from '../receivables/invoice.ts';
import { requireAccess, type Actor, type Requirement } from '../shared/actor.ts';
import { DomainError, invalidFields, invalidState, notFound } from '../shared/errors.ts';
import type { Page, PageRequest } from '../shared/ports.ts';
import {
  type AgencyEventType,
  type Escalation,
  type EscalationFilter,
  MAX_OBJECTIONS,
  type NewEscalation,
  type NewObjection,
  type StageChange,
  stageRank,
  type Withdrawal,
} from './escalation.schema.ts';
import { deliveryOf, revise, WRITE_ROUNDS } from './escalation-record.ts';

export { AGENCY_ACTOR, deliveryOf } from './escalation-record.ts';
export { runSettlementChecks, settleEscalation } from './settle.use-case.ts';
import type { EscalationDeps, EscalationInvoiceHead } from './ports.ts';

/** Escalating, recording stages and objections and withdrawing: the explicit permission, at any level; the client's scope still applies. */
export const manageEscalations: Requirement = { level: 4, permission: 'escalations.manage' };
/** The agency's deliveries (its DLQ) are the company's plumbing: level 1 with the permission. */
export const manageDeliveries: Requirement = { level: 1, permission: 'escalations.manage' };

/** Why an invoice cannot be escalated, or undefined when it can. */
function refusal(invoice: EscalationInvoiceHead | undefined, clientId: string, today: string, escalated: Map<string, string>) {
  if (!invoice || invoice.clientId !== clientId) return 'not_client_invoice';
  if (!isOpen(invoice) || invoice.balance <= 0) return 'invoice_not_escalable';
  if (invoice.dueDate >= today) return 'invoice_not_overdue';
  if (escalated.has(invoice.id)) return 'invoice_already_escalated';
  return undefined;
}

/**
 * Sends chosen overdue invoices of a client the caller may see to the agency: each must be the client's,
 * open and past due, and not escalated already (each refusal names its invoice). The case starts in the
 * extrajudicial stage; the agency hears of it through the webhook queued in the same write.
 */
export const escalateInvoices =
  (deps: EscalationDeps) =>
  async (actor: Actor, clientId: string, input: NewEscalation): Promise<Escalation> => {
    requireAccess(actor, manageEscalations);
    const client = assertVisible(actor, await deps.clients.get(actor.tenantId, clientId), clientId);
    const tenant = await deps.tenants.get(actor.tenantId);
    if (!tenant) throw notFound('tenant', actor.tenantId);
    const today = tenantToday(deps.clock, tenant.timeZone);
    const ids = [...new Set(input.invoiceIds)];
    const [heads, escalated] = await Promise.all([deps.escalations.invoices(actor.tenantId, ids), deps.escalations.escalatedAmong(actor.tenantId, ids)]);
    const byId = new Map(heads.map((h) => [h.id, h]));
    const errors = input.invoiceIds.flatMap((id, i) => {
      const code = refusal(byId.get(id), client.id, today, escalated);
      return code ? [{ pointer: `/invoiceIds/${i}`, code, params: { invoiceId: id, ...(escalated.get(id) ? { escalationId: escalated.get(id) } : {}) } }] : [];
    });
    if (errors.length) throw invalidFields('invoices cannot be escalated', errors);
    const at = deps.clock.now().toISOString();
    const id = deps.ids.next();
    const escalation: Escalation = {
      tenantId: actor.tenantId,
      id,
      clientId: client.id,
      invoices: ids.map((invoiceId) => {
        const h = byId.get(invoiceId)!;
        return { id: h.id, ...(h.number ? { number: h.number } : {}), dueDate: h.dueDate, currency: h.currency, balance: h.balance };
      }),
      stage: 'extrajudicial',
      stages: [{ stage: 'extrajudicial', date: today, status: 'pending', ...(input.notes ? { notes: input.notes } : {}), by: actor.userId, at }],
      objections: [],
      status: 'open',
      history: [{ at, by: actor.userId, operation: 'create', version: 1 }],
      version: 1,
      createdAt: at,
      createdBy: actor.userId,
      updatedAt: at,
      updatedBy: actor.userId,
    };
    if (!(await deps.escalations.create(escalation, deliveryOf(deps, escalation, 'escalation.created', at)))) {
      // Another request escalated one of them between our read and our write.
      throw new DomainError('conflict', 'an invoice was escalated meanwhile', { entity: 'escalation', field: 'invoiceIds' });
    }
    return escalation;
  };

/** An escalation of the caller's tenant whose client the caller may see; otherwise 404, as another tenant's. */
async function visibleEscalation(deps: EscalationDeps, actor: Actor, id: string): Promise<Escalation> {
  const escalation = await deps.escalations.get(actor.tenantId, id);
  if (!escalation) throw notFound('escalation', id);
  const client = await deps.clients.get(actor.tenantId, escalation.clientId);
  try {
    assertVisible(actor, client, escalation.clientId);
  } catch {
    throw notFound('escalation', id);
  }
  return escalation;
}

export const getEscalation = (deps: EscalationDeps) => (actor: Actor, id: string) => visibleEscalation(deps, actor, id);

/**
 * Escalations, newest first. With `clientId`: that client's (a client outside the scope is a 404, as the
 * client itself). Without: the whole company's, which only level 1 sees; narrower levels name a client.
 */
export const listEscalations =
  (deps: EscalationDeps) =>
  async (actor: Actor, filter: EscalationFilter, page: PageRequest): Promise<Page<Escalation>> => {
    if (filter.clientId) assertVisible(actor, await deps.clients.get(actor.tenantId, filter.clientId), filter.clientId);
    else if (actor.accessLevel !== 1) throw invalidFields('clientId required below level 1', [{ pointer: '/query/clientId', code: 'required' }]);
    return deps.escalations.list(actor.tenantId, filter, page);
  };

/** Reads, changes and writes an open escalation, again on a concurrent write; `change` returns undefined when there is nothing to do. */
async function changeOpen(
  deps: EscalationDeps,
  actor: Actor,
  id: string,
  change: (e: Escalation, at: string) => { next: Escalation; type: AgencyEventType; release?: string[] } | undefined,
): Promise<Escalation> {
  requireAccess(actor, manageEscalations);
  for (let round = 0; round < WRITE_ROUNDS; round++) {
    const current = await visibleEscalation(deps, actor, id);
    if (current.status !== 'open') throw invalidState('escalation_closed', { id, recordStatus: current.status });
    const at = deps.clock.now().toISOString();
    const outcome = change(current, at);
    if (!outcome) return current;
    const delivery = deliveryOf(deps, outcome.next, outcome.type, at);
    if (await deps.escalations.replace(outcome.next, current, { delivery, release: outcome.release })) return outcome.next;
  }
  throw new DomainError('version_mismatch', `escalation ${id} keeps changing`, { entity: 'escalation', id });
}

async function todayOf(deps: EscalationDeps, tenantId: string) {
  const tenant = await deps.tenants.get(tenantId);
  if (!tenant) throw notFound('tenant', tenantId);
  return tenantToday(deps.clock, tenant.timeZone);
}

/**
 * Records a stage's date, status and notes as the user learned them: the current stage, or a later one
 * (a case never goes back: extrajudicial → prejudicial → judicial). The agency hears of it.
 */
export const recordStage = (deps: EscalationDeps) => async (actor: Actor, id: string, input: StageChange) => {
  const today = await todayOf(deps, actor.tenantId);
  return changeOpen(deps, actor, id, (e, at) => {
    if (stageRank(input.stage) < stageRank(e.stage)) throw invalidState('stage_backwards', { stage: input.stage, currentStage: e.stage });
    const entry = { stage: input.stage, date: input.date ?? today, status: input.status, ...(input.notes ? { notes: input.notes } : {}), by: actor.userId, at };
    const stages = [...e.stages.filter((s) => s.stage !== input.stage), entry].sort((a, b) => stageRank(a.stage) - stageRank(b.stage));
    return { next: revise(e, { stage: input.stage, stages }, actor.userId, at, 'stage', `${input.stage}:${input.status}`), type: 'escalation.stage_changed' };
  });
};

/** Records an objection the debtor raised (date, text, status); the agency hears of it. */
export const addObjection = (deps: EscalationDeps) => async (actor: Actor, id: string, input: NewObjection) => {
  const today = await todayOf(deps, actor.tenantId);
  return changeOpen(deps, actor, id, (e, at) => {
    if (e.objections.length >= MAX_OBJECTIONS) throw invalidState('too_many_objections', { limit: MAX_OBJECTIONS });
    const objection = { id: deps.ids.next(), date: input.date ?? today, text: input.text, status: input.status, by: actor.userId, at };
    return { next: revise(e, { objections: [...e.objections, objection] }, actor.userId, at, 'objection', objection.id), type: 'escalation.objection_added' };
  });
};

/** The user takes the case back: its invoices return to our own reminders, and the agency hears of it. */
export const withdrawEscalation = (deps: EscalationDeps) => async (actor: Actor, id: string, input: Withdrawal) =>
  changeOpen(deps, actor, id, (e, at) => ({
    next: revise(e, { status: 'withdrawn', closedAt: at, ...(input.reason ? { withdrawReason: input.reason } : {}) }, actor.userId, at, 'withdraw'),
    type: 'escalation.withdrawn',
    release: e.invoices.filter((i) => !i.settledAt).map((i) => i.id),
  }));
