import type { OutboundEmail } from '../messaging/outbound-email.schema.ts';
import { addDays, type PlainDate } from '../receivables/local-date.ts';
import type { MoneySource } from '../receivables/payment.ts';
import type { Currency } from '../workspace/tenant.schema.ts';
import type { BusinessCalendar } from './business-days.ts';
import type { CollectionsSettings, SkipReason } from './collections.schema.ts';
import { collectionMessageId } from './message-id.ts';
import { type Collector, localeOf, messageInvoice, type PlanClient, type PlanInvoice, type PlanTenant, recipientsOf, senderOf } from './plan-day.ts';
import type { RenderCollectionMessage } from './ports.ts';
import { planDay } from './plan-day.ts';
import { sendDayOf } from './schedule.ts';

/**
 * Messages not planned by the daily run: the payment receipt (sent when a payment is applied) and a
 * person's "send now" of an invoice's next reminder.
 */

export interface ReceiptInput {
  tenant: PlanTenant;
  settings: CollectionsSettings;
  /** The payment as recorded, and the invoices it was applied to (after applying). */
  payment: Pick<MoneySource, 'id' | 'clientId' | 'amount' | 'currency' | 'date' | 'reference' | 'kind'>;
  invoices: readonly PlanInvoice[];
  client: PlanClient | undefined;
  suppressed: ReadonlySet<string>;
  render: RenderCollectionMessage;
  defaultSender: string;
  today: PlainDate;
  now: string;
}

/**
 * The receipt of a payment (`payment_received`, keyed by the payment id), or undefined when the tenant
 * turned receipts off or the source is a credit note. Its recipients are the client's `payments` routing
 * (billing contacts by default); like every collection message it is skipped while the client's
 * collections are off. The payment use case writes it in the payment's own transaction (outbox pattern,
 * decision "Payment receipts"): a payment recorded is a receipt queued, a redo writes neither twice.
 */
export function planPaymentReceipt(input: ReceiptInput): OutboundEmail | undefined {
  if (!input.settings.reminders.payment_received.enabled || input.payment.kind !== 'payment') return undefined;
  const { tenant, client, payment } = input;
  const recipients = recipientsOf(client, 'payment_received', input.suppressed);
  const skipReason: SkipReason | undefined = !client
    ? 'client_inactive'
    : client.client.status !== 'active'
      ? 'client_inactive'
      : !client.client.collectionsEnabled
        ? 'collections_off'
        : !recipients.all.length
          ? 'no_recipient'
          : !recipients.sendable.length
            ? 'suppressed'
            : undefined;
  const rendered = input.render(
    'payment_received',
    {
      lang: tenant.locale,
      locale: localeOf(tenant),
      tenantName: tenant.name,
      clientName: client?.client.displayName ?? '',
      ...(client?.collector ? { collectorName: client.collector.name } : {}),
      invoices: input.invoices.map((i) => messageInvoice(i, input.today)),
      payment: {
        amount: payment.amount,
        currency: payment.currency as Currency,
        date: payment.date,
        ...(payment.reference ? { reference: payment.reference } : {}),
      },
      date: input.today,
    },
    input.settings.reminders.payment_received.template,
  );
  const collectorId = client?.client.collectorId;
  return {
    id: collectionMessageId({ tenantId: tenant.id, subject: { kind: 'client', id: payment.clientId }, what: 'payment_received', step: payment.id }),
    tenantId: tenant.id,
    kind: 'collections.payment_received',
    ...senderOf(tenant, client?.collector as Collector | undefined, input.defaultSender),
    to: skipReason === undefined ? recipients.sendable : recipients.all,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    collection: {
      type: 'payment_received',
      clientId: payment.clientId,
      invoiceIds: input.invoices.map((i) => i.id).slice(0, 200),
      step: payment.id,
      plannedFor: input.today,
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

/** How far ahead "send now" looks for an invoice's next reminder. */
const SEND_NOW_HORIZON_DAYS = 400;

/**
 * "Send now": the invoice's reminders (due_soon, due_today, the overdue ladder) from today on, in the
 * order the schedule would send them, each planned as if its day were today. The caller writes them one
 * by one with planOnce and stops at the first that lands: it has the step's own deterministic id, so the
 * daily run, reaching that step later, finds it planned and does not send it again (the schedule moved on).
 */
export function sendNowCandidates(
  input: Omit<Parameters<typeof planDay>[0], 'window' | 'invoices' | 'concepts'> & { invoice: PlanInvoice; today: PlainDate },
): OutboundEmail[] {
  const { invoice, today, settings } = input;
  const calendar: BusinessCalendar = { isBusinessDay: () => true };
  const { due_soon, due_today, overdue } = settings.reminders;
  const steps: Array<{ day: PlainDate; settings: CollectionsSettings }> = [];
  const only = (type: 'due_soon' | 'due_today' | 'overdue'): CollectionsSettings => ({
    ...settings,
    reminders: {
      ...settings.reminders,
      due_soon: { ...due_soon, enabled: type === 'due_soon' && due_soon.enabled },
      due_today: { ...due_today, enabled: type === 'due_today' && due_today.enabled },
      overdue: { ...overdue, enabled: type === 'overdue' && overdue.enabled },
      statement: { ...settings.reminders.statement, enabled: false },
    },
  });
  if (due_soon.enabled) steps.push({ day: addDays(invoice.dueDate, -due_soon.daysBefore), settings: only('due_soon') });
  if (due_today.enabled) steps.push({ day: invoice.dueDate, settings: only('due_today') });
  if (overdue.enabled) {
    for (let k = 0; k < overdue.maxTimes; k++)
      steps.push({ day: addDays(invoice.dueDate, overdue.daysAfter + k * overdue.everyDays), settings: only('overdue') });
  }
  const upcoming = steps
    .filter((s) => sendDayOf(calendar, s.day, 'after') >= today && s.day <= addDays(today, SEND_NOW_HORIZON_DAYS))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  return upcoming.flatMap(({ day, settings: one }) =>
    // The step's own day gives its key; the text, holds and plannedFor speak as of today.
    planDay({ ...input, settings: one, concepts: [], calendar, window: { today: day, first: day }, invoices: [invoice], asOf: today }).map((m) => ({
      ...m,
      collection: { ...m.collection!, plannedFor: today },
    })),
  );
}
