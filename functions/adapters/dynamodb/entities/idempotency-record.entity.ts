import { Entity, type EntityConfiguration } from 'electrodb';
import { tableSchema } from '../table-schema.ts';
import { SERVICE, keyFields } from './model.ts';

/**
 * One `Idempotency-Key` of one user on one method and path (`scopeHash`), in the tenant's own
 * idempotency partition. While a request runs it is `in_progress` under a claim token and a lease;
 * then `completed` with the response to replay. DynamoDB TTL removes it a day later.
 */
export const idempotencyRecordEntity = (config?: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: 'idempotencyRecord', version: '1', service: SERVICE },
      attributes: {
        tenantId: { type: 'string', required: true },
        /** sha-256 of user, method, path and key: bounded, whatever the key's length. */
        scopeHash: { type: 'string', required: true },
        userId: { type: 'string', required: true },
        method: { type: 'string', required: true },
        path: { type: 'string', required: true },
        key: { type: 'string', required: true },
        /** sha-256 of the request's query and body (canonical JSON): another body is refused with 422. */
        requestHash: { type: 'string', required: true },
        status: { type: ['in_progress', 'completed'] as const, required: true },
        /** Only the request holding this token may complete or release the claim. */
        claimToken: { type: 'string', required: true },
        claimedAt: { type: 'number', required: true },
        /** Epoch ms after which an `in_progress` claim counts as abandoned and may be taken over. */
        leaseUntil: { type: 'number', required: true },
        /** How many times an abandoned claim was taken over. */
        takeovers: { type: 'number', required: true },
        /**
         * A ULID made at the first claim: the ids the request writes with derive from it, so a takeover
         * redoes the work on the same records (absent on records from before it existed).
         */
        idSeed: { type: 'string' },
        completedAt: { type: 'number' },
        responseStatus: { type: 'number' },
        responseHeaders: { type: 'any' },
        /** The body as sent, or gzip + base64 when large (`responseEncoding`). */
        responseBody: { type: 'string' },
        responseEncoding: { type: ['identity', 'gzip', 'omitted'] as const },
        responseLang: { type: 'string' },
        /** Epoch seconds (DynamoDB TTL); readers treat a passed expiry as no record. */
        expiresAt: { type: 'number', required: true, field: tableSchema.ttlAttribute },
      },
      indexes: {
        byScope: {
          pk: { field: keyFields.pk, composite: ['tenantId'], template: 'T#${tenantId}#IDEMPOTENCY', casing: 'none' },
          sk: { field: keyFields.sk, composite: ['scopeHash'], template: 'KEY#${scopeHash}', casing: 'none' },
        },
      },
    },
    config,
  );
