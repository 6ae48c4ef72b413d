import * as z from 'zod';
export { TenantOperatorEvent as TenantOperatorEventSchema } from '../functions/operator/tenant-operator.schema.ts';
export { SesEventBridgeEvent as SesEventSchema } from '../functions/adapters/ses/ses-event.ts';

/**
 * Contracts of the events our functions receive, as far as our code reads them. The contract test
 * parses every sample with these; the local runtime's generated events must pass them too.
 */
export const HttpApiEventSchema = z.object({
  version: z.literal('2.0'),
  routeKey: z.string().regex(/^(GET|POST|PUT|PATCH|DELETE) \//),
  rawPath: z.string(),
  rawQueryString: z.string(),
  headers: z.record(z.string(), z.string()),
  queryStringParameters: z.record(z.string(), z.string()).optional(),
  pathParameters: z.record(z.string(), z.string()).optional(),
  requestContext: z.object({
    requestId: z.string(),
    routeKey: z.string(),
    http: z.object({ method: z.string(), path: z.string() }),
    authorizer: z.object({ jwt: z.object({ claims: z.record(z.string(), z.string()), scopes: z.array(z.string()).nullable() }) }).optional(),
  }),
  body: z.string().optional(),
  isBase64Encoded: z.boolean(),
});

export const S3EventSchema = z.object({
  Records: z
    .array(
      z.object({
        eventSource: z.literal('aws:s3'),
        eventName: z.string().startsWith('ObjectCreated:'),
        s3: z.object({
          bucket: z.object({ name: z.string() }),
          object: z.object({ key: z.string(), size: z.number().int().nonnegative() }),
        }),
      }),
    )
    .min(1),
});

export const ScheduledEventSchema = z.object({
  'detail-type': z.literal('Scheduled Event'),
  source: z.literal('aws.events'),
  time: z.iso.datetime(),
  resources: z.array(z.string()),
});
