import type { Client } from '../clients/client.schema.ts';
import type { Contact } from '../clients/contact.schema.ts';
import type { OutboundEmail } from '../messaging/outbound-email.schema.ts';
import { addDays, type PlainDate } from '../receivables/local-date.ts';
import type { Clock } from '../shared/ports.ts';
import type { Tenant } from '../workspace/tenant.schema.ts';
import { businessCalendar, onOrBefore } from './business-days.ts';
import type {
  ClientNoticeSettingsRepository,
  CollectionMessageStore,
  CollectionsSettingsRepository,
  NoticeCatalogRepository,
  RenderCollectionMessage,
  SuppressionList,
} from './ports.ts';
import type { ClientNoticeSettings } from './collections.schema.ts';
import { type Collector, type PlanClient, planDay, type PlanInvoice, type PlanTenant } from './plan-day.ts';
import type { CollectorDirectory, OpenInvoicesByDue, PlannerClients, PlannerState, PlannerStateStore } from './planner-ports.ts';
import { localInstant, nextRunAfter, runDay } from './run-time.ts';
import { scheduleTenantPlanning } from './schedule-tenant.ts';
import { dateRanges, dueDateReads, type PlanWindow, planWindow } from './schedule.ts';

export interface PlannerReadDeps {
  tenants: { get(tenantId: string): Promise<Tenant | undefined> };
  settings: CollectionsSettingsRepository;
  concepts: NoticeCatalogRepository;
  notices: ClientNoticeSettingsRepository;
  invoices: OpenInvoicesByDue;
  clients: PlannerClients;
  collectors: CollectorDirectory;
  suppression: SuppressionList;
  render: RenderCollectionMessage;
  /** Which of the day's invoices are escalated to the collection agency (their reminders stop); none when absent. */
  escalations?: { escalatedAmong(tenantId: string, invoiceIds: readonly string[]): Promise<ReadonlyMap<string, string>> } | undefined;
  clock: Clock;
  /** The platform's sender (config), the last resort of the sender rule. */
  defaultSender: string;
}

export interface PlannerDeps extends PlannerReadDeps {
  messages: CollectionMessageStore;
  state: PlannerStateStore;
}

/** How long a planner holds a tenant: well over a tenant's planning (seconds), so a crashed one is retaken soon. */
export const PLANNER_LEASE_MS = 5 * 60_000;
/** planOnce writes in flight at once for one tenant. */
const WRITE_CONCURRENCY = 16;

export const planTenantOf = (tenant: Tenant): PlanTenant => ({
  id: tenant.id,
  name: tenant.name,
  country: tenant.country,
  locale: tenant.locale,
  currency: tenant.currency,
  timeZone: tenant.timeZone,
  mailHour: tenant.mailHour,
  senderEmail: tenant.senderEmail,
});

/**
 * The messages of a run on `today` with the marker at `plannedThrough`, computed without writing (the
 * run writes them; the preview shows them). Reads: settings, the catalogue, the open-invoices index by
 * due-date ranges, the clients (BatchGet) with their contacts, their notice settings, their collectors,
 * and the suppression list (docs/data-model.md, "Collections planner").
 */
export const computeDay =
  (deps: PlannerReadDeps) =>
  async (
    tenant: Tenant,
    today: PlainDate,
    plannedThrough: PlainDate | undefined,
    now: string,
  ): Promise<{ window: PlanWindow; messages: OutboundEmail[] } | undefined> => {
    const settings = await deps.settings.get(tenant.id);
    const calendar = businessCalendar(tenant.country, settings.businessDaysOnly);
    const window = planWindow(calendar, today, plannedThrough);
    if (!window) return undefined;
    const concepts = await deps.concepts.list(tenant.id);
    const reads = dueDateReads(calendar, window, settings, concepts);
    const ranges = reads.through
      ? [{ from: '1900-01-01', to: reads.through }, ...dateRanges(reads.dates.filter((d) => d > reads.through!))]
      : dateRanges(reads.dates);
    const invoices = ranges.length ? uniqueById(await deps.invoices.dueIn(tenant.id, ranges)) : [];
    const clientIds = [...new Set(invoices.map((i) => i.clientId))].sort();
    const [books, notices] = clientIds.length
      ? await Promise.all([deps.clients.getMany(tenant.id, clientIds), deps.notices.getMany(tenant.id, clientIds)])
      : [new Map<string, { client: Client; contacts: Contact[] }>(), new Map<string, ClientNoticeSettings>()];
    const collectorIds = [...new Set([...books.values()].flatMap(({ client }) => (client.collectorId ? [client.collectorId] : [])))].sort();
    const collectors = collectorIds.length ? await deps.collectors.getMany(tenant.id, collectorIds) : new Map<string, Collector>();
    const emails = [...books.values()].flatMap(({ client, contacts }) => [client.email, ...contacts.map((c) => c.email)].filter((e): e is string => !!e));
    const suppressed = emails.length ? await deps.suppression.suppressedAmong(tenant.id, [...new Set(emails.map((e) => e.toLowerCase()))]) : new Set<string>();
    const escalated =
      invoices.length && deps.escalations
        ? await deps.escalations.escalatedAmong(
            tenant.id,
            invoices.map((i) => i.id),
          )
        : new Map();
    const clients = new Map<string, PlanClient>();
    for (const [id, { client, contacts }] of books) {
      clients.set(id, { client, contacts, notices: notices.get(id), collector: client.collectorId ? collectors.get(client.collectorId) : undefined });
    }
    const messages = planDay({
      tenant: planTenantOf(tenant),
      settings,
      concepts,
      calendar,
      window,
      invoices,
      clients,
      suppressed: new Set([...suppressed].map((e) => e.toLowerCase())),
      render: deps.render,
      defaultSender: deps.defaultSender,
      now,
      escalated: new Set(escalated.keys()),
    });
    return { window, messages };
  };

const uniqueById = (invoices: PlanInvoice[]) => [...new Map(invoices.map((i) => [i.id, i])).values()];

export type TenantPlanOutcome = 'planned' | 'not_business_day' | 'not_due' | 'busy' | 'not_scheduled' | 'no_tenant';

export interface TenantPlanReport {
  tenantId: string;
  outcome: TenantPlanOutcome;
  today?: PlainDate;
  /** Messages written by this run: pending ones, and skipped ones recorded with their reason. */
  pending: number;
  skipped: number;
  /** Messages another run had already written (same deterministic id): not written again. */
  alreadyPlanned: number;
}

/**
 * Plans one tenant's day, once: claims the tenant's marker (a conditional write: of two planners, one
 * goes on), writes each message with planOnce (so even a planner that lost its lease mid-way writes no
 * second message), then advances the marker to today and the next run to tomorrow's mail hour.
 */
export const planTenant =
  (deps: PlannerDeps) =>
  /** `explicit`: an operator asked for this tenant (npm run invoke with `{"plan": [...]}`): a tenant not yet scheduled is scheduled, and the run does not wait for `nextRunAt` (the mail hour must still have come). */
  async (tenantId: string, { explicit = false }: { explicit?: boolean } = {}): Promise<TenantPlanReport> => {
    const report = (outcome: TenantPlanOutcome, extra: Partial<TenantPlanReport> = {}): TenantPlanReport => ({
      tenantId,
      outcome,
      pending: 0,
      skipped: 0,
      alreadyPlanned: 0,
      ...extra,
    });
    const now = deps.clock.now();
    const at = now.toISOString();
    let state = await deps.state.get(tenantId);
    const tenant = await deps.tenants.get(tenantId);
    if (!tenant) return report('no_tenant');
    if (!state && explicit) state = await scheduleTenantPlanning(deps)(tenant);
    if (!state) return report('not_scheduled');
    if ((state.nextRunAt > at && !explicit) || (state.leaseUntil && state.leaseUntil > at)) return report('not_due');
    const { today, due } = runDay(now, tenant.timeZone, tenant.mailHour);
    if (!due) {
      // The mail hour moved later since the run was scheduled: wait for it.
      await deps.state.replace(
        { ...state, nextRunAt: localInstant(today, tenant.mailHour, tenant.timeZone).toISOString(), version: state.version + 1, updatedAt: at },
        state,
      );
      return report('not_due', { today });
    }
    const claimed: PlannerState = { ...state, leaseUntil: new Date(now.getTime() + PLANNER_LEASE_MS).toISOString(), version: state.version + 1, updatedAt: at };
    if (!(await deps.state.replace(claimed, state))) return report('busy', { today });
    const planned = state.plannedThrough !== undefined && state.plannedThrough >= today;
    // A suspended tenant's day passes without e-mail (its marker moves on, so reactivating it does not send the backlog).
    const suspended = tenant.status === 'suspended';
    const day = planned || suspended ? undefined : await computeDay(deps)(tenant, today, state.plannedThrough, at);
    let [pending, skipped, alreadyPlanned] = [0, 0, 0];
    for (let i = 0; i < (day?.messages.length ?? 0); i += WRITE_CONCURRENCY) {
      const batch = day!.messages.slice(i, i + WRITE_CONCURRENCY);
      const written = await Promise.all(batch.map((m) => deps.messages.planOnce(m)));
      batch.forEach((m, j) => {
        if (!written[j]) alreadyPlanned++;
        else if (m.status === 'skipped') skipped++;
        else pending++;
      });
    }
    const { leaseUntil: _lease, ...rest } = claimed;
    await deps.state.replace(
      {
        ...rest,
        // A non-business day leaves the marker: the next business day's window starts after the last one planned.
        plannedThrough: day || suspended ? today : state.plannedThrough,
        nextRunAt: nextRunAfter(today, tenant.timeZone, tenant.mailHour),
        version: claimed.version + 1,
        updatedAt: at,
      },
      claimed,
    );
    return report(day || suspended ? 'planned' : planned ? 'not_due' : 'not_business_day', { today, pending, skipped, alreadyPlanned });
  };

/** The date a preview shows by default: the next run's (today until it is planned, else the next business day). */
export function nextRunDate(tenant: Pick<Tenant, 'country'>, businessDaysOnly: boolean, today: PlainDate, plannedThrough: PlainDate | undefined): PlainDate {
  const calendar = businessCalendar(tenant.country, businessDaysOnly);
  let day = plannedThrough && plannedThrough >= today ? addDays(today, 1) : today;
  while (!calendar.isBusinessDay(day)) day = addDays(day, 1);
  return day;
}

/** The marker a run on `date` will find: the real one for the next run, else the business day before (the runs between will have planned). */
export function markerBefore(
  tenant: Pick<Tenant, 'country'>,
  businessDaysOnly: boolean,
  date: PlainDate,
  nextRun: PlainDate,
  plannedThrough: PlainDate | undefined,
): PlainDate | undefined {
  if (date === nextRun) return plannedThrough;
  // An earlier date (already planned) is shown as its own day alone.
  if (date < nextRun) return addDays(date, -1);
  return onOrBefore(businessCalendar(tenant.country, businessDaysOnly), addDays(date, -1));
}

export { scheduleTenantPlanning };
