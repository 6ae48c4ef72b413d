import type { SendLogRepository } from '../../../domain/messaging/send-log.ts';
import type { OutboundEmail } from '../../../domain/messaging/outbound-email.schema.ts';
import { compact } from './conditional.ts';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor.ts';
import type { DataService } from './entities/index.ts';
import { keyFields } from './entities/model.ts';
import { SEND_LOG_SHARDS, sendLogPartitions } from './entities/outbound-email.entity.ts';
import { byBytes } from './merged-index.ts';

/** Rounds one request may read while filters leave its page short (each round reads every partition once). */
export const SEND_LOG_READ_BUDGET = 6;

/** Items asked of each partition in a round: its share of what the page still needs, with room for uneven shards. */
export const perPartition = (need: number, partitions: number) => (partitions === 1 ? need : Math.min(need, Math.ceil((need * 1.5) / SEND_LOG_SHARDS) + 1));

/** One index partition of the log: how to query it and its key names and value. */
interface Partition {
  query: () => { between: (from: never, to: never) => { where: (clause: never) => { go: (options: never) => Promise<unknown> } } };
  gsiPk: string;
  gsiSk: string;
  value: string;
}
interface RawPage {
  data: Array<Record<string, unknown>>;
  cursor: string | null;
}

/** Where an item stands in the log's order: its index sort key, `<createdAt>#<id>` (ids have no `#`). */
const positionOf = (item: Record<string, unknown>) => `${item.createdAt as string}#${item.id as string}`;

/**
 * The send log from its sparse indexes (data-model D1, D2): the tenant's in gsi1 over 17 partitions — the 16
 * shards `T#<t>#MESSAGES#<n>` and the unsharded key items written before the split keep until their next write
 * — merged newest first; one client's in gsi3 `T#<t>#MESSAGES#CLIENT#<c>`. Both sorted `<createdAt>#<id>`.
 * The dates are a key condition; status, skip reason and type filter expressions on the attributes
 * `outboxItem` derives. The cursor is the position of the last message handed out, so every partition
 * resumes just after it.
 */
export function dynamoSendLogRepository(data: DataService): SendLogRepository {
  const { outboundEmail } = data.entities;
  const fromItem = ({ queueAt: _q, queuePk: _p, logPk: _l, logClientId: _c, messageType: _t, skipReason: _r, ...rest }: Record<string, unknown>) =>
    compact(rest) as unknown as OutboundEmail;
  return {
    async list(tenantId, query, { limit, cursor }) {
      const partitions: Partition[] = query.clientId
        ? [
            {
              query: () => outboundEmail.query.clientLog({ tenantId, logClientId: query.clientId! }) as never,
              gsiPk: keyFields.gsi3.pk,
              gsiSk: keyFields.gsi3.sk,
              value: `T#${tenantId}#MESSAGES#CLIENT#${query.clientId}`,
            },
          ]
        : sendLogPartitions(tenantId).map((logPk) => ({
            query: () => outboundEmail.query.log({ logPk }) as never,
            gsiPk: keyFields.gsi1.pk,
            gsiSk: keyFields.gsi1.sk,
            value: logPk,
          }));
      // `~` sorts after every ISO time character (`to` takes the whole of its day), `0` before any year.
      const lower = query.from ?? '0';
      const upper = query.to ? `${query.to}~` : '~';
      const where = ({ status, skipReason, messageType }: Record<string, unknown>, { eq }: { eq: (a: never, b: never) => string }) =>
        [
          query.status ? eq(status as never, query.status as never) : '',
          query.reason ? eq(skipReason as never, query.reason as never) : '',
          query.type ? eq(messageType as never, query.type as never) : '',
        ]
          .filter(Boolean)
          .join(' AND ');
      const scope = `${tenantId}/${query.clientId ?? ''}`;
      let after = positionFrom(decodeCursor(scope, cursor), lower, upper);
      const items: OutboundEmail[] = [];
      let exhausted = false;
      for (let round = 0; round < SEND_LOG_READ_BUDGET && items.length < limit && !exhausted; round++) {
        const need = limit - items.length;
        const each = perPartition(need, partitions.length);
        const pages = await Promise.all(
          partitions.map(
            async (p) =>
              (await p
                .query()
                .between({ createdAt: lower } as never, { createdAt: upper } as never)
                .where(where as never)
                .go({ order: 'desc', limit: each, pages: 1, cursor: after ? startKey(tenantId, p, after) : null } as never)) as RawPage,
          ),
        );
        const merged = newestFirst(pages, partitions, need);
        items.push(...merged.items.map(fromItem));
        if (merged.next) after = merged.next;
        else exhausted = true;
      }
      const next = exhausted ? undefined : encodeCursor(scope, JSON.stringify({ g: after }));
      return { items, ...(next ? { cursor: next } : {}) };
    },
  };
}

/**
 * Merges one round of newest-first reads. A partition that stopped early (it has a cursor) is only known
 * down to its last evaluated key; items older than the newest such frontier may still have unread newer
 * neighbours elsewhere, so they wait for the next round. A message in two partitions (moved from the
 * unsharded key while the index catches up) is taken once.
 */
export function newestFirst(
  pages: RawPage[],
  partitions: Array<Pick<Partition, 'gsiSk'>>,
  need: number,
): { items: Array<Record<string, unknown>>; next?: string } {
  let bound: string | undefined;
  pages.forEach((page, i) => {
    if (!page.cursor) return;
    const frontier = (JSON.parse(Buffer.from(page.cursor, 'base64url').toString('utf8')) as Record<string, string>)[partitions[i]!.gsiSk]!;
    if (bound === undefined || byBytes(frontier, bound) > 0) bound = frontier;
  });
  const byId = new Map<string, { item: Record<string, unknown>; at: string }>();
  for (const page of pages) {
    for (const item of page.data) {
      const at = positionOf(item);
      if (bound !== undefined && byBytes(at, bound) < 0) continue;
      byId.set(item.id as string, { item, at });
    }
  }
  const ordered = [...byId.values()].sort((x, y) => byBytes(y.at, x.at));
  const taken = ordered.slice(0, need);
  if (taken.length < ordered.length) return { items: taken.map((t) => t.item), next: taken.at(-1)!.at };
  return bound !== undefined ? { items: taken.map((t) => t.item), next: bound } : { items: taken.map((t) => t.item) };
}

/** ElectroDB's cursor (the encoded start key) for a partition resumed just after position `at`. */
function startKey(tenantId: string, p: Partition, at: string): string {
  const id = at.slice(at.lastIndexOf('#') + 1);
  const key = { [keyFields.pk]: `T#${tenantId}`, [keyFields.sk]: `OUTBOX#${id}`, [p.gsiPk]: p.value, [p.gsiSk]: at };
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The position a cursor carries; anything else, or a position outside the asked dates, is a 400 at `/query/cursor`. */
function positionFrom(inner: string | undefined, lower: string, upper: string): string | undefined {
  if (inner === undefined) return undefined;
  try {
    const { g } = JSON.parse(inner) as { g?: unknown };
    if (typeof g === 'string' && g.includes('#') && g.length <= 300 && g >= lower && g <= upper) return g;
  } catch {
    // fall through to the error below
  }
  throw invalidCursor();
}
