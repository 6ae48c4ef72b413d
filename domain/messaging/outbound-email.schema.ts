import * as z from 'zod';

/**
 * An e-mail waiting in the outbox. Use cases never send mail directly: they enqueue it in the
 * same request, and the scheduled dispatcher sends it, claiming each one first so that at-least-once
 * triggers do not send it twice.
 */
export const OutboundEmailStatus = z.enum(['pending', 'sending', 'sent', 'failed']);
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
  status: OutboundEmailStatus,
  attempts: z.number().int(),
  /** ISO time at which it is due (first send or next retry). */
  dueAt: z.string(),
  /** While `sending`: the claim expires at this time (a crashed dispatcher's claim is retaken). */
  leaseUntil: z.string().optional(),
  lastError: z.string().optional(),
  providerMessageId: z.string().optional(),
  sentAt: z.string().optional(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type OutboundEmail = z.infer<typeof OutboundEmail>;
