import { DeleteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReceiptRequests } from '../../../domain/collections/receipts.use-case.ts';
import type { ReceiptRequest } from '../../../domain/receivables/receipt-request.ts';
import { keyFields } from './entities/model.ts';
import type { TransactItem } from './receivables-aggregates.store.ts';
import { oldestFirst, stableShard } from './shards.ts';

/**
 * Receipt requests (receipt-request.ts): one item per recorded payment, `pk = T#<t>`, `sk = RECEIPT#<paymentId>`,
 * in the sparse gsi2 queue `QUEUE#RECEIPTS#<n>` (n = FNV-1a(`<tenant>#<payment>`) mod 8, so a payments import
 * of thousands of rows spreads over 8 keys) sorted `<requestedAt>#<tenant>#<payment>`. Written raw inside the
 * payment's transaction (money-source.repository.ts), deleted by the receipt planner once its receipt exists.
 */
export const RECEIPT_SHARDS = 8;
const queueKey = (n: number) => `QUEUE#RECEIPTS#${n}`;
export const receiptQueues = Array.from({ length: RECEIPT_SHARDS }, (_, n) => queueKey(n));

const keyOf = (tenantId: string, paymentId: string) => ({ [keyFields.pk]: `T#${tenantId}`, [keyFields.sk]: `RECEIPT#${paymentId}` });

/** The request as a transaction item: a create (a redo of the same payment is refused with the payment itself). */
export function receiptRequestItem(table: string, request: ReceiptRequest): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: {
        ...request,
        ...keyOf(request.tenantId, request.paymentId),
        [keyFields.gsi2.pk]: queueKey(stableShard(`${request.tenantId}#${request.paymentId}`, RECEIPT_SHARDS)),
        [keyFields.gsi2.sk]: `${request.requestedAt}#${request.tenantId}#${request.paymentId}`,
      },
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': keyFields.pk },
    },
  };
}

const requestOf = (item: Record<string, unknown>): ReceiptRequest => ({
  tenantId: item.tenantId as string,
  paymentId: item.paymentId as string,
  clientId: item.clientId as string,
  payment: item.payment as ReceiptRequest['payment'],
  invoices: item.invoices as ReceiptRequest['invoices'],
  today: item.today as string,
  requestedAt: item.requestedAt as string,
});

export function dynamoReceiptRequests(document: DynamoDBDocumentClient, table: string): ReceiptRequests {
  return {
    async due(now, limit) {
      // Every shard at once, each bounded by `limit`, merged oldest first; `~` sorts after every ISO character.
      const pages = await Promise.all(
        receiptQueues.map(async (queue) => {
          const { Items = [] } = await document.send(
            new QueryCommand({
              TableName: table,
              IndexName: keyFields.gsi2.index,
              KeyConditionExpression: '#q = :q AND #at <= :now',
              ExpressionAttributeNames: { '#q': keyFields.gsi2.pk, '#at': keyFields.gsi2.sk },
              ExpressionAttributeValues: { ':q': queue, ':now': `${now}~` },
              Limit: limit,
            }),
          );
          return Items as Array<Record<string, unknown>>;
        }),
      );
      return oldestFirst(pages, { sortKey: (i) => i[keyFields.gsi2.sk] as string, identity: (i) => `${i.tenantId}/${i.paymentId}` }, limit).map(requestOf);
    },
    async done({ tenantId, paymentId }) {
      await document.send(new DeleteCommand({ TableName: table, Key: keyOf(tenantId, paymentId) }));
    },
  };
}
