import * as z from 'zod';
import type { RouteSpec } from '../route-spec.ts';

export const docsRoutes = [
  { operationId: 'getOpenApi', method: 'GET', path: '/v1/openapi.json', summary: 'This OpenAPI 3.1 document', tag: 'Docs', public: true,
    success: { status: 200, description: 'OpenAPI document', schema: z.record(z.string(), z.unknown()) } },
  { operationId: 'getDocs', method: 'GET', path: '/docs', summary: 'Rendered API reference', tag: 'Docs', public: true,
    success: { status: 200, description: 'HTML page', contentType: 'text/html' } },
] as const satisfies readonly RouteSpec[];
