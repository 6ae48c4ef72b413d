import * as z from 'zod';
import { BoundedText, FreeText, Id } from '../shared/fields.ts';

/**
 * The shared vocabulary of the collections engine (issue 11): what can be sent, how each kind is timed,
 * and the notice catalogue. Settings, the planner, the dispatcher and the send log all build on these.
 */

/** The five reminder types of the seeds' "Recordatorios" tab; each is switched on or off per tenant. */
export const ReminderType = z.enum(['due_soon', 'due_today', 'overdue', 'statement', 'payment_received']);
export type ReminderType = z.infer<typeof ReminderType>;

/** What a collection message is: one of the reminder types, or a notice ("aviso") of the catalogue. */
export const CollectionMessageType = z.enum([...ReminderType.options, 'notice']);
export type CollectionMessageType = z.infer<typeof CollectionMessageType>;

/** One language's text of a template. Placeholders are `{{name}}` (see the template renderer). */
export const TemplateText = z.strictObject({
  subject: BoundedText(200),
  text: FreeText(20_000),
  html: FreeText(50_000).optional(),
});
export type TemplateText = z.infer<typeof TemplateText>;

/** A template in Spanish and English; a language left out uses the built-in default of that type. */
export const Template = z.strictObject({ es: TemplateText.optional(), en: TemplateText.optional() });
export type Template = z.infer<typeof Template>;

const Days = z.number().int().min(1).max(365);

export const DueSoonSettings = z.strictObject({ enabled: z.boolean(), daysBefore: Days, template: Template.optional() });
export const DueTodaySettings = z.strictObject({ enabled: z.boolean(), template: Template.optional() });
/** Sent `daysAfter` days past due, then every `everyDays` days while unpaid, `maxTimes` times in all. */
export const OverdueSettings = z.strictObject({
  enabled: z.boolean(),
  daysAfter: Days,
  everyDays: Days,
  maxTimes: z.number().int().min(1).max(52),
  template: Template.optional(),
});
/** One consolidated e-mail per client: `weekly` on `weekday` (1 = Monday … 7 = Sunday, ISO), `monthly` on `dayOfMonth` (a short month uses its last day). */
export const StatementSettings = z.strictObject({
  enabled: z.boolean(),
  frequency: z.enum(['weekly', 'monthly']),
  weekday: z.number().int().min(1).max(7).optional(),
  dayOfMonth: z.number().int().min(1).max(31).optional(),
  template: Template.optional(),
});
export const PaymentReceivedSettings = z.strictObject({ enabled: z.boolean(), template: Template.optional() });

/** A tenant's collections settings. The send hour and time zone are the tenant's (`mailHour`, `timeZone`). */
export const CollectionsSettings = z.strictObject({
  reminders: z.strictObject({
    due_soon: DueSoonSettings,
    due_today: DueTodaySettings,
    overdue: OverdueSettings,
    statement: StatementSettings,
    payment_received: PaymentReceivedSettings,
  }),
  /** Weekends and the country's public holidays are skipped (messages of those days go out the next business day). */
  businessDaysOnly: z.boolean(),
  version: z.number().int(),
  updatedAt: z.iso.datetime().optional(),
});
export type CollectionsSettings = z.infer<typeof CollectionsSettings>;

/** A concept of the notice catalogue ("7 días antes"): `days` before or after the due date. */
export const NoticeConcept = z.object({
  id: Id,
  description: BoundedText(120),
  days: z.number().int().min(0).max(365),
  relation: z.enum(['before', 'after']),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type NoticeConcept = z.infer<typeof NoticeConcept>;

/** Per client: whether notices go out, to its contacts too, which concepts apply, and the text. */
export const ClientNoticeSettings = z.object({
  clientId: Id,
  enabled: z.boolean(),
  toContacts: z.boolean(),
  beforeConceptIds: z.array(Id).max(50),
  afterConceptIds: z.array(Id).max(50),
  template: Template.optional(),
  version: z.number().int(),
  updatedAt: z.iso.datetime(),
});
export type ClientNoticeSettings = z.infer<typeof ClientNoticeSettings>;

/**
 * Why a planned message was not sent. Each is recorded on the message (status `skipped`) so the send
 * log says it, as the seeds' "collection not active for client".
 */
export const SkipReason = z.enum([
  'collections_off',
  'client_inactive',
  'on_hold',
  'paid',
  'no_recipient',
  'suppressed',
  'late',
  'not_business_day',
  'escalated',
]);
export type SkipReason = z.infer<typeof SkipReason>;

/**
 * What a collection e-mail is about, kept on its outbox item. `step` makes the message's deterministic
 * key with the tenant, the subject (invoice or client) and the type or concept: the due date for
 * due_soon/due_today/notice, the repetition number for overdue, the period for statement, the payment id
 * for payment_received.
 */
export const CollectionMeta = z.object({
  type: CollectionMessageType,
  conceptId: Id.optional(),
  clientId: Id,
  invoiceIds: z.array(Id).max(200),
  step: z.string().max(64),
  /** The tenant-local date the message was planned for (YYYY-MM-DD). */
  plannedFor: z.iso.date(),
  collectorId: Id.optional(),
  skipReason: SkipReason.optional(),
});
export type CollectionMeta = z.infer<typeof CollectionMeta>;
