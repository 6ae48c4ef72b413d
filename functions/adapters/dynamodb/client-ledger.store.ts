import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LedgerMovement } from '../../../domain/receivables/aggregates-port.ts';
import type { ClientLedger, LedgerMonth } from '../../../domain/receivables/client-ledger.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { ledgerKeys } from './ledger-items.ts';

/** Months per Query page: a client's whole history of months is a few hundred at most. */
const MONTHS_PAGE = 1000;

const toMovement = (item: Record<string, unknown>): LedgerMovement => ({
  clientId: item.clientId as string,
  currency: item.currency as LedgerMovement['currency'],
  date: item.date as string,
  kind: item.kind as LedgerMovement['kind'],
  documentId: item.documentId as string,
  ...(item.number !== undefined ? { number: item.number as string } : {}),
  amount: item.amount as number,
});

/**
 * Reads of the statement-of-account ledger that the aggregate store's `prepare` keeps (ledger-items.ts):
 * month totals in one Query, movements of a date range by key order, one page at a time. `onRead` is told
 * the items each read returned (cost tests).
 */
export function dynamoClientLedger(document: DynamoDBDocumentClient, table: string, onRead?: (items: number) => void): ClientLedger {
  return {
    async months(tenantId, clientId, currency, through): Promise<LedgerMonth[]> {
      const out: LedgerMonth[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await document.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
            ExpressionAttributeValues: {
              ':pk': ledgerKeys.pk(tenantId, clientId, currency),
              ':lo': ledgerKeys.monthSk(''),
              ':hi': ledgerKeys.monthSk(through),
            },
            Limit: MONTHS_PAGE,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        const items = page.Items ?? [];
        onRead?.(items.length);
        for (const item of items) out.push({ month: (item.sk as string).slice('MONTH#'.length), net: item.net as number });
        start = page.LastEvaluatedKey;
      } while (start);
      return out;
    },

    async movements(tenantId, clientId, currency, from, to, { limit, after }) {
      const pk = ledgerKeys.pk(tenantId, clientId, currency);
      // `$` sorts right after `#`: every key of `to`'s date is below `MOVE#<to>$`.
      const hi = `MOVE#${to}$`;
      // A position names a key of this read's range only; anything else would read another range.
      if (after !== undefined && !(after.startsWith('MOVE#') && after > `MOVE#${from}` && after < hi))
        throw new DomainError('validation_failed', 'ledger position outside the range', { errors: [{ pointer: '/query/cursor', code: 'invalid_cursor' }] });
      // One more than asked: a page that ends the range says so, and the last page is never an empty one.
      const page = await document.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
          ExpressionAttributeValues: { ':pk': pk, ':lo': `MOVE#${from}`, ':hi': hi },
          Limit: limit + 1,
          ...(after !== undefined ? { ExclusiveStartKey: { pk, sk: after } } : {}),
        }),
      );
      const items = page.Items ?? [];
      onRead?.(items.length);
      const kept = items.slice(0, limit);
      // More follow when the extra one came, or when DynamoDB cut the page at 1 MB first.
      const more = (items.length > limit || page.LastEvaluatedKey !== undefined) && kept.length > 0;
      return { movements: kept.map(toMovement), ...(more ? { after: kept.at(-1)!.sk as string } : {}) };
    },
  };
}
