import * as z from 'zod';
import {
  createDocument,
  type ZodOpenApiHeaderObject,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
} from 'zod-openapi';
import { functionCatalogue, httpRoutes } from '../catalogue.ts';
import { nameComponentSchemas, ProblemSchema } from './openapi/components.ts';
import { errorsOf, problemOfError } from './openapi/errors.ts';
import type { OperationId } from './openapi/operation-ids.ts';
import { operationDocs, parameterDescriptions } from './openapi/operations.ts';
import type { RouteSpec } from './route-spec.ts';

export { ProblemSchema };

const ref = (name: string) => ({ $ref: `#/components/headers/${name}` });

/** Response headers, described once. */
const headers: Record<string, ZodOpenApiHeaderObject> = {
  XRequestId: { description: "This request's id, on every response (also `instance` in problems): quote it to support", schema: { type: 'string' } },
  ETag: { description: 'The record\'s version (`"3"`): send it back in `If-Match` to change or delete the record', schema: { type: 'string' } },
  RetryAfter: { description: 'Seconds to wait before sending the request again', schema: { type: 'integer' } },
  IdempotencyReplayed: {
    description: '`true` when this is the stored response of an earlier request with the same `Idempotency-Key` (nothing ran again)',
    schema: { type: 'string', enum: ['true'] },
  },
  ContentLanguage: { description: 'The language of the messages: `es` (default) or `en`', schema: { type: 'string', enum: ['es', 'en'] } },
};

/** A success schema whose records carry a version answers its ETag. */
const isVersioned = (schema: z.ZodType | undefined) => schema instanceof z.ZodObject && 'version' in schema.shape;

/** The problems of one status: a markdown list of when each code happens, and one example per case. */
function problemResponses(route: RouteSpec): Record<string, ZodOpenApiResponseObject> {
  const byStatus = new Map<number, Array<{ when: string; body: ReturnType<typeof problemOfError> }>>();
  for (const declared of errorsOf(route)) {
    const body = problemOfError(declared.error);
    byStatus.set(body.status, [...(byStatus.get(body.status) ?? []), { when: declared.when, body }]);
  }
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, cases] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    const examples: Record<string, { summary: string; value: unknown }> = {};
    for (const { when, body } of cases) {
      const base = body.reason ? `${body.code}_${String(body.reason)}` : body.code;
      let name = base;
      for (let n = 2; examples[name]; n++) name = `${base}_${n}`;
      examples[name] = { summary: when.replace(/[`*]/g, ''), value: body };
    }
    responses[String(status)] = {
      description: cases.map(({ when, body }) => `- \`${body.code}\`${body.reason ? ` (\`${String(body.reason)}\`)` : ''}: ${when}`).join('\n'),
      headers: {
        'X-Request-Id': ref('XRequestId'),
        'Content-Language': ref('ContentLanguage'),
        ...(status === 503 || cases.some(({ body }) => body.retryAfter !== undefined) ? { 'Retry-After': ref('RetryAfter') } : {}),
      } as never,
      content: { 'application/problem+json': { schema: ProblemSchema, examples } },
    };
  }
  return responses;
}

function operation(route: RouteSpec): ZodOpenApiOperationObject {
  const doc = operationDocs[route.operationId as OperationId];
  const requestHeaders = z.object({
    'accept-language': z
      .string()
      .optional()
      .describe('Language of messages, as in RFC 9110 (`es-CL`, `en-US,en;q=0.9`): English or Spanish, whichever ranks first; Spanish by default'),
    ...(route.idempotent
      ? {
          'idempotency-key': z
            .string()
            .min(1)
            .max(255)
            .regex(/^[\x20-\x7e]+$/)
            .optional()
            .describe(
              'Any unique string (a UUID). Scoped to you, this method and this path: the same request again within 24 h gets the first response (status, body, ETag) with `Idempotency-Replayed: true` and runs nothing',
            ),
        }
      : {}),
    ...(route.conditional
      ? {
          'if-match': z
            .string()
            .describe(
              'The ETag from the last read: `"3"`, also unquoted `3` or weak `W/"3"`; `*` changes whatever version is current ' +
                '(404 if the record does not exist). A change that changes nothing keeps the version: 200 with the same ETag. Malformed: 400 `invalid_if_match`',
            ),
        }
      : {}),
  });
  const access = route.requires
    ? `\n\n**Requires** access level ${route.requires.level} or broader (1 company, 2 branch, 3 department, 4 own work)${route.requires.permission ? ` and the \`${route.requires.permission}\` permission` : ''}; anyone else gets 403.`
    : '';
  const contentType = route.success.contentType ?? 'application/json';
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: `${doc.description}${access}`,
    ...(route.requires ? { 'x-requires': route.requires } : {}),
    tags: [route.tag],
    ...(route.public ? { security: [] } : route.portal ? { security: [{ portal: [] }] } : {}),
    requestParams: {
      ...(route.params ? { path: route.params } : {}),
      ...(route.query ? { query: route.query } : {}),
      header: requestHeaders,
    },
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: route.body, ...(doc.request !== undefined ? { example: doc.request } : {}) } },
          },
        }
      : {}),
    responses: {
      [String(route.success.status)]: {
        description: route.success.description,
        headers: {
          'X-Request-Id': ref('XRequestId'),
          'Content-Language': ref('ContentLanguage'),
          ...(isVersioned(route.success.schema) ? { ETag: ref('ETag') } : {}),
          ...(route.idempotent ? { 'Idempotency-Replayed': ref('IdempotencyReplayed') } : {}),
        } as never,
        ...(route.success.schema
          ? { content: { [contentType]: { schema: route.success.schema, ...(doc.response !== undefined ? { example: doc.response } : {}) } } }
          : {}),
      },
      ...problemResponses(route),
    },
  };
}

type Parameter = { name: string; description?: string };
/** Parameters the schemas leave undescribed get the description of their name (operations.ts). */
function describeParameters(paths: Record<string, Record<string, { parameters?: Parameter[] }>>) {
  for (const item of Object.values(paths)) {
    for (const op of Object.values(item)) {
      for (const p of op.parameters ?? []) p.description ??= parameterDescriptions[p.name];
    }
  }
}

/**
 * The servers: the host that served the document first (so "try it" in /docs calls the same API), the
 * local stack, and a deployed API Gateway URL whose id and region the reader fills in (the stack
 * outputs `ApiUrl`).
 */
export const openApiServers = (region: string) => [
  { url: '/', description: 'The API that served this document' },
  { url: 'http://localhost:3000', description: 'Local stack (`npm start`)' },
  {
    url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
    description: "Deployed stage (the stateless stack's `ApiUrl` output)",
    variables: { apiId: { default: 'your-api-id', description: 'The HTTP API id' }, region: { default: region } },
  },
];

/** The OpenAPI 3.1 document of every catalogued HTTP route, generated from the same zod schemas that validate requests. */
export function buildOpenApiDocument(options: { region?: string } = {}) {
  nameComponentSchemas();
  const paths: ZodOpenApiPathsObject = {};
  for (const spec of functionCatalogue) {
    for (const route of httpRoutes(spec)) {
      const item = paths[route.path] ?? {};
      paths[route.path] = item;
      (item as Record<string, ZodOpenApiOperationObject>)[route.method.toLowerCase()] = operation(route);
    }
  }
  const document = createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Cobranza API',
      version: '1.0.0',
      description: [
        'Client management and collections for small and medium businesses in Latin America.',
        '',
        "- **Authentication**: a bearer JWT from the company's user pool; company and user come only from its verified claims.",
        '- **Language**: messages (`title`, `detail`, field messages) are in Spanish unless `Accept-Language` prefers English. This reference is in English.',
        '- **Errors**: RFC 9457 `application/problem+json` with a stable `code` (see the `Problem` schema); each operation lists the ones it answers, with examples.',
        '- **Versions**: records carry `version`, sent as `ETag`; changes and deletes need it in `If-Match`.',
        '- **Retries**: creating POSTs accept `Idempotency-Key`; a 503 says in `outcome` whether anything changed.',
      ].join('\n'),
    },
    servers: openApiServers(options.region ?? 'us-east-1'),
    security: [{ bearer: [] }],
    tags: [
      { name: 'Workspace', description: 'Your company, its users, branches and departments' },
      { name: 'Clients', description: 'The client book: clients, contacts, categories, zones, history, search and mass changes' },
      { name: 'Imports', description: 'Excel uploads' },
      { name: 'Docs', description: 'This reference' },
      {
        name: 'Client portal',
        description: "Your clients' own read-only access: their password (sent by e-mail), sign-in, open invoices, payments and statement",
      },
    ],
    components: {
      headers,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The ID token of a Cognito user of your company (locally: `npm run token`)',
        },
        portal: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A client portal token from `POST /v1/portal/{tenantId}/sign-in` (15 minutes, one client). It opens only the `/v1/portal/…` routes; every other route refuses it, and the portal routes refuse a company user’s token.',
        },
      },
    },
    paths,
  });
  describeParameters(document.paths as never);
  return document;
}
