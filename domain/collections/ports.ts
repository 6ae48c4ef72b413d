import type { Currency } from '../workspace/tenant.schema.ts';
import type { OutboundEmail } from '../messaging/outbound-email.schema.ts';
import type { ClientNoticeSettings, CollectionMessageType, CollectionsSettings, NoticeConcept, Template } from './collections.schema.ts';

/**
 * The seams between the collections engine's parts (issue 11): settings and templates (collections API),
 * the planner, and delivery (dispatcher, SES events, send log). Each part implements its side; the
 * planner only depends on these interfaces.
 */

export interface CollectionsSettingsRepository {
  /** The tenant's settings; the built-in defaults (version 0) when it never saved any. */
  get(tenantId: string): Promise<CollectionsSettings>;
}

export interface NoticeCatalogRepository {
  /** Every concept of the tenant's catalogue; a tenant that never edited it has "7 días antes" and "7 días después". */
  list(tenantId: string): Promise<NoticeConcept[]>;
}

export interface ClientNoticeSettingsRepository {
  /** The effective settings of each client asked for (a client that never set any gets the defaults). */
  getMany(tenantId: string, clientIds: readonly string[]): Promise<Map<string, ClientNoticeSettings>>;
}

/** One invoice as a template shows it. Amounts in minor units of `currency`. */
export interface MessageInvoice {
  id: string;
  number: string;
  issueDate: string;
  dueDate: string;
  total: number;
  balance: number;
  currency: Currency;
  /** Days past due on the message's date (0 or negative: not overdue). */
  daysOverdue: number;
}

/** Everything a template's placeholders may name. */
export interface MessageContext {
  lang: 'es' | 'en';
  /** The tenant's locale for numbers and dates (e.g. `es-CL`). */
  locale: string;
  tenantName: string;
  clientName: string;
  collectorName?: string;
  invoices: MessageInvoice[];
  /** payment_received: the payment. */
  payment?: { amount: number; currency: Currency; date: string; reference?: string };
  /** The tenant-local date of the message (YYYY-MM-DD). */
  date: string;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

/**
 * Renders a message: the tenant's (or client's) template for that language, else the built-in default of
 * the type; placeholders filled, client data HTML-escaped in the HTML part.
 */
export type RenderCollectionMessage = (type: CollectionMessageType, context: MessageContext, template?: Template) => RenderedMessage;

/** Addresses a tenant must not write to again (hard bounce, complaint). */
export interface SuppressionList {
  /** The addresses among `emails` that are suppressed for the tenant (compared lower-cased). */
  suppressedAmong(tenantId: string, emails: readonly string[]): Promise<Set<string>>;
}

export interface CollectionMessageStore {
  /**
   * Writes a planned message (pending, or skipped with its reason) under its deterministic id, only if no
   * message has that id yet: false when it was planned before (by this run, an earlier one, or a planner
   * running at the same time). Written with `outboxItem` so the dispatcher and the send log see it.
   */
  planOnce(message: OutboundEmail): Promise<boolean>;
  /** The planned message under this id, if any ("send now" tells a double click from a later press by it). */
  get(tenantId: string, id: string): Promise<OutboundEmail | undefined>;
}
