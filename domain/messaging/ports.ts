import type { Page, PageRequest } from '../shared/ports.ts';
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

/** What an operator needs to find the e-mails whose outcome is unknown. */
export interface UndecidedEmails {
  /** E-mails in `unknown`, waiting for a person to decide: of every tenant, or of one. */
  awaitingDecision(page: PageRequest & { tenantId?: string | undefined }): Promise<Page<OutboundEmail>>;
}

/**
 * The provider may have accepted the message: the request went out and no answer came (timeout, dropped
 * connection). Sending it again could deliver it twice.
 */
export class DeliveryUnknownError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryUnknownError';
  }
}

export interface Mailer {
  /**
   * Sends one message; returns the provider's message id. Throws `DeliveryUnknownError` when the
   * provider may have accepted it; any other error means it was not sent.
   */
  send(message: { from: string; to: string[]; subject: string; text: string; html?: string | undefined }): Promise<string>;
}
