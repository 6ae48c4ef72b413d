import * as z from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponseObject } from 'zod-openapi';
import { functionCatalogue, httpRoutes } from '../catalogue.ts';
import type { RouteSpec } from './route-spec.ts';

const FieldError = z.object({ pointer: z.string(), code: z.string(), message: z.string() });
export const ProblemSchema = z
  .object({
    type: z.string(), title: z.string(), status: z.number().int(), detail: z.string(),
    instance: z.string().describe('The request id (also in X-Request-Id)'),
    code: z.string().describe('Stable machine-readable code'),
    errors: z.array(FieldError).optional(),
    existingId: z.string().optional().describe('On `conflict`: the record that already holds the unique value'),
    existingName: z.string().optional().describe('On `conflict`: its name, when you may see it'),
    existingStatus: z.enum(['active', 'inactive']).optional().describe('On `conflict`: `inactive` when it is deactivated and can be restored instead'),
    existingVisible: z.literal(false).optional().describe('On `conflict`: the holder is outside the records you can see, so it is not named'),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details. `title`, `detail` and each `errors[].message` are in Spanish unless Accept-Language prefers English; `code` and pointers are stable',
  });

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

function operation(route: RouteSpec): ZodOpenApiOperationObject {
  const errors: Record<string, ZodOpenApiResponseObject> = {
    '400': problemResponse('Invalid input: malformed JSON, unknown field or query parameter, failed validation, or a cursor that is invalid or expired'),
    '500': problemResponse('Internal error'),
  };
  if (!route.public) {
    errors['401'] = problemResponse('Missing or invalid token');
    errors['403'] = problemResponse('Access level or permission too low');
    errors['404'] = problemResponse('Not found (also for ids of another tenant)');
    errors['503'] = {
      ...problemResponse('A service the API depends on is unavailable (`service_unavailable`). `reason`: throttled, unreachable, no_answer or failing; `outcome`: not_applied (nothing changed), kept (retry with the same Idempotency-Key: it will not run twice) or unknown (the change may have been saved: check before repeating it)'),
      headers: z.object({ 'retry-after': z.string().describe('Seconds to wait before retrying') }),
    };
  }
  if (route.body) {
    errors['413'] = problemResponse('Body over 1 MiB');
    errors['415'] = problemResponse('Body not sent as application/json');
  }
  if (route.idempotent) {
    errors['409'] = {
      ...problemResponse('Conflict with an existing record, or a request with the same Idempotency-Key still running (`idempotency_in_progress`)'),
      headers: z.object({ 'retry-after': z.string().optional().describe('With `idempotency_in_progress`: seconds to wait before sending the same request again') }),
    };
    errors['422'] = problemResponse('Idempotency-Key already used with another request (query or body) on this path');
  }
  if (route.conditional) {
    errors['412'] = problemResponse('If-Match does not name the current version (with `*`: the record kept changing under three attempts)');
    errors['428'] = problemResponse('If-Match missing');
  }
  const headers = z.object({
    'accept-language': z.string().optional()
      .describe('Language preferences as in RFC 9110 (`es-CL`, `en-US,en;q=0.9`): messages are in English or Spanish, whichever ranks first; Spanish by default'),
    ...(route.idempotent ? {
      'idempotency-key': z.string().min(1).max(255).regex(/^[\x20-\x7e]+$/).optional()
        .describe('Scoped to you, this method and this path. The same request again within 24 h gets the first response (status, body, ETag) with `Idempotency-Replayed: true` and runs nothing'),
    } : {}),
    ...(route.conditional ? {
      'if-match': z.string().describe('The ETag from the last read: `"3"`, also unquoted `3` or weak `W/"3"`; `*` changes whatever version is current '
        + '(404 if the record does not exist). A change that changes nothing keeps the version: 200 with the same ETag. Malformed: 400 `invalid_if_match`'),
    } : {}),
  });
  const contentType = route.success.contentType ?? 'application/json';
  const access = route.requires
    ? `Requires access level ${route.requires.level} or broader (1 company, 2 branch, 3 department, 4 own work)${route.requires.permission ? ` and the \`${route.requires.permission}\` permission` : ''}; anyone else gets 403.`
    : undefined;
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(access ? { description: access, 'x-requires': route.requires } : {}),
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
        ...(route.idempotent ? { headers: z.object({ 'idempotency-replayed': z.literal('true').optional().describe('This is the stored response of the first request with the same Idempotency-Key') }) } : {}),
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
      const item = paths[route.path] ?? {};
      paths[route.path] = item;
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
