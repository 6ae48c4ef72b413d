import type { OutboundEmail } from '../messaging/outbound-email.schema.ts';
import { remindersHeld } from '../receivables/invoice.ts';
import type { Invoice } from '../receivables/invoice.ts';
import type { CollectionMeta, SkipReason } from './collections.schema.ts';

/**
 * What can change between planning a collection message and sending it (issue 11): a payment, a
 * void, a hold, the client's collections switched off or the client deactivated, a recipient that
 * bounced. The dispatcher reads these right before the send.
 */
export interface RecheckFacts {
  /** Undefined: the client is gone. */
  client: { status: 'active' | 'inactive'; collectionsEnabled: boolean } | undefined;
  /** The message's invoices that still exist. */
  invoices: Array<Pick<Invoice, 'id' | 'status' | 'hold'>>;
  /** Recipients suppressed for the tenant (lower-cased). */
  suppressed: Set<string>;
  /** The message's invoices escalated to the collection agency since planning (their reminders stop). */
  escalated?: Set<string> | undefined;
}

/** Reads the facts a collection message is re-checked against (implemented over the repositories). */
export interface CollectionRecheck {
  facts(tenantId: string, collection: CollectionMeta, to: readonly string[]): Promise<RecheckFacts>;
}

export type RecheckOutcome = { send: true; to: string[] } | { send: false; reason: SkipReason };

const settled = (i: Pick<Invoice, 'status'>) => i.status === 'paid' || i.status === 'void';

/**
 * Whether a planned collection message still goes out, and to whom. A receipt (`payment_received`)
 * is about a paid invoice: only the client's state and the recipients count for it. A hold is read
 * on the message's planned date (the tenant's day it was planned for).
 */
export function recheckCollection(email: Pick<OutboundEmail, 'to'>, collection: CollectionMeta, facts: RecheckFacts): RecheckOutcome {
  if (facts.client?.status !== 'active') return { send: false, reason: 'client_inactive' };
  if (!facts.client.collectionsEnabled) return { send: false, reason: 'collections_off' };
  if (collection.type !== 'payment_received' && collection.invoiceIds.length > 0) {
    const open = facts.invoices.filter((i) => !settled(i));
    if (open.length === 0) return { send: false, reason: 'paid' };
    if (open.every((i) => remindersHeld(i, collection.plannedFor))) return { send: false, reason: 'on_hold' };
    if (open.every((i) => facts.escalated?.has(i.id) || remindersHeld(i, collection.plannedFor))) return { send: false, reason: 'escalated' };
  }
  const to = email.to.filter((address) => !facts.suppressed.has(address.trim().toLowerCase()));
  return to.length > 0 ? { send: true, to } : { send: false, reason: 'suppressed' };
}
