import type { Client } from '../clients/client.schema.ts';
import type { Contact, MessageKind } from '../clients/contact.schema.ts';
import { routeMessage } from '../clients/contact.use-cases.ts';
import type { OutboundEmail } from '../messaging/outbound-email.schema.ts';
import { type Invoice, isOpen, remindersHeld } from '../receivables/invoice.ts';
import { daysBetween, type PlainDate } from '../receivables/local-date.ts';
import type { Country, Currency } from '../workspace/tenant.schema.ts';
import type { BusinessCalendar } from './business-days.ts';
import type { ClientNoticeSettings, CollectionMessageType, CollectionsSettings, NoticeConcept, SkipReason, Template } from './collections.schema.ts';
import { collectionMessageId } from './message-id.ts';
import type { MessageInvoice, RenderCollectionMessage } from './ports.ts';
import { invoiceSteps, type PlanWindow, statementPeriods, statementSoonDays } from './schedule.ts';

/** What planning needs of the tenant. */
export interface PlanTenant {
  id: string;
  name: string;
  country: Country;
  locale: 'es' | 'en';
  currency: Currency;
  timeZone: string;
  mailHour: number;
  senderEmail?: string | undefined;
}

/** A client's collector as the sender rule needs it (a user of the tenant). */
export interface Collector {
  id: string;
  name: string;
  email: string;
  /** The mailbox collection e-mails go out from, and whether SES verified it. */
  mailbox?: string | undefined;
  mailboxVerified: boolean;
}

/** An open invoice as the open-invoices index gives it (the header; lines are not read). */
export type PlanInvoice = Pick<Invoice, 'id' | 'clientId' | 'number' | 'issueDate' | 'dueDate' | 'currency' | 'balance' | 'status' | 'hold'> & {
  total: number;
};

/** A client with what its messages need. */
export interface PlanClient {
  client: Client;
  contacts: Contact[];
  notices?: ClientNoticeSettings | undefined;
  collector?: Collector | undefined;
}

export interface DayPlanInput {
  tenant: PlanTenant;
  settings: CollectionsSettings;
  concepts: readonly NoticeConcept[];
  calendar: BusinessCalendar;
  window: PlanWindow;
  /** The open invoices the window's reads returned (schedule.ts `dueDateReads`), in any order. */
  invoices: readonly PlanInvoice[];
  clients: ReadonlyMap<string, PlanClient>;
  /** Suppressed addresses among the clients' and contacts' (lower-cased). */
  suppressed: ReadonlySet<string>;
  render: RenderCollectionMessage;
  /** The platform's sender, when neither the collector's mailbox nor the tenant's sender exists. */
  defaultSender: string;
  /** The run's instant (ISO): due time and creation time of the messages. */
  now: string;
  /** The date the messages speak as of (holds, days overdue, the date shown): the window's today unless "send now" plans a later step today. */
  asOf?: PlainDate | undefined;
  /** Invoices escalated to the collection agency: the agency collects them, our reminders and notices stop (skipped as `escalated`). */
  escalated?: ReadonlySet<string> | undefined;
}

/** One message before its content: what it is about and when. */
interface Draft {
  type: CollectionMessageType;
  conceptId?: string | undefined;
  clientId: string;
  subject: { kind: 'invoice' | 'client'; id: string };
  what: string;
  step: string;
  invoices: PlanInvoice[];
  sendDay: PlainDate;
  /** A step of a missed day that may no longer be sent (catch-up rule). */
  late: boolean;
}

/**
 * The messages of one run (decision "Collections planning days"): each invoice step and statement
 * whose send day is in the window, pending or skipped with its reason. Pure and order-independent: the
 * same inputs in any order give the same messages (ids sorted).
 */
export function planDay(input: DayPlanInput): OutboundEmail[] {
  const drafts = [...invoiceDrafts(input), ...statementDrafts(input)];
  return latestOfSeries(drafts)
    .map(({ draft, superseded }) => toMessage(input, draft, superseded ? 'late' : undefined))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function invoiceDrafts({ calendar, window, settings, concepts, invoices, clients }: DayPlanInput): Draft[] {
  const byDue = new Map<PlainDate, PlanInvoice[]>();
  for (const invoice of invoices) byDue.set(invoice.dueDate, [...(byDue.get(invoice.dueDate) ?? []), invoice]);
  const drafts: Draft[] = [];
  for (const step of invoiceSteps(calendar, window, settings, concepts)) {
    for (const invoice of byDue.get(step.dueDate) ?? []) {
      if (step.conceptId && !conceptApplies(clients.get(invoice.clientId)?.notices, step.conceptId, step.direction)) continue;
      const missed = step.sendDay < window.today;
      drafts.push({
        type: step.conceptId ? 'notice' : (step.what as CollectionMessageType),
        conceptId: step.conceptId,
        clientId: invoice.clientId,
        subject: { kind: 'invoice', id: invoice.id },
        what: step.what,
        step: step.step,
        invoices: [invoice],
        sendDay: step.sendDay,
        // Catch-up: a message meant for before the due date is not sent once the due date has passed.
        late: missed && step.direction === 'before' && invoice.dueDate < window.today,
      });
    }
  }
  return drafts;
}

/** Whether a client receives a concept's notices: notices on, and the concept among its chosen ones. */
function conceptApplies(notices: ClientNoticeSettings | undefined, conceptId: string, direction: 'before' | 'after'): boolean {
  if (!notices?.enabled) return false;
  return (direction === 'before' ? notices.beforeConceptIds : notices.afterConceptIds).includes(conceptId);
}

/** One statement per client with due-soon or overdue invoices (held and paid ones left out of the list). */
function statementDrafts({ calendar, window, settings, invoices }: DayPlanInput): Draft[] {
  const periods = statementPeriods(calendar, window, settings.reminders.statement);
  if (!periods.length) return [];
  const soonDays = statementSoonDays(settings);
  const listed = invoices.filter((i) => daysBetween(window.today, i.dueDate) <= soonDays);
  const byClient = new Map<string, PlanInvoice[]>();
  for (const invoice of listed) byClient.set(invoice.clientId, [...(byClient.get(invoice.clientId) ?? []), invoice]);
  return periods.flatMap(({ period, sendDay }) =>
    [...byClient].map(([clientId, list]) => ({
      type: 'statement' as const,
      clientId,
      subject: { kind: 'client' as const, id: clientId },
      what: 'statement',
      step: period,
      invoices: [...list].sort((a, b) => (a.dueDate === b.dueDate ? (a.id < b.id ? -1 : 1) : a.dueDate < b.dueDate ? -1 : 1)),
      sendDay,
      late: false,
    })),
  );
}

/**
 * Overdue repetitions and statements are series: when a run catches up several steps of one series
 * (missed runs, or everyDays shorter than the catch-up), only the latest goes out; the earlier ones are
 * recorded as skipped `late`, so the client gets one e-mail and the log shows every step.
 */
function latestOfSeries(drafts: Draft[]): Array<{ draft: Draft; superseded: boolean }> {
  const series = (d: Draft) => `${d.subject.kind}\u0000${d.subject.id}\u0000${d.what}`;
  const order = (d: Draft) => (d.type === 'overdue' ? Number(d.step) : 0);
  const latest = new Map<string, Draft>();
  for (const d of drafts) {
    if (d.type !== 'overdue' && d.type !== 'statement') continue;
    const current = latest.get(series(d));
    if (!current || order(d) > order(current) || (order(d) === order(current) && d.step > current.step)) latest.set(series(d), d);
  }
  return drafts.map((draft) => {
    const top = latest.get(series(draft));
    return { draft, superseded: top !== undefined && top !== draft };
  });
}

/** Which routing a type uses (contact.schema.ts MessageKind): notices their own, receipts the payments one. */
const routingKind = (type: CollectionMessageType): MessageKind => (type === 'notice' ? 'notices' : type === 'payment_received' ? 'payments' : 'reminders');

/** Why a message is not sent, checked in this order; undefined when it goes out. */
function skipReasonOf(
  input: Pick<DayPlanInput, 'window' | 'clients' | 'asOf' | 'escalated'>,
  draft: Draft,
  forcedReason: SkipReason | undefined,
  recipients: Recipients,
): SkipReason | undefined {
  if (draft.subject.kind === 'invoice' && draft.invoices.every((i) => i.balance <= 0 || !isOpen(i))) return 'paid';
  const planClient = input.clients.get(draft.clientId);
  if (planClient?.client.status !== 'active') return 'client_inactive';
  if (!planClient.client.collectionsEnabled) return 'collections_off';
  if (draft.invoices.every((i) => remindersHeld(i, input.asOf ?? input.window.today))) return 'on_hold';
  if (draft.invoices.every((i) => input.escalated?.has(i.id) || remindersHeld(i, input.asOf ?? input.window.today))) return 'escalated';
  if (forcedReason) return forcedReason;
  if (draft.late) return 'late';
  if (!recipients.all.length) return 'no_recipient';
  if (!recipients.sendable.length) return 'suppressed';
  return undefined;
}

interface Recipients {
  all: string[];
  sendable: string[];
}

/** The routing's addresses (contacts only when the client's notice settings say "to contacts too"), less the suppressed. */
export function recipientsOf(planClient: PlanClient | undefined, type: CollectionMessageType, suppressed: ReadonlySet<string>): Recipients {
  if (!planClient) return { all: [], sendable: [] };
  const contacts = type === 'notice' && !planClient.notices?.toContacts ? [] : planClient.contacts;
  // The collections switch is checked (and reported) by skipReasonOf; routing here only lists addresses.
  const client = { ...planClient.client, status: 'active' as const, collectionsEnabled: true };
  const all = routeMessage(client, contacts, routingKind(type)).recipients.map((r) => r.email);
  return { all, sendable: all.filter((e) => !suppressed.has(e.toLowerCase())) };
}

/** The sender rule: the collector's verified mailbox; else the tenant's sender (the platform's if none) with Reply-To the collector. */
export function senderOf(tenant: Pick<PlanTenant, 'senderEmail'>, collector: Collector | undefined, defaultSender: string): { from: string; replyTo?: string } {
  if (collector?.mailbox && collector.mailboxVerified) return { from: collector.mailbox };
  const replyTo = collector ? (collector.mailbox ?? collector.email) : undefined;
  return { from: tenant.senderEmail ?? defaultSender, ...(replyTo ? { replyTo } : {}) };
}

export const messageInvoice = (invoice: PlanInvoice, today: PlainDate): MessageInvoice => ({
  id: invoice.id,
  number: invoice.number ?? '',
  issueDate: invoice.issueDate,
  dueDate: invoice.dueDate,
  total: invoice.total,
  balance: invoice.balance,
  // Invoices may be in a foreign currency the tenant's list lacks; the renderer formats any ISO code.
  currency: invoice.currency as Currency,
  daysOverdue: daysBetween(invoice.dueDate, today),
});

export const localeOf = (tenant: Pick<PlanTenant, 'locale' | 'country'>) => (tenant.country === 'other' ? tenant.locale : `${tenant.locale}-${tenant.country}`);

function templateOf(settings: CollectionsSettings, draft: Draft, notices: ClientNoticeSettings | undefined): Template | undefined {
  if (draft.type === 'notice') return notices?.template;
  return settings.reminders[draft.type].template;
}

function toMessage(input: DayPlanInput, draft: Draft, forcedReason: SkipReason | undefined): OutboundEmail {
  const { tenant, clients, settings } = input;
  const asOf = input.asOf ?? input.window.today;
  const planClient = clients.get(draft.clientId);
  const recipients = recipientsOf(planClient, draft.type, input.suppressed);
  const skipReason = skipReasonOf(input, draft, forcedReason, recipients);
  const listed = draft.type === 'statement' ? draft.invoices.filter((i) => !remindersHeld(i, asOf) && !input.escalated?.has(i.id)) : draft.invoices;
  const rendered = input.render(
    draft.type,
    {
      lang: tenant.locale,
      locale: localeOf(tenant),
      tenantName: tenant.name,
      clientName: planClient?.client.displayName ?? '',
      ...(planClient?.collector ? { collectorName: planClient.collector.name } : {}),
      invoices: listed.map((i) => messageInvoice(i, asOf)),
      date: asOf,
    },
    templateOf(settings, draft, planClient?.notices),
  );
  const collectorId = planClient?.client.collectorId;
  return {
    id: collectionMessageId({ tenantId: tenant.id, subject: draft.subject, what: draft.what, step: draft.step }),
    tenantId: tenant.id,
    kind: `collections.${draft.type}`,
    ...senderOf(tenant, planClient?.collector, input.defaultSender),
    // A skipped message keeps the addresses it would have gone to (the send log shows them); none when there were none.
    to: skipReason === undefined ? recipients.sendable : recipients.all,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    collection: {
      type: draft.type,
      ...(draft.conceptId ? { conceptId: draft.conceptId } : {}),
      clientId: draft.clientId,
      invoiceIds: listed.map((i) => i.id).slice(0, 200),
      step: draft.step,
      plannedFor: draft.sendDay,
      ...(collectorId ? { collectorId } : {}),
      ...(skipReason ? { skipReason } : {}),
    },
    status: skipReason ? 'skipped' : 'pending',
    attempts: 0,
    dueAt: input.now,
    version: 1,
    createdAt: input.now,
  };
}
