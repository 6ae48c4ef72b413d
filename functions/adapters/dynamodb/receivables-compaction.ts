import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Currency } from '../../../domain/receivables/money.ts';
import { keyFields } from './entities/model.ts';
import { receivablesKeys } from './receivables-keys.ts';
import { oldestFirst } from './shards.ts';
import type { TransactItem } from './receivables-aggregates.store.ts';

/** Never compacted: sorts before every ISO time, so a new registration is first in the queue. */
const NEVER = '0000';
const queueSk = (lastRun: string, tenantId: string, currency: string) => `${lastRun}#${tenantId}#${currency}`;

/**
 * The list of tenants and currencies whose aggregates the scheduled job compacts: one item per tenant and
 * currency (`T#<t>#AGG#COMPACT` / `<cur>`) in the cross-tenant gsi2 partitions `QUEUE#AGG-COMPACT#<n>` (n by
 * the tenant), sorted by its last run. A client's first receivables write in a currency adds it (`itemsFor`); after the first
 * time a process sees it registered, that costs nothing more, so imports never queue on this item.
 */
export function compactionRegistry(document: DynamoDBDocumentClient, table: string) {
  const known = new Set<string>();
  return {
    /** The transaction item registering (tenant, currency), or none once known to be there. */
    async itemsFor(tenantId: string, currency: Currency): Promise<TransactItem[]> {
      const key = `${tenantId}\n${currency}`;
      if (known.has(key)) return [];
      const Key = { pk: receivablesKeys.compaction(tenantId), sk: currency };
      const { Item } = await document.send(new GetCommand({ TableName: table, Key }));
      if (Item) {
        known.add(key);
        return [];
      }
      return [
        {
          Update: {
            TableName: table,
            Key,
            // if_not_exists: two first writers at once both land, and neither resets a later run's position.
            UpdateExpression: 'SET #qpk = :q, #qsk = if_not_exists(#qsk, :s), tenantId = :t, currency = :c',
            ExpressionAttributeNames: { '#qpk': keyFields.gsi2.pk, '#qsk': keyFields.gsi2.sk },
            ExpressionAttributeValues: {
              ':q': receivablesKeys.compactionQueue.of(tenantId),
              ':s': queueSk(NEVER, tenantId, currency),
              ':t': tenantId,
              ':c': currency,
            },
          },
        },
      ];
    },

    /**
     * Registered (tenant, currency) pairs last compacted before `before` (ISO time), oldest run first: every
     * partition read at once, each bounded by `limit`, merged by last run (data-model R12).
     */
    async due(before: string, limit: number): Promise<Array<{ tenantId: string; currency: Currency }>> {
      const pages = await Promise.all(
        receivablesKeys.compactionQueue.all.map(async (partition) => {
          const { Items = [] } = await document.send(
            new QueryCommand({
              TableName: table,
              IndexName: keyFields.gsi2.index,
              KeyConditionExpression: '#qpk = :q AND #qsk < :before',
              ExpressionAttributeNames: { '#qpk': keyFields.gsi2.pk, '#qsk': keyFields.gsi2.sk },
              ExpressionAttributeValues: { ':q': partition, ':before': before },
              Limit: limit,
            }),
          );
          return Items;
        }),
      );
      const merged = oldestFirst(pages, { sortKey: (i) => i[keyFields.gsi2.sk] as string, identity: (i) => `${i.tenantId}\n${i.currency}` }, limit);
      return merged.map((i) => ({ tenantId: i.tenantId as string, currency: i.currency as Currency }));
    },

    /** Records a run at `at`: the pair goes to the end of the queue, in its tenant's shard (a registration of before the split moves there). */
    async ran(tenantId: string, currency: Currency, at: string): Promise<void> {
      await document.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: receivablesKeys.compaction(tenantId), sk: currency },
          UpdateExpression: 'SET #qpk = :q, #qsk = :s, lastRun = :at',
          ExpressionAttributeNames: { '#qpk': keyFields.gsi2.pk, '#qsk': keyFields.gsi2.sk },
          ExpressionAttributeValues: { ':q': receivablesKeys.compactionQueue.of(tenantId), ':s': queueSk(at, tenantId, currency), ':at': at },
        }),
      );
    },
  };
}

export type CompactionRegistry = ReturnType<typeof compactionRegistry>;

/** What one scheduled run did. */
export interface CompactionReport {
  compacted: number;
  deleted: number;
  trimmed: number;
  /** Pairs due that this run left for the next (out of time or over its bound). */
  left: boolean;
}

/**
 * One scheduled run: compacts the registered (tenant, currency) pairs not compacted since `staleBefore`,
 * oldest run first, at most `maxPairs` and while `keepGoing()` says there is time. Level-triggered: what a
 * run leaves is still due at the next.
 */
export async function compactDue(
  registry: CompactionRegistry,
  compact: (tenantId: string, currency: Currency) => Promise<{ deleted: number; trimmed: number }>,
  opts: { now: () => Date; staleBefore: string; maxPairs: number; keepGoing: () => boolean },
): Promise<CompactionReport> {
  const report: CompactionReport = { compacted: 0, deleted: 0, trimmed: 0, left: false };
  const due = await registry.due(opts.staleBefore, opts.maxPairs + 1);
  for (const [i, { tenantId, currency }] of due.entries()) {
    if (i >= opts.maxPairs || !opts.keepGoing()) {
      report.left = true;
      break;
    }
    const { deleted, trimmed } = await compact(tenantId, currency);
    await registry.ran(tenantId, currency, opts.now().toISOString());
    report.compacted += 1;
    report.deleted += deleted;
    report.trimmed += trimmed;
  }
  return report;
}
