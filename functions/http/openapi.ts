import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { functionCatalogue, httpRoutes } from '../catalogue.ts';
import type { RouteSpec } from './route-spec.ts';

const FieldError = z.object({ pointer: z.string(), code: z.string(), message: z.string() });
export const ProblemSchema = z
  .object({
    type: z.string(), title: z.string(), status: z.number().int(), detail: z.string(),
    instance: z.string().describe('The request id (also in X-Request-Id)'),
    code: z.string().describe('Stable machine-readable code'),
    errors: z.array(FieldError).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details; title and detail in Spanish unless Accept-Language asks for English' });

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

function operation(route: RouteSpec): ZodOpenApiOperationObject {
  const errors: Record<string, ReturnType<typeof problemResponse>> = {
    '400': problemResponse('Invalid input: malformed JSON, unknown field or query parameter, failed validation, or a cursor that is invalid or expired'),
    '500': problemResponse('Internal error'),
  };
  if (!route.public) {
    errors['401'] = problemResponse('Missing or invalid token');
    errors['403'] = problemResponse('Access level or permission too low');
    errors['404'] = problemResponse('Not found (also for ids of another tenant)');
  }
  if (route.body) {
    errors['413'] = problemResponse('Body over 1 MiB');
    errors['415'] = problemResponse('Body not sent as application/json');
  }
  if (route.idempotent) {
    errors['409'] = problemResponse('Conflict with an existing record, or the same Idempotency-Key is in flight');
    errors['422'] = problemResponse('Idempotency-Key reused with another body');
  }
  if (route.conditional) {
    errors['412'] = problemResponse('If-Match does not name the current version');
    errors['428'] = problemResponse('If-Match missing');
  }
  const headers = z.object({
    'accept-language': z.enum(['es', 'en']).optional().describe('Language of error messages (Spanish by default)'),
    ...(route.idempotent ? { 'idempotency-key': z.string().max(255).optional().describe('Replays return the first response for 24 h') } : {}),
    ...(route.conditional ? { 'if-match': z.string().describe('The ETag from the last read, e.g. "3"') } : {}),
  });
  const contentType = route.success.contentType ?? 'application/json';
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    ...(route.public ? { security: [] } : {}),
    requestParams: {
      ...(route.params ? { path: route.params } : {}),
      ...(route.query ? { query: route.query } : {}),
      header: headers,
    },
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
    responses: {
      [String(route.success.status)]: {
        description: route.success.description,
        ...(route.success.schema ? { content: { [contentType]: { schema: route.success.schema } } } : {}),
      },
      ...errors,
    },
  };
}

/** The OpenAPI 3.1 document of every catalogued HTTP route, generated from the same zod schemas that validate requests. */
export function buildOpenApiDocument(serverUrl?: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const spec of functionCatalogue) {
    for (const route of httpRoutes(spec)) {
      const item = (paths[route.path] ??= {});
      (item as Record<string, ZodOpenApiOperationObject>)[route.method.toLowerCase()] = operation(route);
    }
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Cobranza API',
      version: '1.0.0',
      description: 'Client management and collections for SMBs in Latin America. Errors are RFC 9457 problem+json.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  });
}
