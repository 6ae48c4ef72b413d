import { assertVisible } from '../clients/client-scope.ts';
import type { ClientRepository } from '../clients/ports.ts';
import type { OutboundEmail } from '../messaging/outbound-email.schema.ts';
import { isOpen } from '../receivables/invoice.ts';
import { localDate, type PlainDate } from '../receivables/local-date.ts';
import type { InvoiceRepository } from '../receivables/ports.ts';
import { type Actor, type Requirement, requireAccess } from '../shared/actor.ts';
import { DomainError, invalidFields, invalidState, notFound } from '../shared/errors.ts';
import { sendNowCandidates } from './event-messages.ts';
import type { PlanClient } from './plan-day.ts';
import { computeDay, markerBefore, nextRunDate, type PlannerDeps, type PlannerReadDeps, planTenantOf } from './plan-tenant.use-case.ts';
import type { PlannerStateStore } from './planner-ports.ts';

/** The whole tenant's planned mail: company level. */
export const previewRequirement: Requirement = { level: 1 };
/** A reminder to a client the caller sees (scope checked on the invoice's client). */
export const sendNowRequirement: Requirement = { level: 4 };

/** A second "send now" of an invoice within this time of the first is the same press, not a request for the next step. */
export const SEND_NOW_REPEAT_MS = 60_000;

/** A planned message as the preview and "send now" show it (no body: the template preview renders those). */
export interface PlannedMessageView {
  id: string;
  type: NonNullable<OutboundEmail['collection']>['type'];
  conceptId?: string;
  clientId: string;
  invoiceIds: string[];
  step: string;
  plannedFor: PlainDate;
  status: 'pending' | 'skipped';
  skipReason?: NonNullable<OutboundEmail['collection']>['skipReason'];
  from: string;
  replyTo?: string;
  to: string[];
  subject: string;
}

export const plannedView = (m: OutboundEmail): PlannedMessageView => {
  const c = m.collection!;
  return {
    id: m.id,
    type: c.type,
    ...(c.conceptId ? { conceptId: c.conceptId } : {}),
    clientId: c.clientId,
    invoiceIds: c.invoiceIds,
    step: c.step,
    plannedFor: c.plannedFor,
    status: m.status === 'skipped' ? 'skipped' : 'pending',
    ...(c.skipReason ? { skipReason: c.skipReason } : {}),
    from: m.from,
    ...(m.replyTo ? { replyTo: m.replyTo } : {}),
    to: m.to,
    subject: m.subject,
  };
};

/**
 * What the planner will send on `date` (default: its next run) for the caller's tenant: the same
 * computation as the run, without writing. A later date assumes the runs before it happen; a date
 * that is not a business day shows nothing.
 */
export const previewCollections =
  (deps: PlannerReadDeps & { state: Pick<PlannerStateStore, 'get'> }) =>
  async (actor: Actor, date: PlainDate | undefined): Promise<{ date: PlainDate; businessDay: boolean; messages: PlannedMessageView[] }> => {
    requireAccess(actor, previewRequirement);
    const tenant = await deps.tenants.get(actor.tenantId);
    if (!tenant) throw notFound('tenant', actor.tenantId);
    const now = deps.clock.now();
    const today = localDate(now, tenant.timeZone);
    if (date && date < today) throw invalidFields('date in the past', [{ pointer: '/query/date', code: 'date_in_past', params: { today } }]);
    const [settings, state] = await Promise.all([deps.settings.get(tenant.id), deps.state.get(tenant.id)]);
    const next = nextRunDate(tenant, settings.businessDaysOnly, today, state?.plannedThrough);
    const day = date ?? next;
    const planned = await computeDay(deps)(tenant, day, markerBefore(tenant, settings.businessDaysOnly, day, next, state?.plannedThrough), now.toISOString());
    return { date: day, businessDay: planned !== undefined, messages: (planned?.messages ?? []).map(plannedView) };
  };

/**
 * "Send now": plans the invoice's next reminder today (due_soon, due_today or the next overdue step not
 * planned yet), under that step's own id, so the daily run finds it planned and the schedule moves on.
 */
export const sendReminderNow =
  (deps: PlannerDeps & { invoiceRecords: Pick<InvoiceRepository, 'get'>; clientRecords: Pick<ClientRepository, 'get'> }) =>
  async (actor: Actor, invoiceId: string): Promise<PlannedMessageView> => {
    requireAccess(actor, sendNowRequirement);
    const invoice = await deps.invoiceRecords.get(actor.tenantId, invoiceId);
    if (!invoice || invoice.tenantId !== actor.tenantId) throw notFound('invoice', invoiceId);
    try {
      assertVisible(actor, await deps.clientRecords.get(actor.tenantId, invoice.clientId), invoice.clientId);
    } catch (error) {
      // An invoice of a client outside the caller's scope is as absent as one of another tenant.
      if (error instanceof DomainError && error.code === 'not_found') throw notFound('invoice', invoiceId);
      throw error;
    }
    if (!isOpen(invoice)) throw invalidState('not_open', { status: invoice.status, invoiceId });
    const tenant = await deps.tenants.get(actor.tenantId);
    if (!tenant) throw notFound('tenant', actor.tenantId);
    const now = deps.clock.now();
    const today = localDate(now, tenant.timeZone);
    const [settings, books, notices] = await Promise.all([
      deps.settings.get(tenant.id),
      deps.clients.getMany(tenant.id, [invoice.clientId]),
      deps.notices.getMany(tenant.id, [invoice.clientId]),
    ]);
    const book = books.get(invoice.clientId);
    const collectorId = book?.client.collectorId;
    const collector = collectorId ? (await deps.collectors.getMany(tenant.id, [collectorId])).get(collectorId) : undefined;
    const emails = book ? [book.client.email, ...book.contacts.map((c) => c.email)].filter((e): e is string => !!e).map((e) => e.toLowerCase()) : [];
    const suppressed = emails.length ? await deps.suppression.suppressedAmong(tenant.id, emails) : new Set<string>();
    const client: PlanClient | undefined = book ? { ...book, notices: notices.get(invoice.clientId), collector } : undefined;
    const candidates = sendNowCandidates({
      tenant: planTenantOf(tenant),
      settings,
      calendar: { isBusinessDay: () => true },
      clients: new Map(client ? [[invoice.clientId, client]] : []),
      suppressed: new Set([...suppressed].map((e) => e.toLowerCase())),
      render: deps.render,
      defaultSender: deps.defaultSender,
      now: now.toISOString(),
      invoice: { ...invoice, total: invoice.totals.total },
      today,
    });
    const first = candidates[0];
    if (!first) throw invalidState('no_reminder_left', { invoiceId });
    if (first.status === 'skipped') throw invalidState('reminder_not_sendable', { invoiceId, skipReason: first.collection?.skipReason });
    for (const candidate of candidates) {
      if (candidate.status !== 'pending') break;
      if (await deps.messages.planOnce(candidate)) return plannedView(candidate);
      // That step was queued moments ago by another "send now" (a double click, two tabs): the client gets one
      // e-mail, not that one and the next step a second later.
      const earlier = await deps.messages.get(tenant.id, candidate.id);
      if (earlier && now.getTime() - Date.parse(earlier.createdAt) < SEND_NOW_REPEAT_MS) throw invalidState('reminder_just_queued', { invoiceId });
    }
    throw invalidState('no_reminder_left', { invoiceId });
  };
