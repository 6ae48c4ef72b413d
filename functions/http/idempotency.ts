import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import type { MiddlewareObj } from '@middy/core';
import type { HttpEvent, HttpResult } from './http-types.ts';
import { tableSchema } from '../adapters/dynamodb/table-schema.ts';
import { requestState } from './request-state.ts';

/** A replayed key answers the first response for 24 hours. */
const EXPIRES_AFTER_SECONDS = 24 * 60 * 60;
/** Warm containers serve many tenants; keep the per-tenant stores bounded. */
const MAX_TENANTS_CACHED = 200;

/**
 * `Idempotency-Key` for creating POSTs, on Powertools idempotency. Records live in the tenant's
 * own partition (`T#<tenant>#IDEMPOTENCY`), the key hashes route + header, and the parsed body is
 * the validation payload: the same key with another body fails with IdempotencyValidationError (422).
 */
export function tenantIdempotency(options: { client: DynamoDBClient; tableName: string }): MiddlewareObj<HttpEvent, HttpResult> {
  const byTenant = new Map<string, ReturnType<typeof makeHandlerIdempotent>>();
  const middlewareFor = (tenantId: string) => {
    let mw = byTenant.get(tenantId);
    if (!mw) {
      if (byTenant.size >= MAX_TENANTS_CACHED) byTenant.delete(byTenant.keys().next().value!);
      mw = makeHandlerIdempotent({
        persistenceStore: new DynamoDBPersistenceLayer({
          tableName: options.tableName,
          keyAttr: tableSchema.partitionKey,
          sortKeyAttr: tableSchema.sortKey,
          staticPkValue: `T#${tenantId}#IDEMPOTENCY`,
          expiryAttr: tableSchema.ttlAttribute,
          awsSdkV3Client: options.client,
        }),
        config: new IdempotencyConfig({
          eventKeyJmesPath: '[requestContext.routeKey, headers."idempotency-key"]',
          payloadValidationJmesPath: 'body',
          expiresAfterSeconds: EXPIRES_AFTER_SECONDS,
        }),
      });
      byTenant.set(tenantId, mw);
    }
    return mw;
  };
  const active = new WeakMap<object, ReturnType<typeof makeHandlerIdempotent>>();
  return {
    before: async (request) => {
      const state = requestState(request.event);
      if (!state.route?.idempotent || !state.actor || !request.event.headers?.['idempotency-key']) return undefined;
      const mw = middlewareFor(state.actor.tenantId);
      active.set(request.event, mw);
      return mw.before?.(request as never);
    },
    after: async (request) => active.get(request.event)?.after?.(request as never),
    onError: async (request) => active.get(request.event)?.onError?.(request as never),
  };
}
