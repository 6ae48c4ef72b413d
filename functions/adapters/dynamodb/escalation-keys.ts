import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, type ItemKey } from './batch-get.ts';
import { shardedQueue } from './shards.ts';

/**
 * Keys of the escalation items (docs/data-model.md, "Escalations"). Small and free of the rest of the
 * escalation adapter, so the planner and the dispatcher's re-check read the markers without bundling it.
 *
 * An escalated invoice carries a marker item in its own partition, beside its header:
 * `T#<tenant>#INVOICE#<id>` / `ESCALATION` → the escalation's id. Written with the escalation (refused when
 * there: an invoice is escalated once), deleted when the invoice is settled or the case closes.
 */
export const ESCALATION_MARKER_SK = 'ESCALATION';
export const escalationMarkerKey = (tenantId: string, invoiceId: string): ItemKey => ({ pk: `T#${tenantId}#INVOICE#${invoiceId}`, sk: ESCALATION_MARKER_SK });
/**
 * The markers are also the tenant's escalated invoices on gsi1 (`T#<t>#ESCALATED` / `<invoiceId>`): a planner
 * reading 50,000 open invoices asks that partition (as many items as invoices escalated, usually a handful)
 * instead of 500 BatchGetItems of markers that are nearly all absent.
 */
export const escalatedIndexKeys = (tenantId: string, invoiceId: string) => ({ gsi1pk: `T#${tenantId}#ESCALATED`, gsi1sk: invoiceId });
/** Up to this many invoices the markers are read by key (strongly consistent); above it, the index (eventually). */
export const MARKERS_BY_KEY = 300;

export const escalationKey = (tenantId: string, id: string): ItemKey => ({ pk: `T#${tenantId}`, sk: `ESCALATION#${id}` });
export const deliveryKey = (tenantId: string, id: string): ItemKey => ({ pk: `T#${tenantId}`, sk: `AGENCYDELIVERY#${id}` });
/** An agency event applied once: its id, kept 90 days (TTL), refuses the same event again. */
export const agencyEventKey = (tenantId: string, eventId: string): ItemKey => ({ pk: `T#${tenantId}`, sk: `AGENCYEVENT#${eventId}` });

/**
 * Which of the invoices are escalated, and by which escalation. Up to `MARKERS_BY_KEY` invoices (an API request,
 * a payment's invoices): a strongly consistent BatchGet of their markers. More (a planner's day): the tenant's
 * escalated partition, read whole and intersected; eventually consistent, which planning can take because the
 * dispatcher re-reads the markers of each message's invoices consistently before it sends.
 */
export function dynamoEscalatedInvoices(document: DynamoDBDocumentClient, table: string) {
  async function escalatedInTenant(tenantId: string): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await document.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': escalatedIndexKeys(tenantId, '').gsi1pk },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }
  return {
    async escalatedAmong(tenantId: string, invoiceIds: readonly string[]): Promise<Map<string, string>> {
      const ids = new Set(invoiceIds);
      if (ids.size === 0) return new Map();
      const items =
        ids.size <= MARKERS_BY_KEY
          ? await batchGetAll(
              document,
              table,
              [...ids].map((id) => escalationMarkerKey(tenantId, id)),
            )
          : (await escalatedInTenant(tenantId)).filter((i) => ids.has(i.invoiceId as string));
      return new Map(items.map((i) => [i.invoiceId as string, i.escalationId as string]));
    },
  };
}

/** Settlement checks waiting for the escalation dispatcher: a sparse gsi2 partition over 4 keys by tenant. */
export const settlementQueue = shardedQueue('QUEUE#ESCCHECK', 4);
export const settlementCheckKey = (tenantId: string, escalationId: string): ItemKey => ({ pk: `T#${tenantId}`, sk: `ESCCHECK#${escalationId}` });

/**
 * The payment hook: after money was applied to invoices, a settlement check for each escalation among them
 * (one BatchGet of their markers, one Put per escalation: usually none). The escalation dispatcher runs
 * the checks: the invoices settled leave the escalation, which closes as `closed_paid` when none is left.
 */
export function dynamoSettlementHook(document: DynamoDBDocumentClient, table: string, now: () => Date) {
  const { escalatedAmong } = dynamoEscalatedInvoices(document, table);
  return async (tenantId: string, invoiceIds: readonly string[]) => {
    const escalations = new Set((await escalatedAmong(tenantId, invoiceIds)).values());
    const queuedAt = now().toISOString();
    for (const escalationId of escalations) {
      await document.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...settlementCheckKey(tenantId, escalationId),
            entity: 'settlementCheck',
            tenantId,
            escalationId,
            queuedAt,
            gsi2pk: settlementQueue.of(tenantId),
            gsi2sk: `${queuedAt}#${tenantId}#${escalationId}`,
          },
        }),
      );
    }
    return escalations.size;
  };
}
