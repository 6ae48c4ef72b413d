import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AgencyDelivery, DeliveryStatus, Escalation } from '../../../domain/escalation/escalation.schema.ts';
import type { AgencyDeliveryQueue, EscalationInvoiceHead, EscalationRepository } from '../../../domain/escalation/ports.ts';
import type { SettlementChecks } from '../../../domain/escalation/settle.use-case.ts';
import { batchGetAll } from './batch-get.ts';
import { appliedIf, compact } from './conditional.ts';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor.ts';
import {
  agencyEventKey,
  deliveryKey,
  dynamoEscalatedInvoices,
  escalationKey,
  escalatedIndexKeys,
  escalationMarkerKey,
  settlementCheckKey,
  settlementQueue,
} from './escalation-keys.ts';
import { keyFields } from './entities/model.ts';
import { shardedQueue } from './shards.ts';

/** The agency's webhook queue: a sparse gsi2 partition spread over 8 keys by tenant (like the outbox's). */
export const AGENCY_QUEUE_SHARDS = 8;
export const agencyQueue = shardedQueue('QUEUE#AGENCY', AGENCY_QUEUE_SHARDS);
/** Applied agency event ids are kept this long: a replay later than that is refused by its timestamp anyway. */
const EVENT_TTL_DAYS = 90;

const { gsi1, gsi2, gsi3 } = keyFields;
type Item = Record<string, unknown>;

const escalationItem = (e: Escalation): Item => ({
  ...escalationKey(e.tenantId, e.id),
  entity: 'escalation',
  ...e,
  [gsi1.pk]: `T#${e.tenantId}#ESCALATIONS`,
  [gsi1.sk]: `${e.createdAt}#${e.id}`,
  [gsi3.pk]: `T#${e.tenantId}#ESCALATIONS#CLIENT#${e.clientId}`,
  [gsi3.sk]: `${e.createdAt}#${e.id}`,
});

/** Pending deliveries wait until `dueAt`, claimed ones until their lease; delivered and dead ones leave the queue index. */
const queueAt = (d: AgencyDelivery) => (d.status === 'pending' ? d.dueAt : d.status === 'sending' ? d.leaseUntil : undefined);

const deliveryItem = (d: AgencyDelivery): Item => {
  const at = queueAt(d);
  return {
    ...deliveryKey(d.tenantId, d.id),
    entity: 'agencyDelivery',
    ...d,
    [gsi1.pk]: `T#${d.tenantId}#AGENCYDELIVERIES#${d.status}`,
    [gsi1.sk]: `${d.createdAt}#${d.id}`,
    ...(at ? { [gsi2.pk]: agencyQueue.of(d.tenantId), [gsi2.sk]: `${at}#${d.tenantId}#${d.id}` } : {}),
  };
};

const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'entity', 'ttl', gsi1.pk, gsi1.sk, gsi2.pk, gsi2.sk, gsi3.pk, gsi3.sk]);
const strip = <T>(item: Item): T => compact(Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.has(k)))) as T;

function pageCursor(tenantId: string, cursor: string | undefined): Record<string, unknown> | undefined {
  const inner = decodeCursor(tenantId, cursor);
  if (!inner) return undefined;
  try {
    const key = JSON.parse(inner) as unknown;
    if (key && typeof key === 'object' && !Array.isArray(key) && Object.values(key).every((v) => typeof v === 'string')) return key as Record<string, unknown>;
  } catch {
    // refused below
  }
  throw invalidCursor();
}

export function dynamoEscalationRepository(document: DynamoDBDocumentClient, table: string): EscalationRepository {
  const markers = dynamoEscalatedInvoices(document, table);
  const transact = (items: NonNullable<TransactWriteCommandInput['TransactItems']>) =>
    appliedIf(() => document.send(new TransactWriteCommand({ TransactItems: items })));
  return {
    create(e, delivery) {
      return transact([
        { Put: { TableName: table, Item: escalationItem(e), ConditionExpression: 'attribute_not_exists(pk)' } },
        ...e.invoices.map((i) => ({
          Put: {
            TableName: table,
            Item: {
              ...escalationMarkerKey(e.tenantId, i.id),
              ...escalatedIndexKeys(e.tenantId, i.id),
              entity: 'escalationMarker',
              tenantId: e.tenantId,
              invoiceId: i.id,
              escalationId: e.id,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        })),
        { Put: { TableName: table, Item: deliveryItem(delivery), ConditionExpression: 'attribute_not_exists(pk)' } },
      ]);
    },
    replace(next, previous, write = {}) {
      const at = Math.floor(Date.parse(next.updatedAt) / 1000);
      return transact([
        {
          Put: {
            TableName: table,
            Item: escalationItem(next),
            ConditionExpression: '#v = :v',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':v': previous.version },
          },
        },
        ...(write.delivery ? [{ Put: { TableName: table, Item: deliveryItem(write.delivery), ConditionExpression: 'attribute_not_exists(pk)' } }] : []),
        // A marker goes only while it still names this escalation.
        ...(write.release ?? []).map((invoiceId) => ({
          Delete: {
            TableName: table,
            Key: escalationMarkerKey(next.tenantId, invoiceId),
            ConditionExpression: 'attribute_not_exists(pk) OR escalationId = :e',
            ExpressionAttributeValues: { ':e': next.id },
          },
        })),
        ...(write.agencyEventId
          ? [
              {
                Put: {
                  TableName: table,
                  Item: {
                    ...agencyEventKey(next.tenantId, write.agencyEventId),
                    entity: 'agencyEvent',
                    escalationId: next.id,
                    at: next.updatedAt,
                    ttl: at + EVENT_TTL_DAYS * 86_400,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ]
          : []),
      ]);
    },
    async get(tenantId, id) {
      const { Item } = await document.send(new GetCommand({ TableName: table, Key: escalationKey(tenantId, id), ConsistentRead: true }));
      return Item ? strip<Escalation>(Item) : undefined;
    },
    async list(tenantId, filter, page) {
      const filters: string[] = [];
      const values: Record<string, unknown> = {};
      const names: Record<string, string> = {};
      if (filter.status) {
        filters.push('#status = :status');
        names['#status'] = 'status';
        values[':status'] = filter.status;
      }
      if (filter.stage) {
        filters.push('#stage = :stage');
        names['#stage'] = 'stage';
        values[':stage'] = filter.stage;
      }
      const [index, pk] = filter.clientId ? [gsi3, `T#${tenantId}#ESCALATIONS#CLIENT#${filter.clientId}`] : [gsi1, `T#${tenantId}#ESCALATIONS`];
      const start = pageCursor(tenantId, page.cursor);
      const answer = await document.send(
        new QueryCommand({
          TableName: table,
          IndexName: index.index,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': index.pk, ...names },
          ExpressionAttributeValues: { ':pk': pk, ...values },
          ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
          ScanIndexForward: false,
          Limit: page.limit,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      const cursor = answer.LastEvaluatedKey ? encodeCursor(tenantId, JSON.stringify(answer.LastEvaluatedKey)) : undefined;
      return { items: (answer.Items ?? []).map((i) => strip<Escalation>(i)), ...(cursor ? { cursor } : {}) };
    },
    escalatedAmong: markers.escalatedAmong,
    async eventSeen(tenantId, eventId) {
      const { Item } = await document.send(new GetCommand({ TableName: table, Key: agencyEventKey(tenantId, eventId), ConsistentRead: true }));
      return Boolean(Item);
    },
    async invoices(tenantId, ids) {
      const items = await batchGetAll(
        document,
        table,
        [...new Set(ids)].map((id) => ({ pk: `T#${tenantId}#INVOICE#${id}`, sk: 'HEAD' })),
      );
      return items.map((i) => ({
        id: i.id as string,
        tenantId: i.tenantId as string,
        clientId: i.clientId as string,
        ...(i.number ? { number: i.number as string } : {}),
        status: i.status as EscalationInvoiceHead['status'],
        dueDate: i.dueDate as string,
        currency: i.currency as EscalationInvoiceHead['currency'],
        balance: i.balance as number,
      }));
    },
  };
}

/** One page of a sharded due queue (gsi2): its entries due at or before `now` (`~` sorts after every ISO digit). */
const dueEntries = (document: DynamoDBDocumentClient, table: string, queue: string, now: string, limit: number) =>
  document.send(
    new QueryCommand({
      TableName: table,
      IndexName: gsi2.index,
      KeyConditionExpression: '#pk = :pk AND #sk <= :now',
      ExpressionAttributeNames: { '#pk': gsi2.pk, '#sk': gsi2.sk },
      ExpressionAttributeValues: { ':pk': queue, ':now': `${now}~` },
      Limit: limit,
    }),
  );

export function dynamoAgencyDeliveryQueue(document: DynamoDBDocumentClient, table: string): AgencyDeliveryQueue {
  const current = async (tenantId: string, id: string) => {
    const { Item } = await document.send(new GetCommand({ TableName: table, Key: deliveryKey(tenantId, id), ConsistentRead: true }));
    return Item ? strip<AgencyDelivery>(Item) : undefined;
  };
  return {
    queues: agencyQueue.all,
    async dueIn(queue, now, limit) {
      const answer = await dueEntries(document, table, queue, now, limit);
      // The index is eventually consistent: each entry is re-read before anyone acts on it.
      const items = await Promise.all((answer.Items ?? []).map((i) => current(i.tenantId as string, i.id as string)));
      return items.filter((d): d is AgencyDelivery => d !== undefined && (queueAt(d) ?? '~') <= now);
    },
    transition(next, previous) {
      return appliedIf(() =>
        document.send(
          new PutCommand({
            TableName: table,
            Item: deliveryItem(next),
            ConditionExpression: '#v = :v',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':v': previous.version },
          }),
        ),
      );
    },
    get: current,
    async listByStatus(tenantId, status: DeliveryStatus, page) {
      const start = pageCursor(tenantId, page.cursor);
      const answer = await document.send(
        new QueryCommand({
          TableName: table,
          IndexName: gsi1.index,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': gsi1.pk },
          ExpressionAttributeValues: { ':pk': `T#${tenantId}#AGENCYDELIVERIES#${status}` },
          ScanIndexForward: false,
          Limit: page.limit,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      const cursor = answer.LastEvaluatedKey ? encodeCursor(tenantId, JSON.stringify(answer.LastEvaluatedKey)) : undefined;
      return { items: (answer.Items ?? []).map((i) => strip<AgencyDelivery>(i)), ...(cursor ? { cursor } : {}) };
    },
  };
}

/** The settlement checks the payment hook queues (escalation-keys.ts), for the escalation dispatcher. */
export function dynamoSettlementChecks(document: DynamoDBDocumentClient, table: string): SettlementChecks {
  return {
    queues: settlementQueue.all,
    async dueIn(queue, now, limit) {
      const answer = await dueEntries(document, table, queue, now, limit);
      return (answer.Items ?? []).map((i) => ({ tenantId: i.tenantId as string, escalationId: i.escalationId as string, queuedAt: i.queuedAt as string }));
    },
    async done(check) {
      await appliedIf(() =>
        document.send(
          new DeleteCommand({
            TableName: table,
            Key: settlementCheckKey(check.tenantId, check.escalationId),
            ConditionExpression: 'queuedAt = :q',
            ExpressionAttributeValues: { ':q': check.queuedAt },
          }),
        ),
      );
    },
  };
}
