import type { OutboundEmail } from './outbound-email.schema.ts';

export interface OutboxRepository {
  enqueue(email: OutboundEmail): Promise<void>;
  /** Pending or lease-expired e-mails of every tenant with `dueAt <= now`, oldest first. */
  due(now: string, limit: number): Promise<OutboundEmail[]>;
  /**
   * Conditional write from `previous` to `next`: false (not an error) when someone else changed
   * it first — that is how a second dispatcher loses the race instead of sending twice.
   */
  transition(next: OutboundEmail, previous: OutboundEmail): Promise<boolean>;
  get(tenantId: string, id: string): Promise<OutboundEmail | undefined>;
}

export interface Mailer {
  /** Sends one message; returns the provider's message id. Throws on provider errors. */
  send(message: { from: string; to: string[]; subject: string; text: string; html?: string | undefined }): Promise<string>;
}
