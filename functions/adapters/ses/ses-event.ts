import * as z from 'zod';
import type { DeliveryEvent } from '../../../domain/messaging/delivery-events.ts';
import { refFromTags } from './message-tags.ts';

/**
 * An SES sending event as the configuration set's EventBridge destination publishes it (source `aws.ses`,
 * `detail` = the event SES would send to SNS), as far as our code reads it.
 */
const Recipients = z.array(z.object({ emailAddress: z.string() }));
export const SesEventBridgeEvent = z.object({
  id: z.string().min(1),
  source: z.literal('aws.ses'),
  'detail-type': z.string(),
  time: z.string(),
  detail: z.object({
    eventType: z.string(),
    mail: z.object({
      timestamp: z.string(),
      messageId: z.string(),
      tags: z.record(z.string(), z.array(z.string())).optional(),
    }),
    delivery: z.object({ timestamp: z.string() }).optional(),
    bounce: z.object({ bounceType: z.string(), timestamp: z.string(), bouncedRecipients: Recipients }).optional(),
    complaint: z.object({ timestamp: z.string(), complainedRecipients: Recipients }).optional(),
    open: z.object({ timestamp: z.string() }).optional(),
    click: z.object({ timestamp: z.string() }).optional(),
    deliveryDelay: z.object({ timestamp: z.string() }).optional(),
  }),
});
export type SesEventBridgeEvent = z.infer<typeof SesEventBridgeEvent>;

const kinds: Record<string, DeliveryEvent['kind']> = {
  Send: 'send',
  Delivery: 'delivery',
  Open: 'open',
  Click: 'click',
  Bounce: 'bounce',
  Complaint: 'complaint',
  Reject: 'reject',
  'Rendering Failure': 'rendering_failure',
  DeliveryDelay: 'delay',
};

/** Our event, or why it is not one of ours to apply (no tags of ours, an event type we do not follow). */
export function toDeliveryEvent(event: SesEventBridgeEvent): DeliveryEvent | { ignored: string } {
  const { detail } = event;
  const ref = refFromTags(detail.mail.tags);
  if (!ref) return { ignored: 'no tenant or message tag' };
  const kind = kinds[detail.eventType];
  if (!kind) return { ignored: `event type ${detail.eventType}` };
  const base = { eventId: event.id, tenantId: ref.tenantId, messageId: ref.id, providerMessageId: detail.mail.messageId };
  const at = (own: { timestamp: string } | undefined) => own?.timestamp ?? event.time;
  switch (kind) {
    case 'bounce':
      if (!detail.bounce) return { ignored: 'bounce without its details' };
      return {
        ...base,
        kind,
        at: at(detail.bounce),
        bounceType: detail.bounce.bounceType,
        recipients: detail.bounce.bouncedRecipients.map((r) => r.emailAddress),
      };
    case 'complaint':
      if (!detail.complaint) return { ignored: 'complaint without its details' };
      return { ...base, kind, at: at(detail.complaint), recipients: detail.complaint.complainedRecipients.map((r) => r.emailAddress) };
    case 'delivery':
      return { ...base, kind, at: at(detail.delivery) };
    case 'open':
      return { ...base, kind, at: at(detail.open) };
    case 'click':
      return { ...base, kind, at: at(detail.click) };
    case 'delay':
      return { ...base, kind, at: at(detail.deliveryDelay) };
    default:
      return { ...base, kind, at: event.time };
  }
}
