import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CollectionRecheck } from '../../../domain/collections/recheck.ts';
import type { Invoice } from '../../../domain/receivables/invoice.ts';
import { batchGetAll } from './batch-get.ts';
import { ESCALATION_MARKER_SK, escalationMarkerKey } from './escalation-keys.ts';
import { suppressionKey } from './suppression.store.ts';

/**
 * The re-check's reads, all in one strongly consistent BatchGetItem (a message with more than 98 invoices
 * takes one more per 100): the client item (`status`, `collectionsEnabled`), each invoice's header
 * (`status`, `hold`) and the suppression item of each recipient.
 */
export function dynamoCollectionRecheck(document: DynamoDBDocumentClient, table: string): CollectionRecheck {
  return {
    async facts(tenantId, collection, to) {
      const clientKey = { pk: `T#${tenantId}`, sk: `CLIENT#${collection.clientId}` };
      const invoiceKeys = collection.invoiceIds.map((id) => ({ pk: `T#${tenantId}#INVOICE#${id}`, sk: 'HEAD' }));
      const suppressionKeys = [...new Set(to.map((e) => e.trim().toLowerCase()))].map((e) => suppressionKey(tenantId, e));
      const escalationKeys = collection.invoiceIds.map((id) => escalationMarkerKey(tenantId, id));
      const items = await batchGetAll(document, table, [clientKey, ...invoiceKeys, ...suppressionKeys, ...escalationKeys]);
      const client = items.find((i) => i.pk === clientKey.pk && i.sk === clientKey.sk);
      return {
        client: client ? { status: client.status as 'active' | 'inactive', collectionsEnabled: client.collectionsEnabled === true } : undefined,
        invoices: items
          .filter((i) => i.sk === 'HEAD' && typeof i.pk === 'string' && i.pk.startsWith(`T#${tenantId}#INVOICE#`))
          .map((i) => ({ id: i.id as string, status: i.status as Invoice['status'], ...(i.hold ? { hold: i.hold as Invoice['hold'] } : {}) })),
        suppressed: new Set(items.filter((i) => typeof i.sk === 'string' && i.sk.startsWith('SUPPRESSED#')).map((i) => i.email as string)),
        escalated: new Set(items.filter((i) => i.sk === ESCALATION_MARKER_SK).map((i) => i.invoiceId as string)),
      };
    },
  };
}
