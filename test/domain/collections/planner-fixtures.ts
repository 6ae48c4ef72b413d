import type { Client } from '../../../domain/clients/client.schema.ts';
import type { Contact } from '../../../domain/clients/contact.schema.ts';
import { businessCalendar } from '../../../domain/collections/business-days.ts';
import type { ClientNoticeSettings, CollectionsSettings, NoticeConcept } from '../../../domain/collections/collections.schema.ts';
import type { DayPlanInput, PlanClient, PlanInvoice, PlanTenant } from '../../../domain/collections/plan-day.ts';
import type { RenderCollectionMessage } from '../../../domain/collections/ports.ts';
import { planWindow } from '../../../domain/collections/schedule.ts';

export const NOW = '2026-12-01T12:00:00.000Z';

export const tenant = (overrides: Partial<PlanTenant> = {}): PlanTenant => ({
  id: 'ten',
  name: 'Demo SpA',
  country: 'CL',
  locale: 'es',
  currency: 'CLP',
  timeZone: 'America/Santiago',
  mailHour: 9,
  senderEmail: 'cobranza@demo.cl',
  ...overrides,
});

/** Every reminder on: due_soon 3 days before, overdue 1 day after then every 7 days, 3 times; statement off. */
export const settings = (overrides: Partial<CollectionsSettings['reminders']> = {}, businessDaysOnly = true): CollectionsSettings => ({
  reminders: {
    due_soon: { enabled: true, daysBefore: 3 },
    due_today: { enabled: true },
    overdue: { enabled: true, daysAfter: 1, everyDays: 7, maxTimes: 3 },
    statement: { enabled: false, frequency: 'weekly', weekday: 1 },
    payment_received: { enabled: true },
    ...overrides,
  },
  businessDaysOnly,
  version: 0,
});

export const concepts: NoticeConcept[] = [
  { id: 'c7before', description: '7 días antes', days: 7, relation: 'before', version: 1, createdAt: NOW, updatedAt: NOW },
  { id: 'c7after', description: '7 días después', days: 7, relation: 'after', version: 1, createdAt: NOW, updatedAt: NOW },
];

export const aClient = (id: string, overrides: Partial<Client> = {}): Client =>
  ({
    id,
    tenantId: 'ten',
    personType: 'company',
    displayName: `Cliente ${id}`,
    email: `${id}@client.cl`,
    notifyEmails: [],
    collectionsEnabled: true,
    status: 'active',
    ...overrides,
  }) as Client;

export const aContact = (clientId: string, id: string, receives: Contact['receives'] = ['reminders', 'notices']): Contact => ({
  id,
  tenantId: 'ten',
  clientId,
  type: 'collections',
  name: `Contacto ${id}`,
  email: `${id}@contact.cl`,
  receives,
  version: 1,
  createdAt: NOW,
  updatedAt: NOW,
});

export const noticesOf = (clientId: string, overrides: Partial<ClientNoticeSettings> = {}): ClientNoticeSettings => ({
  clientId,
  enabled: true,
  toContacts: true,
  beforeConceptIds: ['c7before'],
  afterConceptIds: ['c7after'],
  version: 1,
  updatedAt: NOW,
  ...overrides,
});

export const planClient = (id: string, overrides: Partial<PlanClient> = {}, client: Partial<Client> = {}): PlanClient => ({
  client: aClient(id, client),
  contacts: [],
  notices: noticesOf(id),
  ...overrides,
});

export const anInvoice = (id: string, dueDate: string, overrides: Partial<PlanInvoice> = {}): PlanInvoice => ({
  id,
  clientId: 'cli',
  number: `F-${id}`,
  issueDate: '2026-10-01',
  dueDate,
  currency: 'CLP',
  total: 100_000,
  balance: 100_000,
  status: 'issued',
  ...overrides,
});

/** A renderer standing in for the settings helper's: the type and invoice numbers, enough to assert on. */
export const render: RenderCollectionMessage = (type, context) => ({
  subject: `${type} ${context.invoices.map((i) => i.number).join(',')}`,
  text: `${context.clientName} ${context.date} ${context.invoices.map((i) => `${i.number}:${i.daysOverdue}`).join(' ')}`,
  html: `<p>${type}</p>`,
});

/** The input of a run on `today` (planned through the day before unless said). */
export function dayInput(
  today: string,
  invoices: PlanInvoice[],
  options: { plannedThrough?: string | null; settings?: CollectionsSettings; clients?: PlanClient[]; suppressed?: string[]; t?: PlanTenant } = {},
): DayPlanInput | undefined {
  const s = options.settings ?? settings();
  const t = options.t ?? tenant();
  const calendar = businessCalendar(t.country, s.businessDaysOnly);
  const through = options.plannedThrough === null ? undefined : (options.plannedThrough ?? previousDay(today));
  const window = planWindow(calendar, today, through);
  if (!window) return undefined;
  const clients = new Map((options.clients ?? [planClient('cli')]).map((c) => [c.client.id, c]));
  return {
    tenant: t,
    settings: s,
    concepts,
    calendar,
    window,
    invoices,
    clients,
    suppressed: new Set(options.suppressed ?? []),
    render,
    defaultSender: 'no-reply@cobranza.local',
    now: NOW,
  };
}

const previousDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
