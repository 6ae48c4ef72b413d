import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** BatchGetItem's limit of keys per request. */
const BATCH = 100;
const MAX_ROUNDS = 8;
/**
 * Requests in flight at once. Unbounded, a read of 50,000 keys fired 500 requests together: they queued
 * behind the SDK's 50 sockets and timed out waiting for one (the connection timeout counts the wait).
 */
const IN_FLIGHT = 8;

export type ItemKey = { pk: string; sk: string };

/**
 * Every item of `keys` that exists, read with strongly consistent BatchGetItems of 100 keys (up to 8 in
 * parallel); unprocessed keys (throttling) are asked again with a short backoff.
 */
export async function batchGetAll(document: DynamoDBDocumentClient, table: string, keys: readonly ItemKey[]): Promise<Array<Record<string, unknown>>> {
  const found: Array<Record<string, unknown>> = [];
  const batches: ItemKey[][] = [];
  for (let i = 0; i < keys.length; i += BATCH) batches.push(keys.slice(i, i + BATCH));
  let next = 0;
  const readBatch = async (batch: ItemKey[]) => {
    let pending: Array<Record<string, unknown>> | undefined = batch;
    for (let round = 0; pending?.length; round += 1) {
      if (round === MAX_ROUNDS) throw new Error(`batch get: ${pending.length} keys still unprocessed after ${MAX_ROUNDS} rounds`);
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
      const answer = await document.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }));
      found.push(...(answer.Responses?.[table] ?? []));
      pending = answer.UnprocessedKeys?.[table]?.Keys as Array<Record<string, unknown>> | undefined;
    }
  };
  const worker = async () => {
    while (next < batches.length) await readBatch(batches[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, batches.length) }, worker));
  return found;
}
