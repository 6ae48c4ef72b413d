import type { Client } from '../clients/client.schema.ts';
import type { ClientRef } from './receivable-rows.ts';

/**
 * What the invoices and payments imports read and claim beyond the receivables use cases: the clients a
 * batch names and the invoices its numbers name, each in one BatchGetItem round (not one read per row),
 * and the natural key of an imported payment.
 */
export interface ReceivableImportReader {
  /** The clients the refs name (by id, or through their unique-key guards), by `refKey`; unknown refs are absent. */
  clients(tenantId: string, refs: readonly ClientRef[]): Promise<Map<string, Client>>;
  /** The ids of the invoices holding these numbers (any case), by number folded to lower case. */
  invoiceIds(tenantId: string, numbers: readonly string[]): Promise<Map<string, string>>;
  /** The owners of these payment natural keys (paymentNaturalKey), by key. */
  paymentKeyOwners(tenantId: string, keys: readonly string[]): Promise<Map<string, string>>;
  /**
   * Claims a payment natural key for `paymentId`: true when it is now (or already was) this payment's; false
   * when another payment holds it. `takeOverFrom` replaces a claim whose payment was never written.
   */
  claimPaymentKey(tenantId: string, key: string, paymentId: string, takeOverFrom?: string): Promise<boolean>;
}

/** The map key of a client ref. */
export const refKey = (ref: ClientRef) => `${ref.by}:${ref.value}`;
