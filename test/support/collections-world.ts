import { Agent } from 'node:http';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ulid } from 'ulid';
import type { ScheduledEvent } from 'aws-lambda';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import type { CollectionsSettings } from '../../domain/collections/collections.schema.ts';
import type { TenantPlanReport } from '../../domain/collections/plan-tenant.use-case.ts';
import { scheduleTenantPlanning } from '../../domain/collections/schedule-tenant.ts';
import { createNoticeConcept, putClientNoticeSettings, putCollectionsSettings } from '../../domain/collections/settings.use-cases.ts';
import type { OutboundEmail } from '../../domain/messaging/outbound-email.schema.ts';
import { listSendLog } from '../../domain/messaging/send-log.ts';
import { NewInvoice } from '../../domain/receivables/invoice.ts';
import { createInvoice } from '../../domain/receivables/invoice.use-cases.ts';
import { localDate, type PlainDate } from '../../domain/receivables/local-date.ts';
import { NewPayment } from '../../domain/receivables/payment.ts';
import { recordClientPayment } from '../../domain/receivables/payment.use-cases.ts';
import { type Actor, Permission } from '../../domain/shared/actor.ts';
import { type Country, defaultCurrency } from '../../domain/workspace/tenant.schema.ts';
import { dynamoCollectionRecheck } from '../../functions/adapters/dynamodb/collection-recheck.ts';
import { dynamoSendLogRepository } from '../../functions/adapters/dynamodb/send-log.repository.ts';
import { sesMailer } from '../../functions/adapters/ses/ses-mailer.ts';
import { createCollectionsPlanner } from '../../functions/schedule/collections-planner.ts';
import { createOutboxDispatcher } from '../../functions/schedule/outbox-dispatcher.ts';
import { createReceiptPlanner } from '../../functions/schedule/receipt-planner.ts';
import { collectionsRepositories } from '../../functions/wiring/collections.ts';
import { plannerDependencies } from '../../functions/wiring/collections-planner.ts';
import { receiptPlannerDependencies } from '../../functions/wiring/receipts.ts';
import { FakeClock } from '../domain/fakes.ts';
import { ownTable } from './own-table.ts';
import type { StoredEmail } from './ses-inbox.ts';

/**
 * A collections world on the emulators for calendar tests: a table of its own on DynamoDB Local, one fake
 * clock that every part reads (the planner as the schedule invokes it, its workers, the receipt planner, the
 * outbox dispatcher sending to the SES emulator), and a record of when each e-mail reached the SES store,
 * by that clock. Its tenants, clients and invoices are made through the domain's use cases at the clock's
 * instant, as the API would make them.
 */

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;
const noMetrics = { addMetric: () => undefined, publishStoredMetrics: () => undefined } as never;

/** An e-mail as the SES emulator stored it, with the clock's instant of the dispatcher run that sent it. */
export interface Arrival {
  email: StoredEmail;
  at: string;
}

/** A planner worker's report of a tenant it planned, with the clock's instant. */
export interface PlanRecord extends TenantPlanReport {
  at: string;
}

/** `HH:MM` of an instant on a zone's wall clock. */
export const localTime = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
export const localDay = (iso: string, timeZone: string): PlainDate => localDate(new Date(iso), timeZone);

/** Plain dates from `from` to `to`, inclusive. */
export function days(from: PlainDate, to: PlainDate): PlainDate[] {
  const out: PlainDate[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export async function collectionsWorld(start: string) {
  const deps = await ownTable();
  const clock = new FakeClock(start);
  const at = { ...deps, clock };
  const repositories = collectionsRepositories(deps);
  const planned: PlanRecord[] = [];
  const arrivals: Arrival[] = [];
  const recipients = new Set<string>();
  const seen = new Set<string>();
  const since = Math.floor(Date.now() / 1000) - 5;

  // The planner as deployed: a tick hands due tenants to workers, each an invocation of this same function with `{ tenantIds }`.
  const plannerDeps = plannerDependencies(at);
  const planner: ReturnType<typeof createCollectionsPlanner> = createCollectionsPlanner(
    {
      ...plannerDeps,
      fanOut: {
        plan: async (tenantIds) => {
          const { tenants } = (await planner({ tenantIds: [...tenantIds] })) as { tenants: TenantPlanReport[] };
          planned.push(...tenants.map((r) => ({ ...r, at: clock.now().toISOString() })));
        },
      },
    },
    quiet,
    noMetrics,
  );
  // The SES emulator through a client of the world's own: a long deadline, as on a busy machine the emulator
  // has taken over 10 s to answer, and a new connection per send, as a send on a kept-alive socket the
  // emulator had just closed (it drops idle ones after 5 s) came back "socket hang up", which the mailer
  // rightly records as `unknown` (at most once). Calendar tests are not send-timeout tests (outbox-dispatcher.test.ts is).
  const ses = new SESv2Client({
    region: deps.config.region,
    endpoint: deps.config.sesEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: false }), connectionTimeout: 10_000, requestTimeout: 60_000 }),
  });
  // Faults a test injects: each send takes the next one (thrown by the SDK client before the request leaves, as SES's refusal would be), then sends for real.
  const sesFaults: Error[] = [];
  ses.middlewareStack.add(
    (next) => async (args) => {
      const fault = sesFaults.shift();
      if (fault) throw fault;
      return next(args);
    },
    { step: 'initialize', name: 'injectedSesFault' },
  );
  const mailer = sesMailer(ses, { timeoutMs: 60_000 });
  const dispatcher = createOutboxDispatcher(
    { outbox: deps.outbox, mailer, clock, recheck: dynamoCollectionRecheck(deps.document, deps.config.tableName) },
    quiet,
    noMetrics,
  );
  const receipts = createReceiptPlanner(receiptPlannerDependencies(at), quiet);
  const scheduled = () => ({ time: clock.now().toISOString() }) as ScheduledEvent;

  /** The e-mails to this world's recipients that reached the SES store since the last look, stamped with the clock. */
  async function collectArrivals() {
    const response = await fetch(`${deps.config.sesEndpoint}/store?since=${since}`);
    const { emails } = (await response.json()) as { emails: StoredEmail[] };
    for (const email of emails) {
      if (seen.has(email.messageId) || !email.destination.to.some((to) => recipients.has(to))) continue;
      seen.add(email.messageId);
      arrivals.push({ email, at: clock.now().toISOString() });
    }
  }

  const timing = { tick: 0, ticks: 0, dispatch: 0, dispatches: 0, store: 0 };
  async function dispatch() {
    let t0 = Date.now();
    const report = await dispatcher(scheduled());
    timing.dispatch += Date.now() - t0;
    timing.dispatches++;
    t0 = Date.now();
    if (report.sent) await collectArrivals();
    timing.store += Date.now() - t0;
    return report;
  }

  return {
    deps,
    clock,
    planned,
    arrivals,

    /** A tenant in a zone and country with a level-1 admin, on the planner's schedule from the clock's instant. */
    async tenant(input: { timeZone: string; country: Country; mailHour?: number; locale?: 'es' | 'en' }) {
      const tenantId = `t-${ulid().toLowerCase()}`;
      const now = clock.now().toISOString();
      const mailHour = input.mailHour ?? 9;
      await deps.tenants.createIfAbsent({
        id: tenantId,
        name: `Comercial ${tenantId.slice(-6)}`,
        country: input.country,
        currency: defaultCurrency[input.country],
        timeZone: input.timeZone,
        locale: input.locale ?? 'es',
        mailHour,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      const actor: Actor = { tenantId, userId: `admin-${tenantId}`, accessLevel: 1, permissions: [...Permission.options] };
      await deps.users.create({
        tenantId,
        id: actor.userId,
        email: `admin@${tenantId}.test`,
        accessLevel: 1,
        permissions: [...Permission.options],
        name: 'Admin',
        status: 'active',
        version: 1,
        createdAt: now,
        updatedAt: now,
        createdBy: 'test',
        updatedBy: 'test',
      });
      await scheduleTenantPlanning(plannerDeps)({ id: tenantId, timeZone: input.timeZone, mailHour });
      return actor;
    },

    /** Saves the tenant's collections settings (as PUT /v1/collections/settings does). */
    async settings(actor: Actor, input: Omit<CollectionsSettings, 'version' | 'updatedAt'>) {
      const current = await repositories.settings.get(actor.tenantId);
      return putCollectionsSettings({ settings: repositories.settings, clock })(actor, input, current.version);
    },

    /** Adds a concept to the tenant's notice catalogue (as POST /v1/collections/notice-concepts does). */
    async concept(actor: Actor, input: { description: string; days: number; relation: 'before' | 'after' }) {
      return createNoticeConcept({ catalogue: repositories.catalogue, clock, ids: deps.ids })(actor, input);
    },

    /** Turns a client's notices off (PUT /v1/clients/{id}/notice-settings): only its reminders go out. */
    async noticesOff(actor: Actor, clientId: string) {
      const input = { enabled: false, toContacts: false, beforeConceptIds: [], afterConceptIds: [] };
      return putClientNoticeSettings({ clientNotices: repositories.clientNotices, catalogue: repositories.catalogue, clients: deps.clients, clock })(
        actor,
        clientId,
        input,
        'any',
      );
    },

    async client(actor: Actor, name: string, email: string, extra: { collectionsEnabled?: boolean } = {}) {
      recipients.add(email.toLowerCase());
      return createClient(at)(actor, NewClient.parse({ personType: 'other', name, email, ...extra }));
    },

    async invoice(actor: Actor, clientId: string, dueDate: PlainDate, amount = 1000) {
      const input = {
        clientId,
        status: 'issued',
        issueDate: '2026-01-02',
        dueDate,
        lines: [{ description: 'Cemento', quantity: '1', unitPrice: String(amount), taxRate: '0' }],
      };
      return createInvoice(at)(actor, NewInvoice.parse(input));
    },

    /** A payment recorded at the clock's instant (as POST /v1/payments records it), oldest invoice first. */
    async payment(actor: Actor, clientId: string, amount: number) {
      return recordClientPayment(at)(actor, NewPayment.parse({ clientId, amount, method: 'transfer' }));
    },

    /** A payment, then the receipt planner's and the dispatcher's next runs. */
    async pay(actor: Actor, clientId: string, amount: number) {
      const applied = await recordClientPayment(at)(actor, NewPayment.parse({ clientId, amount, method: 'transfer' }));
      await receipts(scheduled());
      await dispatch();
      return applied;
    },

    planReceipts: () => receipts(scheduled()),

    /** One schedule tick at `instant`: the planner, then (unless told not to) the dispatcher when a worker wrote a message. */
    async tick(instant: string, { dispatchAfter = true } = {}) {
      clock.set(instant);
      const before = planned.length;
      const t0 = Date.now();
      await planner(scheduled());
      timing.tick += Date.now() - t0;
      timing.ticks++;
      if (dispatchAfter && planned.slice(before).some((r) => r.pending > 0)) await dispatch();
    },

    dispatch,
    timing,
    sesFaults,

    /** The tenant's send log as GET /v1/collections/messages lists it (every page). */
    async sendLog(actor: Actor): Promise<OutboundEmail[]> {
      const list = listSendLog({ sendLog: dynamoSendLogRepository(deps.data), clients: deps.clients });
      const items: OutboundEmail[] = [];
      let cursor: string | undefined;
      do {
        const page = await list(actor, {}, { limit: 100, ...(cursor ? { cursor } : {}) });
        items.push(...page.items);
        cursor = page.cursor;
      } while (cursor);
      return items;
    },
  };
}

export type CollectionsWorld = Awaited<ReturnType<typeof collectionsWorld>>;
