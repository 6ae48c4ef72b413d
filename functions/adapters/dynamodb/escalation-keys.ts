import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
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

export const escalationKey = (tenantId: string, id: string): ItemKey => ({ pk: `T#${tenantId}`, sk: `ESCALATION#${id}` });
export const deliveryKey = (tenantId: string, id: string): ItemKey => ({ pk: `T#${tenantId}`, sk: `AGENCYDELIVERY#${id}` });
/** An agency event applied once: its id, kept 90 days (TTL), refuses the same event again. */
export const agencyEventKey = (tenantId: string, eventId: string): ItemKey => ({ pk: `T#${tenantId}`, sk: `AGENCYEVENT#${eventId}` });

/** Which of the invoices are escalated, and by which escalation: one strongly consistent BatchGet of their markers. */
export function dynamoEscalatedInvoices(document: DynamoDBDocumentClient, table: string) {
  return {
    async escalatedAmong(tenantId: string, invoiceIds: readonly string[]): Promise<Map<string, string>> {
      const keys = [...new Set(invoiceIds)].map((id) => escalationMarkerKey(tenantId, id));
      if (keys.length === 0) return new Map();
      const items = await batchGetAll(document, table, keys);
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
