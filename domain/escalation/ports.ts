import type { Client } from '../clients/client.schema.ts';
import type { Invoice } from '../receivables/invoice.ts';
import type { Tenant } from '../workspace/tenant.schema.ts';
import type { Clock, IdGenerator, Page, PageRequest } from '../shared/ports.ts';
import type { AgencyDelivery, DeliveryStatus, Escalation, EscalationFilter } from './escalation.schema.ts';

/** An invoice as escalation reads it (its header item). */
export type EscalationInvoiceHead = Pick<Invoice, 'id' | 'tenantId' | 'clientId' | 'number' | 'status' | 'dueDate' | 'currency' | 'balance'>;

/** What one write of an escalation carries with it, all in one transaction. */
export interface EscalationWrite {
  /** The webhook that tells the agency about the change (outbox pattern: queued with the change, or not at all). */
  delivery?: AgencyDelivery | undefined;
  /** Invoices that leave the escalation (settled, or the case closed or withdrawn): their markers go. */
  release?: readonly string[] | undefined;
  /** The agency event this write applies: recorded once, so the same event again is refused by its condition. */
  agencyEventId?: string | undefined;
}

export interface EscalationRepository {
  /**
   * Writes a new escalation, a marker on each of its invoices (refused when one is there: that invoice is
   * already escalated) and its first delivery. False when a marker appeared meanwhile.
   */
  create(escalation: Escalation, delivery: AgencyDelivery): Promise<boolean>;
  /** Replaces `previous` (same version) with `next`, with what the write carries. False when someone got there first, or the agency event was already applied. */
  replace(next: Escalation, previous: Escalation, write?: EscalationWrite): Promise<boolean>;
  get(tenantId: string, id: string): Promise<Escalation | undefined>;
  /** The tenant's escalations, newest first; a client's when the filter names one. Status and stage filter the pages. */
  list(tenantId: string, filter: EscalationFilter, page: PageRequest): Promise<Page<Escalation>>;
  /** Which of these invoices are escalated now, and by which escalation. */
  escalatedAmong(tenantId: string, invoiceIds: readonly string[]): Promise<Map<string, string>>;
  /** Whether the agency event was applied before. */
  eventSeen(tenantId: string, eventId: string): Promise<boolean>;
  /** Invoice headers by id (absent ones left out). */
  invoices(tenantId: string, ids: readonly string[]): Promise<EscalationInvoiceHead[]>;
}

/** The agency's webhook queue (sharded, leased, conditionally claimed: like the outbox). */
export interface AgencyDeliveryQueue {
  /** The queue's partitions, drained in parallel. */
  readonly queues: readonly string[];
  /** Deliveries due in one partition at `now` (pending ones past `dueAt`, claimed ones past their lease), oldest first. */
  dueIn(queue: string, now: string, limit: number): Promise<AgencyDelivery[]>;
  /** Writes `next` only if the stored one is still `previous` (same version). */
  transition(next: AgencyDelivery, previous: AgencyDelivery): Promise<boolean>;
  get(tenantId: string, id: string): Promise<AgencyDelivery | undefined>;
  /** A tenant's deliveries in one status, newest first. */
  listByStatus(tenantId: string, status: DeliveryStatus, page: PageRequest): Promise<Page<AgencyDelivery>>;
}

/** What the agency answered to one webhook. */
export type AgencyAnswer = { ok: true } | { ok: false; error: string };

/**
 * The collection agency (issue 12: a port with one adapter, a signed JSON webhook). `send` posts one
 * delivery; the agency keeps one of the same `Idempotency-Key`, so a delivery sent twice counts once.
 */
export interface CollectionAgency {
  send(delivery: Pick<AgencyDelivery, 'tenantId' | 'id' | 'type' | 'body'>): Promise<AgencyAnswer>;
}

export interface EscalationDeps {
  escalations: EscalationRepository;
  clients: { get(tenantId: string, id: string): Promise<Client | undefined> };
  tenants: { get(tenantId: string): Promise<Tenant | undefined> };
  clock: Clock;
  ids: IdGenerator;
}
