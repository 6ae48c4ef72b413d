import type { Client } from '../clients/client.schema.ts';
import type { Contact } from '../clients/contact.schema.ts';
import type { PlainDate } from '../receivables/local-date.ts';
import type { Collector, PlanInvoice } from './plan-day.ts';

/** The planner's own ports (the shared ones are in ports.ts). */

/**
 * A tenant's planning marker: the last tenant-local date planned, and when the next run is due. The
 * store keeps tenants in a due index by `nextRunAt` (or `leaseUntil` while a planner holds it), so a
 * tick reads only the tenants whose hour has come.
 */
export interface PlannerState {
  tenantId: string;
  plannedThrough?: PlainDate | undefined;
  /** ISO instant of the next run (the tenant's mail hour, local). */
  nextRunAt: string;
  /** While a planner works on the tenant: its claim expires then (a crashed planner's claim is retaken). */
  leaseUntil?: string | undefined;
  version: number;
  updatedAt: string;
}

export interface PlannerStateStore {
  get(tenantId: string): Promise<PlannerState | undefined>;
  /** Tenant ids due at `now` (nextRunAt, or an expired lease, at or before it), oldest first, at most `limit`. */
  due(now: string, limit: number): Promise<string[]>;
  /**
   * Writes `next` only if the stored state is still `previous` (same version; absent when `previous` is
   * undefined): false when another planner or a reschedule got there first.
   */
  replace(next: PlannerState, previous: PlannerState | undefined): Promise<boolean>;
}

/** Open invoices by due date, from the open-invoices index only (never the paid history). */
export interface OpenInvoicesByDue {
  /** The tenant's open invoices due within each inclusive range. */
  dueIn(tenantId: string, ranges: ReadonlyArray<{ from: PlainDate; to: PlainDate }>): Promise<PlanInvoice[]>;
}

/** The clients a day's messages are about, with their contacts. */
export interface PlannerClients {
  getMany(tenantId: string, clientIds: readonly string[]): Promise<Map<string, { client: Client; contacts: Contact[] }>>;
}

/** Collectors (users) by id, with their mailbox and its verification. */
export interface CollectorDirectory {
  getMany(tenantId: string, userIds: readonly string[]): Promise<Map<string, Collector>>;
}

/** Hands tenants due for planning to workers (one invocation per batch in AWS; in-process locally). */
export interface PlannerFanOut {
  plan(tenantIds: readonly string[]): Promise<void>;
}
