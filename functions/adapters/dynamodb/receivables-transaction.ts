import { setTimeout as sleep } from 'node:timers/promises';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReceivablesAggregates, ReceivablesWrite } from '../../../domain/receivables/aggregates-port.ts';
import type { TransactItem } from './receivables-aggregates.store.ts';

/** DynamoDB's limit of items per TransactWriteItems. */
const MAX_TRANSACTION_ITEMS = 100;

/**
 * How many times a document write prepares its receivables items again after another write of the same
 * client moved that client's receivables item first (as the store's own `apply`: 8 writers of one client all land).
 */
export const RECEIVABLES_ATTEMPTS = 25;

/** A jittered pause before preparing again, growing with the attempt (at most 250 ms). */
export const receivablesBackoff = (attempt: number) => sleep(Math.random() * Math.min(250, 5 * 2 ** attempt));

/**
 * A transaction run for `writeWithGuards`: the document's own items (ElectroDB's `.params()`), then the
 * receivables items `prepare` gives for `write`, sent as one TransactWriteItems with the document client.
 * A cancellation comes back as thrown by the SDK, its reasons in the same order as the items, so the
 * document's items keep their indexes and the receivables items follow them. Prepared on every run,
 * so a retry after contention reads the client's receivables again.
 */
export function receivablesRun(
  document: DynamoDBDocumentClient,
  aggregates: ReceivablesAggregates<TransactItem>,
  documentItems: () => TransactItem[],
  write: ReceivablesWrite | undefined,
) {
  return async () => {
    const own = documentItems();
    const items = write ? [...own, ...(await aggregates.prepare(write))] : own;
    if (items.length > MAX_TRANSACTION_ITEMS) throw new Error(`one document write needs ${items.length} transaction items (most ${MAX_TRANSACTION_ITEMS})`);
    await document.send(new TransactWriteCommand({ TransactItems: items }));
    return { canceled: false, data: [] };
  };
}
