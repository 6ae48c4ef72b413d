import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClientBalancesReader } from '../../../domain/exports/ports.ts';
import type { OpenByDate } from '../../../domain/receivables/client-receivables.ts';
import { receivablesKeys } from './receivables-keys.ts';

/** BatchGetItem's limit of keys per request. */
const BATCH = 100;
const MAX_ROUNDS = 8;

/**
 * The clients' receivables items in one currency (the `CURRENCY#<cur>` item of each client, which writes
 * keep): one read per client, 100 per BatchGetItem, only the open balances by due date projected. A client
 * without an item has nothing open. Unprocessed keys (throttling) are asked again with a short backoff.
 */
export function dynamoClientBalances(document: DynamoDBDocumentClient, table: string, onRead?: (items: number) => void): ClientBalancesReader {
  return {
    async openByDue(tenantId, clientIds, currency) {
      const found = new Map<string, OpenByDate>();
      const sk = receivablesKeys.currencySk(currency);
      const batches: Array<Array<Record<string, string>>> = [];
      for (let i = 0; i < clientIds.length; i += BATCH) {
        batches.push(clientIds.slice(i, i + BATCH).map((id) => ({ pk: receivablesKeys.client(tenantId, id), sk })));
      }
      await Promise.all(
        batches.map(async (keys) => {
          let pending: Array<Record<string, unknown>> | undefined = keys;
          for (let round = 0; pending?.length; round += 1) {
            if (round === MAX_ROUNDS) throw new Error(`client balances: ${pending.length} keys still unprocessed after ${MAX_ROUNDS} rounds`);
            if (round > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
            const answer = await document.send(
              new BatchGetCommand({
                RequestItems: {
                  [table]: { Keys: pending, ProjectionExpression: 'clientId, openByDue', ConsistentRead: false },
                },
              }),
            );
            const items = answer.Responses?.[table] ?? [];
            onRead?.(items.length);
            for (const item of items) found.set(item.clientId as string, (item.openByDue as OpenByDate | undefined) ?? {});
            pending = answer.UnprocessedKeys?.[table]?.Keys as Array<Record<string, unknown>> | undefined;
          }
        }),
      );
      return found;
    },
  };
}
