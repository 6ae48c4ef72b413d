import type { SendLogRepository } from '../../../domain/messaging/send-log.ts';
import type { OutboundEmail } from '../../../domain/messaging/outbound-email.schema.ts';
import { compact } from './conditional.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { DataService } from './entities/index.ts';

/** Queries one request may make while filters leave its page short (each reads at most `limit` items). */
export const SEND_LOG_READ_BUDGET = 10;

/**
 * The send log from its two sparse indexes (data-model "send log"): gsi1 `T#<t>#MESSAGES` for the tenant,
 * gsi3 `T#<t>#MESSAGES#CLIENT#<c>` for one client, both sorted `<createdAt>#<id>` and read newest first.
 * The dates are a key condition; status, skip reason and type are filter expressions on top-level
 * attributes `outboxItem` derives, so a page costs at most SEND_LOG_READ_BUDGET × limit items read.
 */
export function dynamoSendLogRepository(data: DataService): SendLogRepository {
  const { outboundEmail } = data.entities;
  const fromItem = ({ queueAt: _q, queuePk: _p, logClientId: _c, messageType: _t, skipReason: _r, ...rest }: Record<string, unknown>) =>
    compact(rest) as unknown as OutboundEmail;
  return {
    async list(tenantId, query, { limit, cursor }) {
      const base = query.clientId ? outboundEmail.query.clientLog({ tenantId, logClientId: query.clientId }) : outboundEmail.query.log({ tenantId });
      // `~` sorts after every ISO time character (`to` takes the whole of its day), `0` before any year.
      const lower = query.from ?? '0';
      const upper = query.to ? `${query.to}~` : '~';
      const ranged = base.between({ createdAt: lower } as never, { createdAt: upper } as never);
      const filtered = ranged.where(({ status, skipReason, messageType }, { eq }) =>
        [
          query.status ? eq(status as never, query.status) : '',
          query.reason ? eq(skipReason as never, query.reason) : '',
          query.type ? eq(messageType as never, query.type) : '',
        ]
          .filter(Boolean)
          .join(' AND '),
      );
      const scope = `${tenantId}/${query.clientId ?? ''}`;
      let inner = decodeCursor(scope, cursor);
      const items: OutboundEmail[] = [];
      for (let reads = 0; reads < SEND_LOG_READ_BUDGET && items.length < limit; reads++) {
        const page = await filtered.go({ order: 'desc', limit: limit - items.length, pages: 1, ...(inner ? { cursor: inner } : {}) });
        items.push(...page.data.map((e) => fromItem(e as Record<string, unknown>)));
        inner = page.cursor ?? undefined;
        if (!inner) break;
      }
      const next = encodeCursor(scope, inner);
      return { items, ...(next ? { cursor: next } : {}) };
    },
  };
}
