import type { DeliveryRecord, DeliveryState, OutboundEmail } from './outbound-email.schema.ts';
import type { OutboxRepository } from './ports.ts';

/** One provider event about a message we sent, in our terms (the SES adapter maps SES's JSON to it). */
export type DeliveryEvent = {
  /** Unique per event (EventBridge's id): the same event delivered twice is applied once. */
  eventId: string;
  tenantId: string;
  messageId: string;
  /** The provider's id of the message (SES `mail.messageId`). */
  providerMessageId: string;
  at: string;
} & (
  | { kind: 'send' | 'delivery' | 'open' | 'click' | 'reject' | 'rendering_failure' | 'delay' }
  | { kind: 'bounce'; bounceType: string; recipients: string[] }
  | { kind: 'complaint'; recipients: string[] }
);

export const SEEN_EVENTS = 50;

const earliest = (a: string | undefined, b: string) => (a === undefined || b < a ? b : a);
const latest = (a: string | undefined, b: string) => (a === undefined || b > a ? b : a);

/** What the known facts say, the strongest first: a later open cannot undo a bounce, nor an early open hide a delivery. */
function stateOf(d: DeliveryRecord): DeliveryState | undefined {
  if (d.complainedAt) return 'complained';
  if (d.bouncedAt && d.bounceType === 'Permanent') return 'bounced';
  if (d.rejectedAt) return 'rejected';
  if (d.renderingFailedAt) return 'rendering_failed';
  if (d.deliveredAt || d.openedAt || d.clickedAt) return 'delivered';
  if (d.bouncedAt) return 'soft_bounced';
  if (d.delayedAt) return 'delayed';
  return undefined;
}

/** A hard bounce or a complaint: the addresses that must not get the tenant's mail again. */
export const addressesToSuppress = (event: DeliveryEvent): string[] =>
  event.kind === 'complaint' || (event.kind === 'bounce' && event.bounceType === 'Permanent') ? event.recipients.map((r) => r.trim().toLowerCase()) : [];

/**
 * The message after the event, or undefined when the event changes nothing (seen before). Idempotent
 * and order-free: times keep the earliest of each kind, counts grow once per event id.
 */
export function applyDeliveryEvent(email: OutboundEmail, event: DeliveryEvent): OutboundEmail | undefined {
  const before: DeliveryRecord = email.delivery ?? { seen: [] };
  if (before.seen.includes(event.eventId)) return undefined;
  const d: DeliveryRecord = { ...before, seen: [...before.seen, event.eventId].slice(-SEEN_EVENTS) };
  switch (event.kind) {
    case 'send':
      break;
    case 'delivery':
      d.deliveredAt = earliest(d.deliveredAt, event.at);
      break;
    case 'open':
      d.openedAt = earliest(d.openedAt, event.at);
      d.lastOpenedAt = latest(d.lastOpenedAt, event.at);
      d.opens = (d.opens ?? 0) + 1;
      break;
    case 'click':
      d.clickedAt = earliest(d.clickedAt, event.at);
      d.clicks = (d.clicks ?? 0) + 1;
      break;
    case 'bounce':
      // A hard bounce outranks a soft one whatever their order; the time is that of the bounce kept.
      if (!d.bounceType || (event.bounceType === 'Permanent' && d.bounceType !== 'Permanent')) {
        d.bounceType = event.bounceType;
        d.bouncedAt = event.at;
      } else if (event.bounceType === d.bounceType) d.bouncedAt = earliest(d.bouncedAt, event.at);
      break;
    case 'complaint':
      d.complainedAt = earliest(d.complainedAt, event.at);
      break;
    case 'reject':
      d.rejectedAt = earliest(d.rejectedAt, event.at);
      break;
    case 'rendering_failure':
      d.renderingFailedAt = earliest(d.renderingFailedAt, event.at);
      break;
    case 'delay':
      d.delayedAt = earliest(d.delayedAt, event.at);
      break;
  }
  const suppressed = addressesToSuppress(event);
  if (suppressed.length > 0) d.suppressed = [...new Set([...(d.suppressed ?? []), ...suppressed])].sort();
  const state = stateOf(d);
  if (state) d.state = state;
  else delete d.state;
  const next: OutboundEmail = { ...email, delivery: d, version: email.version + 1 };
  // SES has it: an `unknown` outcome is settled as sent (the event proves it left), never sent again.
  if (email.status === 'unknown') {
    const { unknownAt: _u, ...rest } = next;
    return {
      ...rest,
      status: 'sent',
      sentAt: email.unknownAt ?? event.at,
      providerMessageId: event.providerMessageId,
      lastError: `sent (SES event ${event.kind}); was unknown: ${email.lastError ?? ''}`,
    };
  }
  return next;
}

/** Where a hard bounce or complaint leaves its mark: the tenant's suppression list and the contacts with the address. */
export interface SuppressionSink {
  suppress(tenantId: string, email: string, why: { reason: 'hard_bounce' | 'complaint'; at: string; messageId: string }): Promise<boolean>;
  /** Flags the tenant's contacts that have this address; the number flagged. */
  flagContacts(tenantId: string, email: string, why: { reason: 'hard_bounce' | 'complaint'; at: string }): Promise<number>;
}

export interface DeliveryEventOutcome {
  applied: boolean;
  /** No message of ours under the event's tags (another system's mail, a deleted tenant): ignored. */
  unknownMessage?: true;
  suppressed: string[];
  contactsFlagged: number;
}

const TRIES = 5;

/**
 * Applies one provider event to its message (a conditional write, tried again on a concurrent change),
 * then suppresses a hard-bounced or complaining address for the tenant and flags its contacts. Both are
 * idempotent, so a redelivered event (EventBridge retries) does no harm.
 */
export const recordDeliveryEvent =
  (deps: { outbox: OutboxRepository; suppressions: SuppressionSink }) =>
  async (event: DeliveryEvent): Promise<DeliveryEventOutcome> => {
    let applied = false;
    for (let attempt = 0; attempt < TRIES; attempt++) {
      const email = await deps.outbox.get(event.tenantId, event.messageId);
      if (!email) return { applied: false, unknownMessage: true, suppressed: [], contactsFlagged: 0 };
      const next = applyDeliveryEvent(email, event);
      if (!next) break;
      if (await deps.outbox.transition(next, email)) {
        applied = true;
        break;
      }
      if (attempt === TRIES - 1) throw new Error(`message ${event.tenantId}/${event.messageId} kept changing; the event is retried`);
    }
    const suppressed = addressesToSuppress(event);
    const reason = event.kind === 'complaint' ? 'complaint' : 'hard_bounce';
    let contactsFlagged = 0;
    for (const address of suppressed) {
      await deps.suppressions.suppress(event.tenantId, address, { reason, at: event.at, messageId: event.messageId });
      contactsFlagged += await deps.suppressions.flagContacts(event.tenantId, address, { reason, at: event.at });
    }
    return { applied, suppressed, contactsFlagged };
  };
