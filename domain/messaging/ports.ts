import type { Page, PageRequest } from '../shared/ports.ts';
import type { OutboundEmail } from './outbound-email.schema.ts';

export interface OutboxRepository {
  enqueue(email: OutboundEmail): Promise<void>;
  /** Pending or lease-expired e-mails of every tenant with `dueAt <= now`, oldest first. */
  due(now: string, limit: number): Promise<OutboundEmail[]>;
  /** The queue partitions, each drained on its own (in parallel) by `dueIn`. */
  readonly queues: readonly string[];
  /** `due`, of one queue partition only: oldest first. */
  dueIn(queue: string, now: string, limit: number): Promise<OutboundEmail[]>;
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

/**
 * The provider refused the message for the account's send rate (not its daily quota): not sent, and
 * sending it again a little later is right. Never counted as a try.
 */
export class SendThrottledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SendThrottledError';
  }
}

/** What a sent message carries so the provider's events about it find it again. */
export interface MessageRef {
  tenantId: string;
  id: string;
  /** The collection type, or the e-mail's kind. */
  type: string;
}

export interface OutgoingMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html?: string | undefined;
  replyTo?: string | undefined;
  ref?: MessageRef | undefined;
}

export interface Mailer {
  /**
   * Sends one message; returns the provider's message id. Throws `DeliveryUnknownError` when the
   * provider may have accepted it, `SendThrottledError` when it refused for the send rate; any other
   * error means it was not sent.
   */
  send(message: OutgoingMessage): Promise<string>;
}

/**
 * Keeps a dispatcher run within the account's send rate: `acquire` resolves when the next send may
 * start; `backoff` waits before the `attempt`-th retry of a throttled send (and slows the pace).
 */
export interface SendPacer {
  acquire(): Promise<void>;
  backoff(attempt: number): Promise<void>;
}
