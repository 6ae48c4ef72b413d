import { Logger } from '@aws-lambda-powertools/logger';
import { recordDeliveryEvent, type SuppressionSink } from '../../domain/messaging/delivery-events.ts';
import type { OutboxRepository } from '../../domain/messaging/ports.ts';
import { SesEventBridgeEvent, toDeliveryEvent } from '../adapters/ses/ses-event.ts';

export interface SesEventsReport {
  /** `applied`: the message changed; `repeated`: seen before; `ignored`: not ours or not followed; `unknown_message`: no such message. */
  outcome: 'applied' | 'repeated' | 'ignored' | 'unknown_message';
  suppressed: number;
  contactsFlagged: number;
}

/**
 * The ses-events function over given adapters (ses-events.handler.ts wires its own). A malformed event is
 * logged and dropped (retrying cannot fix it); a table failure throws, so EventBridge retries the event and
 * then hands it to the dead-letter queue.
 */
export function createSesEventsHandler(deps: { outbox: OutboxRepository; suppressions: SuppressionSink }, logger = new Logger({ serviceName: 'cobranza' })) {
  const record = recordDeliveryEvent(deps);
  return async (raw: unknown): Promise<SesEventsReport> => {
    const parsed = SesEventBridgeEvent.safeParse(raw);
    if (!parsed.success) {
      logger.warn('SES event not understood: dropped', { issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`) });
      return { outcome: 'ignored', suppressed: 0, contactsFlagged: 0 };
    }
    const event = toDeliveryEvent(parsed.data);
    if ('ignored' in event) {
      logger.info('SES event ignored', { reason: event.ignored, eventId: parsed.data.id });
      return { outcome: 'ignored', suppressed: 0, contactsFlagged: 0 };
    }
    const result = await record(event);
    // Ids only: addresses stay out of logs.
    logger.info('SES event recorded', {
      tenantId: event.tenantId,
      messageId: event.messageId,
      kind: event.kind,
      applied: result.applied,
      suppressed: result.suppressed.length,
      contactsFlagged: result.contactsFlagged,
    });
    const outcome = result.unknownMessage ? 'unknown_message' : result.applied ? 'applied' : 'repeated';
    return { outcome, suppressed: result.suppressed.length, contactsFlagged: result.contactsFlagged };
  };
}
