import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SuppressionList } from '../../../domain/collections/ports.ts';
import { batchGetAll } from './batch-get.ts';

/** Why an address stopped receiving a tenant's mail. */
export type SuppressionReason = 'hard_bounce' | 'complaint';

/** The suppression item of an address for a tenant (data-model: `suppression`): `T#<t>` / `SUPPRESSED#<lower-cased e-mail>`. */
export const suppressionKey = (tenantId: string, email: string) => ({ pk: `T#${tenantId}`, sk: `SUPPRESSED#${email.trim().toLowerCase()}` });

export interface SuppressionStore extends SuppressionList {
  /** Suppresses the address for the tenant; true when this call did (false: it already was). */
  suppress(tenantId: string, email: string, why: { reason: SuppressionReason; at: string; messageId: string }): Promise<boolean>;
}

/**
 * Addresses a tenant must not write to again, one item each in the tenant's partition: a check of a
 * message's recipients is one BatchGetItem, and a second bounce of the same address changes nothing.
 */
export function dynamoSuppressionStore(document: DynamoDBDocumentClient, table: string): SuppressionStore {
  return {
    async suppressedAmong(tenantId, emails) {
      const distinct = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
      if (distinct.length === 0) return new Set();
      const items = await batchGetAll(
        document,
        table,
        distinct.map((e) => suppressionKey(tenantId, e)),
      );
      return new Set(items.map((item) => item.email as string));
    },
    async suppress(tenantId, email, why) {
      const address = email.trim().toLowerCase();
      try {
        await document.send(
          new PutCommand({
            TableName: table,
            Item: { ...suppressionKey(tenantId, address), tenantId, email: address, reason: why.reason, at: why.at, messageId: why.messageId },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },
  };
}
