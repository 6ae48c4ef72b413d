import type { OutboundEmail } from '../../../domain/messaging/outbound-email.schema.ts';
import type { OutboxRepository, UndecidedEmails } from '../../../domain/messaging/ports.ts';
import { appliedIf, compact } from './conditional.ts';
import type { DataService } from './entities/index.ts';
import { AWAITING_DECISION, OUT_OF_QUEUE } from './entities/outbound-email.entity.ts';

/**
 * Pending mail waits until `dueAt`; a claimed one until its lease runs out; one of unknown outcome waits
 * for a person past every due time (`unknown` sorts after any ISO time); the rest leave the index.
 */
const queueAt = (e: OutboundEmail) =>
  (e.status === 'pending' ? e.dueAt : e.status === 'sending' ? e.leaseUntil : e.status === 'unknown' ? AWAITING_DECISION : undefined) ?? OUT_OF_QUEUE;

/** The stored form of an e-mail, for repositories that write it in their own transactions (outbox pattern). */
export const outboxItem = (e: OutboundEmail) => ({ ...e, queueAt: queueAt(e) });

export function dynamoOutboxRepository(data: DataService): OutboxRepository & UndecidedEmails {
  const { outboundEmail } = data.entities;
  const toItem = outboxItem;
  const fromItem = ({ queueAt: _q, ...rest }: Record<string, unknown>) => compact(rest) as unknown as OutboundEmail;
  return {
    async enqueue(email) {
      await outboundEmail.create(toItem(email)).go();
    },
    async due(now, limit) {
      // `~` sorts after every ISO digit, so `lte(now~)` takes every queue key at or before now.
      const result = await outboundEmail.query
        .queue({})
        .lte({ queueAt: `${now}~` } as never)
        .go({ limit, pages: 1 });
      // The index is eventually consistent: re-read each item from the table before acting on it.
      const items = await Promise.all(result.data.map((e) => outboundEmail.get({ tenantId: e.tenantId, id: e.id }).go({ consistent: true })));
      return items.flatMap((r) => (r.data && queueAt(fromItem(r.data)) <= now ? [fromItem(r.data)] : []));
    },
    async transition(next, previous) {
      return appliedIf(() =>
        outboundEmail
          .put(toItem(next))
          .where(({ version }, { eq }) => eq(version, previous.version))
          .go(),
      );
    },
    async get(tenantId, id) {
      const { data: item } = await outboundEmail.get({ tenantId, id }).go({ consistent: true });
      return item ? fromItem(item) : undefined;
    },
    async awaitingDecision({ tenantId, limit, cursor }) {
      const keys = { queueAt: AWAITING_DECISION, ...(tenantId ? { tenantId } : {}) };
      const result = await outboundEmail.query.queue(keys as never).go({ limit, pages: 1, ...(cursor ? { cursor } : {}) });
      return { items: result.data.map((e) => fromItem(e)), ...(result.cursor ? { cursor: result.cursor } : {}) };
    },
  };
}
