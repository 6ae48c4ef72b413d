import type { OutboundEmail } from '../../../domain/messaging/outbound-email.schema.ts';
import type { OutboxRepository, UndecidedEmails } from '../../../domain/messaging/ports.ts';
import { appliedIf, compact } from './conditional.ts';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor.ts';
import type { DataService } from './entities/index.ts';
import { AWAITING_DECISION, NOT_LOGGED, OUT_OF_QUEUE, outboxQueue } from './entities/outbound-email.entity.ts';
import { oldestFirst } from './shards.ts';

/**
 * Pending mail waits until `dueAt`; a claimed one until its lease runs out; one of unknown outcome waits
 * for a person past every due time (`unknown` sorts after any ISO time); the rest leave the index.
 */
const queueAt = (e: OutboundEmail) =>
  (e.status === 'pending' ? e.dueAt : e.status === 'sending' ? e.leaseUntil : e.status === 'unknown' ? AWAITING_DECISION : undefined) ?? OUT_OF_QUEUE;

/**
 * The stored form of an e-mail, for repositories that write it in their own transactions (outbox pattern).
 * A collection message also gets the send log's top-level attributes (its index keys and filters), so
 * whoever writes it (planner, dispatcher, SES events) keeps them right.
 */
export const outboxItem = (e: OutboundEmail) => ({
  ...e,
  queueAt: queueAt(e),
  ...(e.collection
    ? { logClientId: e.collection.clientId, messageType: e.collection.type, ...(e.collection.skipReason ? { skipReason: e.collection.skipReason } : {}) }
    : { logClientId: NOT_LOGGED }),
});

export function dynamoOutboxRepository(data: DataService): OutboxRepository & UndecidedEmails {
  const { outboundEmail } = data.entities;
  const toItem = outboxItem;
  const fromItem = ({ queueAt: _q, queuePk: _p, logClientId: _c, messageType: _t, skipReason: _r, ...rest }: Record<string, unknown>) =>
    compact(rest) as unknown as OutboundEmail;
  /** One partition's due entries, oldest first. `~` sorts after every ISO digit, so `lte(now~)` takes every queue key at or before now. */
  const indexed = async (queuePk: string, now: string, limit: number) =>
    (
      await outboundEmail.query
        .queue({ queuePk })
        .lte({ queueAt: `${now}~` } as never)
        .go({ limit, pages: 1 })
    ).data;
  /** The index is eventually consistent: each item re-read from the table before anyone acts on it. */
  const current = async (entries: Array<{ tenantId: string; id: string }>, now: string) => {
    const items = await Promise.all(entries.map((e) => outboundEmail.get({ tenantId: e.tenantId, id: e.id }).go({ consistent: true })));
    return items.flatMap((r) => (r.data && queueAt(fromItem(r.data)) <= now ? [fromItem(r.data)] : []));
  };
  return {
    async enqueue(email) {
      await outboundEmail.create(toItem(email)).go();
    },
    async due(now, limit) {
      // Every queue partition at once (data-model #11), each bounded by `limit`, merged so the oldest due
      // mail of any tenant goes first.
      const pages = await Promise.all(outboxQueue.all.map((queuePk) => indexed(queuePk, now, limit)));
      return current(oldestFirst(pages, { sortKey: (e) => `${e.queueAt}#${e.tenantId}#${e.id}`, identity: (e) => `${e.tenantId}/${e.id}` }, limit), now);
    },
    queues: outboxQueue.all,
    async dueIn(queue, now, limit) {
      return current(await indexed(queue, now, limit), now);
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
      // The partitions one after another (data-model #44): the cursor names the partition and the position in it.
      // A tenant's mail spreads over every shard: its own listing reads each, under its tenant's prefix.
      const partitions = outboxQueue.all;
      const scope = tenantId ?? '';
      let { p, c } = positionOf(decodeCursor(scope, cursor), partitions.length);
      const items: OutboundEmail[] = [];
      while (p < partitions.length && items.length < limit) {
        const keys = { queuePk: partitions[p]!, queueAt: AWAITING_DECISION, ...(tenantId ? { tenantId } : {}) };
        const result = await outboundEmail.query.queue(keys as never).go({ limit: limit - items.length, pages: 1, ...(c ? { cursor: c } : {}) });
        items.push(...result.data.map((e) => fromItem(e)));
        if (result.cursor) c = result.cursor;
        else [p, c] = [p + 1, undefined];
      }
      const next = p < partitions.length ? encodeCursor(scope, JSON.stringify({ p, c })) : undefined;
      return { items, ...(next ? { cursor: next } : {}) };
    },
  };
}

/** Where a listing of several partitions stands: partition `p`, and ElectroDB's cursor `c` inside it. */
function positionOf(inner: string | undefined, partitions: number): { p: number; c: string | undefined } {
  if (!inner) return { p: 0, c: undefined };
  try {
    const { p, c } = JSON.parse(inner) as { p?: unknown; c?: unknown };
    if (typeof p === 'number' && Number.isInteger(p) && p >= 0 && p < partitions && (c === undefined || typeof c === 'string')) return { p, c };
  } catch {
    // fall through to the error below
  }
  throw invalidCursor();
}
