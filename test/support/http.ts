import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { claimsForUser } from '../../functions/auth/claims.ts';
import { findFunction } from '../../functions/catalogue.ts';
import type { HttpEvent, HttpResult } from '../../functions/http/http-types.ts';
import { buildOpenApiDocument } from '../../functions/http/openapi.ts';
import { ProblemSchema } from '../../functions/http/openapi/components.ts';
import { lambdaContext } from '../../scripts/local/handlers.ts';

export interface TestUser {
  tenantId: string;
  id: string;
  email: string;
  accessLevel: 1 | 2 | 3 | 4;
  permissions: string[];
  branchId?: string;
  departmentId?: string;
}

/** An API Gateway v2 event as the JWT authorizer passes it on (claims as strings). */
export function httpEvent(input: {
  routeKey: string;
  path?: string;
  as?: TestUser;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
}): HttpEvent {
  const [method, template] = input.routeKey.split(' ') as [string, string];
  // The path a client would request: the template with the path parameters filled in, as API Gateway sees it.
  const path =
    input.path ??
    template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      input.pathParameters?.[name] !== undefined ? encodeURIComponent(input.pathParameters[name]) : whole,
    );
  const body = input.rawBody ?? (input.body === undefined ? undefined : JSON.stringify(input.body));
  const requestId = randomUUID();
  routeOfRequest.set(requestId, input.routeKey);
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(input.query ?? {}).toString(),
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...input.headers },
    ...(input.query ? { queryStringParameters: input.query } : {}),
    ...(input.pathParameters ? { pathParameters: input.pathParameters } : {}),
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'test',
      domainPrefix: 'test',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId,
      routeKey: input.routeKey,
      stage: '$default',
      time: '',
      timeEpoch: Date.now(),
      ...(input.as ? { authorizer: { jwt: { claims: claimsForUser(input.as), scopes: null } } } : {}),
    } as HttpEvent['requestContext'],
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
  } as HttpEvent;
}

export function contextOf(functionName: string): Context {
  return lambdaContext(findFunction(functionName));
}

/** The route each test event was built for, by request id (the handler echoes it in `x-request-id`). */
const routeOfRequest = new Map<string, string>();
let document: { paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>> } | undefined;

/** Fails unless the OpenAPI document declares this status and code for the route. */
function expectDeclared(routeKey: string, status: number, code: string) {
  document ??= buildOpenApiDocument() as never;
  const [method, path] = routeKey.split(' ') as [string, string];
  const operation = document!.paths[path]?.[method.toLowerCase()];
  if (!operation) return; // a route the catalogue does not have (router tests)
  if (!operation.responses[String(status)]?.description.includes(`\`${code}\``)) {
    throw new Error(`${routeKey} answered ${status} ${code}, which its OpenAPI operation does not declare (functions/http/openapi/errors.ts)`);
  }
}

/**
 * The response body. A problem body is also checked against the document: its members against the
 * strict `Problem` schema, its status and code against those declared for the route. Every test that
 * reads an error this way fails if the API answers what the document does not say.
 */
export const json = <T = Record<string, any>>(result: HttpResult): T => {
  const body = JSON.parse(result.body as string) as T;
  if (result.headers?.['content-type'] === 'application/problem+json') {
    const checked = ProblemSchema.safeParse(body);
    if (!checked.success)
      throw new Error(
        `problem members the OpenAPI Problem schema lacks: ${checked.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`,
      );
    const routeKey = routeOfRequest.get(String(result.headers['x-request-id']));
    if (routeKey) expectDeclared(routeKey, result.statusCode!, checked.data.code);
  }
  return body;
};
