import * as z from 'zod';
import type { RouteSpec } from '../route-spec.ts';

export const docsRoutes = [
  {
    operationId: 'getOpenApi',
    method: 'GET',
    path: '/v1/openapi.json',
    summary: 'This OpenAPI 3.1 document',
    tag: 'Docs',
    public: true,
    success: { status: 200, description: 'OpenAPI document', schema: z.record(z.string(), z.unknown()) },
  },
  {
    operationId: 'getDocs',
    method: 'GET',
    path: '/docs',
    summary: 'Rendered API reference',
    tag: 'Docs',
    public: true,
    success: { status: 200, description: 'HTML page', contentType: 'text/html' },
  },
  {
    operationId: 'getDocsAsset',
    method: 'GET',
    path: '/docs/assets/{version}/{file}',
    summary: 'A file of the API reference page',
    tag: 'Docs',
    public: true,
    params: z.strictObject({
      version: z
        .string()
        .max(32)
        .regex(/^[\w.-]+$/),
      file: z
        .string()
        .max(64)
        .regex(/^[\w.-]+$/),
    }),
    success: { status: 200, description: 'The file (JavaScript, CSS or PNG), gzip-encoded when the client accepts it', contentType: 'application/javascript' },
  },
] as const satisfies readonly RouteSpec[];
