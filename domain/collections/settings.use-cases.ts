import * as z from 'zod';
import { assertVisible } from '../clients/client-scope.ts';
import { displayName } from '../clients/client.schema.ts';
import type { ClientRepository } from '../clients/ports.ts';
import { daysBetween, tenantToday } from '../receivables/local-date.ts';
import { requireAccess, type Actor, type Requirement } from '../shared/actor.ts';
import { invalidFields, notFound, type FieldIssue } from '../shared/errors.ts';
import { BoundedText, Id } from '../shared/fields.ts';
import type { Clock, IdGenerator } from '../shared/ports.ts';
import { assertVersion, changesNothing, type ExpectedVersion } from '../shared/versions.ts';
import type { TenantRepository, UserRepository } from '../workspace/ports.ts';
import type { Currency } from '../workspace/tenant.schema.ts';
import { ClientNoticeSettings, CollectionMessageType, CollectionsSettings, Template, type NoticeConcept, type ReminderType } from './collections.schema.ts';
import { MAX_TEMPLATE_BYTES, storedBytes, templateIssues } from './placeholders.ts';
import type { MessageInvoice, RenderCollectionMessage, RenderedMessage } from './ports.ts';
import { CATALOGUE_MARKER_ID } from './settings-defaults.ts';
import type { ClientNoticeSettingsStore, CollectionsSettingsStore, NoticeCatalogStore } from './settings-ports.ts';

/** Anyone who works collections reads the settings, the catalogue and previews (the client scope still applies). */
export const readCollections: Requirement = { level: 4 };
/** The tenant's settings and catalogue: company level and the explicit `collections.manage` permission. */
export const manageCollections: Requirement = { level: 1, permission: 'collections.manage' };
/** A client's notices: `collections.manage` at any level, on a client of the caller's scope. */
export const manageClientNotices: Requirement = { level: 4, permission: 'collections.manage' };

export const CollectionsSettingsInput = z.strictObject({
  reminders: CollectionsSettings.shape.reminders,
  businessDaysOnly: z.boolean(),
});
export type CollectionsSettingsInput = z.infer<typeof CollectionsSettingsInput>;

export const NewNoticeConcept = z.strictObject({
  description: BoundedText(120),
  days: z.number().int().min(0).max(365),
  relation: z.enum(['before', 'after']),
});
export type NewNoticeConcept = z.infer<typeof NewNoticeConcept>;
export const NoticeConceptPatch = NewNoticeConcept.partial().strict();
export type NoticeConceptPatch = z.infer<typeof NoticeConceptPatch>;

export const ClientNoticeSettingsInput = z.strictObject({
  enabled: z.boolean(),
  toContacts: z.boolean(),
  beforeConceptIds: ClientNoticeSettings.shape.beforeConceptIds,
  afterConceptIds: ClientNoticeSettings.shape.afterConceptIds,
  template: Template.optional(),
});
export type ClientNoticeSettingsInput = z.infer<typeof ClientNoticeSettingsInput>;

export const PreviewRequest = z.strictObject({
  type: CollectionMessageType.optional(),
  conceptId: Id.optional(),
  template: Template.optional(),
  clientId: Id,
  language: z.enum(['es', 'en']).optional(),
});
export type PreviewRequest = z.infer<typeof PreviewRequest>;

/** Unknown placeholders, and templates too large for one item, refused with where they are. */
function checkTemplates(templates: Array<[string, Template | undefined]>): void {
  const issues: FieldIssue[] = templates.flatMap(([pointer, template]) => templateIssues(template, pointer));
  const bytes = storedBytes(templates.map(([, t]) => t));
  if (bytes > MAX_TEMPLATE_BYTES)
    issues.push({ pointer: templates[0]![0].replace(/\/[^/]*$/, '') || '/', code: 'templates_too_large', params: { bytes, max: MAX_TEMPLATE_BYTES } });
  if (issues.length) throw invalidFields('templates refused', issues);
}

function checkStatementDay(input: CollectionsSettingsInput): void {
  const s = input.reminders.statement;
  const missing = s.frequency === 'weekly' ? (s.weekday === undefined ? 'weekday' : undefined) : s.dayOfMonth === undefined ? 'dayOfMonth' : undefined;
  if (missing) {
    throw invalidFields('statement day missing', [
      { pointer: `/reminders/statement/${missing}`, code: 'statement_day_missing', params: { frequency: s.frequency } },
    ]);
  }
}

const reminderTypes: ReminderType[] = ['due_soon', 'due_today', 'overdue', 'statement', 'payment_received'];

export const getCollectionsSettings =
  (deps: { settings: CollectionsSettingsStore }) =>
  async (actor: Actor): Promise<CollectionsSettings> => {
    requireAccess(actor, readCollections);
    return deps.settings.get(actor.tenantId);
  };

export const putCollectionsSettings =
  (deps: { settings: CollectionsSettingsStore; clock: Clock }) =>
  async (actor: Actor, input: CollectionsSettingsInput, expected: ExpectedVersion): Promise<CollectionsSettings> => {
    requireAccess(actor, manageCollections);
    checkStatementDay(input);
    checkTemplates(reminderTypes.map((type) => [`/reminders/${type}/template`, input.reminders[type].template]));
    const current = await deps.settings.get(actor.tenantId);
    assertVersion('collectionsSettings', actor.tenantId, current.version, expected);
    const next: CollectionsSettings = { ...input, version: current.version + 1, updatedAt: deps.clock.now().toISOString() };
    if (current.version > 0 && changesNothing(current, next)) return current;
    await deps.settings.save(actor.tenantId, next, current.version);
    return next;
  };

export const listNoticeConcepts =
  (deps: { catalogue: NoticeCatalogStore }) =>
  async (actor: Actor): Promise<NoticeConcept[]> => {
    requireAccess(actor, readCollections);
    return deps.catalogue.list(actor.tenantId);
  };

export const createNoticeConcept =
  (deps: { catalogue: NoticeCatalogStore; clock: Clock; ids: IdGenerator }) =>
  async (actor: Actor, input: NewNoticeConcept): Promise<NoticeConcept> => {
    requireAccess(actor, manageCollections);
    const now = deps.clock.now().toISOString();
    const concept: NoticeConcept = { id: deps.ids.next(), ...input, version: 1, createdAt: now, updatedAt: now };
    await deps.catalogue.create(actor.tenantId, concept);
    return concept;
  };

async function conceptOf(catalogue: NoticeCatalogStore, tenantId: string, id: string): Promise<NoticeConcept> {
  const concept = id === CATALOGUE_MARKER_ID ? undefined : await catalogue.get(tenantId, id);
  if (!concept) throw notFound('noticeConcept', id);
  return concept;
}

export const updateNoticeConcept =
  (deps: { catalogue: NoticeCatalogStore; clock: Clock }) =>
  async (actor: Actor, id: string, patch: NoticeConceptPatch, expected: ExpectedVersion): Promise<NoticeConcept> => {
    requireAccess(actor, manageCollections);
    const current = await conceptOf(deps.catalogue, actor.tenantId, id);
    assertVersion('noticeConcept', id, current.version, expected);
    const next: NoticeConcept = { ...current, ...patch, version: current.version + 1, updatedAt: deps.clock.now().toISOString() };
    if (changesNothing(current, next)) return current;
    await deps.catalogue.update(actor.tenantId, next, current.version);
    return next;
  };

/** Removes a concept; clients that chose it stop getting it (their settings are read against the catalogue). */
export const deleteNoticeConcept =
  (deps: { catalogue: NoticeCatalogStore }) =>
  async (actor: Actor, id: string, expected: ExpectedVersion): Promise<void> => {
    requireAccess(actor, manageCollections);
    const current = await conceptOf(deps.catalogue, actor.tenantId, id);
    assertVersion('noticeConcept', id, current.version, expected);
    await deps.catalogue.delete(actor.tenantId, current);
  };

type ClientReader = Pick<ClientRepository, 'get'>;

export const getClientNoticeSettings =
  (deps: { clientNotices: ClientNoticeSettingsStore; clients: ClientReader }) =>
  async (actor: Actor, clientId: string): Promise<ClientNoticeSettings> => {
    requireAccess(actor, readCollections);
    assertVisible(actor, await deps.clients.get(actor.tenantId, clientId), clientId);
    return deps.clientNotices.get(actor.tenantId, clientId);
  };

export const putClientNoticeSettings =
  (deps: { clientNotices: ClientNoticeSettingsStore; catalogue: NoticeCatalogStore; clients: ClientReader; clock: Clock }) =>
  async (actor: Actor, clientId: string, input: ClientNoticeSettingsInput, expected: ExpectedVersion): Promise<ClientNoticeSettings> => {
    requireAccess(actor, manageClientNotices);
    assertVisible(actor, await deps.clients.get(actor.tenantId, clientId), clientId);
    const catalogue = new Map((await deps.catalogue.list(actor.tenantId)).map((c) => [c.id, c]));
    const issues: FieldIssue[] = [];
    for (const relation of ['before', 'after'] as const) {
      const field = relation === 'before' ? 'beforeConceptIds' : 'afterConceptIds';
      input[field].forEach((id, index) => {
        const concept = catalogue.get(id);
        if (!concept) issues.push({ pointer: `/${field}/${index}`, code: 'unknown_notice_concept', params: { id } });
        else if (concept.relation !== relation)
          issues.push({ pointer: `/${field}/${index}`, code: 'notice_concept_relation', params: { id, relation: concept.relation } });
      });
    }
    if (issues.length) throw invalidFields('notice concepts refused', issues);
    checkTemplates([['/template', input.template]]);
    const current = await deps.clientNotices.get(actor.tenantId, clientId);
    assertVersion('clientNoticeSettings', clientId, current.version, expected);
    const unique = (ids: string[]) => [...new Set(ids)];
    const next: ClientNoticeSettings = {
      clientId,
      enabled: input.enabled,
      toContacts: input.toContacts,
      beforeConceptIds: unique(input.beforeConceptIds),
      afterConceptIds: unique(input.afterConceptIds),
      ...(input.template ? { template: input.template } : {}),
      version: current.version + 1,
      updatedAt: deps.clock.now().toISOString(),
    };
    if (current.version > 0 && changesNothing(current, next)) return current;
    await deps.clientNotices.save(actor.tenantId, next, current.version);
    return next;
  };

/** A client's open invoice, as the preview reads it from the receivables. */
export interface OpenInvoice {
  id: string;
  number?: string | undefined;
  issueDate: string;
  dueDate: string;
  total: number;
  balance: number;
  currency: Currency;
}

export interface PreviewDeps {
  settings: CollectionsSettingsStore;
  catalogue: NoticeCatalogStore;
  clientNotices: ClientNoticeSettingsStore;
  clients: ClientReader;
  tenants: Pick<TenantRepository, 'get'>;
  users: Pick<UserRepository, 'get'>;
  /** The client's open invoices, oldest due first (at most `limit`). */
  openInvoices(tenantId: string, clientId: string, limit: number): Promise<OpenInvoice[]>;
  render: RenderCollectionMessage;
  clock: Clock;
}

export interface Preview extends RenderedMessage {
  type: CollectionMessageType;
  language: 'es' | 'en';
  /** How many of the client's open invoices the message shows. */
  invoiceCount: number;
}

/** The most invoices a preview shows (a message lists at most 200). */
const PREVIEW_INVOICES = 100;

/**
 * Renders a template (the one given, unsaved, or else the saved one, or else the built-in default) for a
 * client of the caller's scope with their real open invoices: those the type is about (due within the
 * due-soon window, due today, overdue), or all open ones when none is. A receipt shows a sample payment.
 */
export const previewCollectionMessage =
  (deps: PreviewDeps) =>
  async (actor: Actor, input: PreviewRequest): Promise<Preview> => {
    requireAccess(actor, readCollections);
    const type: CollectionMessageType = input.conceptId ? 'notice' : (input.type ?? 'notice');
    if (input.template) checkTemplates([['/template', input.template]]);
    const client = assertVisible(actor, await deps.clients.get(actor.tenantId, input.clientId), input.clientId);
    const [tenant, settings, concept] = await Promise.all([
      deps.tenants.get(actor.tenantId),
      deps.settings.get(actor.tenantId),
      input.conceptId ? conceptOf(deps.catalogue, actor.tenantId, input.conceptId) : undefined,
    ]);
    if (!tenant) throw notFound('tenant', actor.tenantId);
    const language = input.language ?? tenant.locale;
    const today = tenantToday(deps.clock, tenant.timeZone);
    const [open, collector, notices] = await Promise.all([
      deps.openInvoices(actor.tenantId, client.id, PREVIEW_INVOICES),
      client.collectorId ? deps.users.get(actor.tenantId, client.collectorId) : undefined,
      type === 'notice' && !input.template ? deps.clientNotices.get(actor.tenantId, client.id) : undefined,
    ]);
    const invoices: MessageInvoice[] = open.map((i) => ({ ...i, number: i.number ?? '—', daysOverdue: daysBetween(i.dueDate, today) }));
    const soon = settings.reminders.due_soon.daysBefore;
    const about = invoices.filter((i) => {
      if (type === 'due_soon') return i.daysOverdue < 0 && -i.daysOverdue <= soon;
      if (type === 'due_today') return i.daysOverdue === 0;
      if (type === 'overdue') return i.daysOverdue > 0;
      if (concept) return concept.relation === 'before' ? i.daysOverdue <= 0 : i.daysOverdue > 0;
      return true;
    });
    const shown = about.length ? about : invoices;
    const template = input.template ?? (type === 'notice' ? notices?.template : settings.reminders[type].template);
    const sample = shown[0];
    const rendered = deps.render(
      type,
      {
        lang: language,
        locale: `${language}-${tenant.country === 'other' ? (language === 'es' ? '419' : 'US') : tenant.country}`,
        tenantName: tenant.name,
        clientName: displayName(client),
        ...(collector ? { collectorName: collector.name } : {}),
        invoices: shown,
        ...(type === 'payment_received'
          ? {
              payment: {
                amount: sample?.balance ?? 0,
                currency: sample?.currency ?? tenant.currency,
                date: today,
                reference: language === 'es' ? 'Ejemplo' : 'Sample',
              },
            }
          : {}),
        date: today,
      },
      template,
    );
    return { ...rendered, type, language, invoiceCount: shown.length };
  };
