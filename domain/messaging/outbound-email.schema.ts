import * as z from 'zod';
import { CollectionMeta } from '../collections/collections.schema.ts';

/**
 * An e-mail waiting in the outbox. Use cases never send mail directly: they enqueue it in the
 * same request, and the scheduled dispatcher sends it, claiming each one first so that at-least-once
 * triggers do not send it twice.
 */
/**
 * `unknown`: the provider may or may not have accepted it (the send timed out or the connection dropped
 * after the request went out, or the dispatcher stopped mid-send). Sending again could deliver it twice,
 * so it leaves the queue and waits for a person to decide.
 */
/** `skipped`: a collection message planned but not sent, for the reason in `collection.skipReason` (never queued). */
export const OutboundEmailStatus = z.enum(['pending', 'sending', 'sent', 'failed', 'unknown', 'skipped']);
export type OutboundEmailStatus = z.infer<typeof OutboundEmailStatus>;

export const OutboundEmail = z.object({
  id: z.string(),
  tenantId: z.string(),
  /** What produced it (e.g. `user.invited`); later issues add reminders and notices. */
  kind: z.string(),
  from: z.string(),
  to: z.array(z.string()).min(1),
  subject: z.string(),
  text: z.string(),
  html: z.string().optional(),
  /** Replies go here (the collector, when the e-mail goes out from the tenant's sender). */
  replyTo: z.string().optional(),
  /** Set on reminders and notices: what the message is about (issue 11). */
  collection: CollectionMeta.optional(),
  status: OutboundEmailStatus,
  attempts: z.number().int(),
  /** ISO time at which it is due (first send or next retry). */
  dueAt: z.string(),
  /** While `sending`: the claim expires at this time (a crashed dispatcher's claim is retaken). */
  leaseUntil: z.string().optional(),
  /** Why the last try failed, or why the outcome is unknown. */
  lastError: z.string().optional(),
  /** When it became `unknown`. */
  unknownAt: z.string().optional(),
  providerMessageId: z.string().optional(),
  sentAt: z.string().optional(),
  /** What the provider's events said after the send (SES events, applied by ses-events). */
  delivery: z.lazy(() => DeliveryRecord).optional(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type OutboundEmail = z.infer<typeof OutboundEmail>;

/** A new e-mail for the outbox: due now, not tried yet (the dispatcher sends it once). */
export function pendingEmail(email: Pick<OutboundEmail, 'id' | 'tenantId' | 'kind' | 'from' | 'subject' | 'text'> & { to: string }, now: Date): OutboundEmail {
  const at = now.toISOString();
  return { ...email, to: [email.to], status: 'pending', attempts: 0, dueAt: at, version: 1, createdAt: at };
}

/**
 * The provider's events about a sent message, folded so that order and repetition do not matter: each
 * time is the earliest of its kind, counts grow only with events not seen before (`seen`, the latest
 * event ids), and `state` is derived from what is known (complaint > hard bounce > reject > delivered >
 * soft bounce > delayed).
 */
export const DeliveryState = z.enum(['delivered', 'soft_bounced', 'bounced', 'complained', 'rejected', 'rendering_failed', 'delayed']);
export type DeliveryState = z.infer<typeof DeliveryState>;
export const DeliveryRecord = z.object({
  state: DeliveryState.optional(),
  deliveredAt: z.string().optional(),
  bouncedAt: z.string().optional(),
  /** `Permanent` (hard), `Transient` (soft) or `Undetermined`, as SES says. */
  bounceType: z.string().optional(),
  complainedAt: z.string().optional(),
  rejectedAt: z.string().optional(),
  renderingFailedAt: z.string().optional(),
  delayedAt: z.string().optional(),
  openedAt: z.string().optional(),
  lastOpenedAt: z.string().optional(),
  opens: z.number().int().optional(),
  clickedAt: z.string().optional(),
  clicks: z.number().int().optional(),
  /** Addresses that hard-bounced or complained (they are suppressed for the tenant). */
  suppressed: z.array(z.string()).optional(),
  /** Ids of the last events applied (at most 50): a repeated event changes nothing. */
  seen: z.array(z.string()),
});
export type DeliveryRecord = z.infer<typeof DeliveryRecord>;

/** Kinds whose body carries a secret (the portal password e-mail): the stored copy keeps it only until it is sent. */
export const SECRET_BEARING_KINDS: ReadonlySet<string> = new Set(['portal.password']);
const SENT_SECRET_NOTE = '(Contenido retirado tras el envío: llevaba una contraseña. / Content removed after sending: it carried a password.)';

/** The e-mail as stored once sent: a secret-bearing one loses its body, which nothing reads again after the send. */
export function asStoredAfterSend(email: OutboundEmail): OutboundEmail {
  if (!SECRET_BEARING_KINDS.has(email.kind)) return email;
  const { html: _html, ...rest } = email;
  return { ...rest, text: SENT_SECRET_NOTE };
}
