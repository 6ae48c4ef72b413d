import type { CollectionMessageStore } from '../../../domain/collections/ports.ts';
import { appliedIf } from './conditional.ts';
import type { DataService } from './entities/index.ts';
import { dynamoOutboxRepository, outboxItem } from './outbox.repository.ts';

/**
 * Collection messages are outbox e-mails under their deterministic id: ElectroDB `create` adds the
 * "no item with this key" condition, so a second planning of the same message (a re-run, a concurrent
 * planner, a catch-up, a "send now" of the same step) is refused by DynamoDB and reported as false.
 */
export function dynamoCollectionMessageStore(data: DataService): CollectionMessageStore {
  const outbox = dynamoOutboxRepository(data);
  return {
    planOnce: (message) => appliedIf(() => data.entities.outboundEmail.create(outboxItem(message)).go()),
    get: (tenantId, id) => outbox.get(tenantId, id),
  };
}
