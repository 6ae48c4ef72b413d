import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { allRouteKeys, functionCatalogue, httpRoutes } from '../../functions/catalogue.ts';
import { buildOpenApiDocument, ProblemSchema } from '../../functions/http/openapi.ts';
import { errorsOf, problemOfError } from '../../functions/http/openapi/errors.ts';
import type { RouteSpec } from '../../functions/http/route-spec.ts';

type Doc = { openapi: string; servers: Array<{ url: string }>; paths: Record<string, Record<string, any>>; components: any; security: unknown };
const doc = buildOpenApiDocument() as unknown as Doc;
const routes: RouteSpec[] = functionCatalogue.flatMap(httpRoutes);
const opOf = (route: RouteSpec) => doc.paths[route.path]![route.method.toLowerCase()];
/** Follows a `$ref` into the components. */
const deref = (node: any): any =>
  node?.$ref
    ? deref(
        node.$ref
          .split('/')
          .slice(1)
          .reduce((at: any, key: string) => at[key], doc),
      )
    : node;

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and documents every catalogued route, and only those', () => {
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual([...allRouteKeys()].sort());
  });

  it('describes request bodies from the same strict schemas that validate them', () => {
    const schema = deref(doc.paths['/v1/users']!.post.requestBody.content['application/json'].schema);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['email', 'name', 'accessLevel']));
  });

  it('names a component schema for every resource and refers to it, instead of inlining copies', () => {
    const names = [
      'Client',
      'Contact',
      'Category',
      'Zone',
      'User',
      'Branch',
      'Department',
      'Tenant',
      'HistoryEntry',
      'ImportJob',
      'MessageRouting',
      'Problem',
      'MassResult',
      'ClientOverview',
    ];
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(names));
    expect(doc.paths['/v1/clients']!.post.responses['201'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Client' });
    expect(doc.paths['/v1/client-categories/{categoryId}']!.get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Category',
    });
    expect(doc.paths['/v1/branches/{branchId}']!.get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Branch' });
    // No operation carries an inline object with the same properties as a named schema.
    const named = new Map(
      Object.entries(doc.components.schemas as Record<string, any>)
        .filter(([, s]) => s.properties)
        .map(([name, s]) => [JSON.stringify(Object.keys(s.properties).sort()), name]),
    );
    const inlined: string[] = [];
    const walk = (node: any, where: string) => {
      if (!node || typeof node !== 'object') return;
      if (node.properties && named.has(JSON.stringify(Object.keys(node.properties).sort())))
        inlined.push(`${where}: ${named.get(JSON.stringify(Object.keys(node.properties).sort()))}`);
      for (const [key, value] of Object.entries(node)) if (key !== 'example' && key !== 'examples') walk(value, `${where}/${key}`);
    };
    walk(doc.paths, '#/paths');
    expect(inlined).toEqual([]);
  });

  it('describes every operation and every parameter (path, query, header)', () => {
    const missing: string[] = [];
    for (const route of routes) {
      const op = opOf(route);
      if (!op.description?.trim()) missing.push(`${route.operationId}: description`);
      for (const p of op.parameters ?? []) if (!p.description?.trim()) missing.push(`${route.operationId}: ${p.in} ${p.name}`);
      for (const [status, response] of Object.entries(op.responses as Record<string, any>))
        if (!response.description?.trim()) missing.push(`${route.operationId}: ${status}`);
    }
    expect(missing).toEqual([]);
  });

  it('gives every operation an example request and success response that its own schemas accept', () => {
    const problems: string[] = [];
    const check = (schema: z.ZodType, example: unknown, what: string) => {
      if (example === undefined) return problems.push(`${what}: no example`);
      const parsed = schema.safeParse(JSON.parse(JSON.stringify(example)));
      if (!parsed.success) problems.push(`${what}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    };
    for (const route of routes) {
      const op = opOf(route);
      if (route.body) check(route.body, op.requestBody.content['application/json'].example, `${route.operationId} request`);
      if (route.success.schema && route.operationId !== 'getOpenApi') {
        check(
          route.success.schema,
          op.responses[String(route.success.status)].content[route.success.contentType ?? 'application/json'].example,
          `${route.operationId} response`,
        );
      }
    }
    expect(problems).toEqual([]);
    expect(JSON.stringify(doc.paths['/v1/clients']!.post.requestBody.content['application/json'].example)).toContain('13.456.783-K');
  });

  it('lists the errors each operation answers, each with a Problem example the schema accepts', () => {
    for (const route of routes) {
      const op = opOf(route);
      for (const declared of errorsOf(route)) {
        const body = problemOfError(declared.error);
        const response = op.responses[String(body.status)];
        expect(response, `${route.operationId} ${body.status}`).toBeDefined();
        expect(response.content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
        expect(response.description).toContain(`\`${body.code}\``);
        const examples = Object.values(response.content['application/problem+json'].examples as Record<string, { value: unknown }>);
        for (const example of examples) expect(ProblemSchema.safeParse(example.value).success, `${route.operationId} ${body.status}`).toBe(true);
      }
    }
    const conflicts = doc.paths['/v1/clients']!.post.responses['409'];
    expect(JSON.stringify(conflicts.content['application/problem+json'].examples)).toContain('existingId');
    expect(doc.paths['/v1/client-categories/{categoryId}']!.delete.responses['409'].description).toContain('`category_in_use`');
    expect(doc.paths['/v1/clients/{clientId}']!.patch.responses['412']).toBeDefined();
    expect(doc.paths['/v1/clients/{clientId}']!.patch.responses['428']).toBeDefined();
    expect(doc.paths['/v1/users']!.post.responses['403'].description).toContain('`forbidden`');
    for (const status of ['400', '413', '415', '503']) expect(doc.paths['/v1/clients']!.post.responses[status], status).toBeDefined();
  });

  it('lists every extension member in the Problem schema', () => {
    const members = Object.keys(deref(doc.components.schemas.Problem).properties);
    expect(members).toEqual(
      expect.arrayContaining([
        'code',
        'errors',
        'existingId',
        'existingName',
        'existingStatus',
        'existingVisible',
        'clients',
        'users',
        'reason',
        'outcome',
        'retryAfter',
        'limit',
        'permission',
        'level',
      ]),
    );
    expect(deref(doc.components.schemas.FieldError).required).toEqual(['pointer', 'code', 'message']);
  });

  it('documents the headers: X-Request-Id everywhere, ETag on versioned records, Retry-After, Idempotency-Replayed, If-Match, Idempotency-Key, Accept-Language', () => {
    for (const route of routes) {
      const op = opOf(route);
      for (const [status, response] of Object.entries(op.responses as Record<string, any>)) {
        expect(response.headers?.['X-Request-Id'], `${route.operationId} ${status}`).toEqual({ $ref: '#/components/headers/XRequestId' });
      }
      if (!route.public) expect(op.responses['503'].headers['Retry-After']).toBeDefined();
      const names = op.parameters.map((p: { name: string }) => p.name);
      expect(names).toContain('accept-language');
      if (route.conditional) expect(names).toContain('if-match');
      if (route.idempotent) {
        expect(names).toContain('idempotency-key');
        expect(op.responses['409'].headers['Retry-After']).toBeDefined();
        expect(op.responses[String(route.success.status)].headers['Idempotency-Replayed']).toBeDefined();
      }
    }
    expect(doc.paths['/v1/clients/{clientId}']!.get.responses['200'].headers.ETag).toBeDefined();
    expect(doc.paths['/v1/clients/{clientId}']!.patch.responses['200'].headers.ETag).toBeDefined();
    expect(doc.paths['/v1/clients']!.get.responses['200'].headers.ETag).toBeUndefined();
  });

  it('names the servers and marks the docs routes public and everything else bearer-protected', () => {
    expect(doc.servers.map((s) => s.url)).toEqual(['/', 'http://localhost:3000', 'https://{apiId}.execute-api.{region}.amazonaws.com']);
    expect(doc.security).toEqual([{ bearer: [] }]);
    for (const route of routes) expect(opOf(route).security, route.operationId).toEqual(route.public ? [] : route.portal ? [{ portal: [] }] : undefined);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    // Client portal routes take the portal's own token, a second scheme.
    expect(doc.components.securitySchemes.portal).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  });

  it('says on every operation which access level and permission it needs', () => {
    const massUpdate = doc.paths['/v1/clients/mass-update']!.post;
    expect(massUpdate['x-requires']).toEqual({ level: 4, permission: 'clients.mass_update' });
    expect(massUpdate.description).toContain('`clients.mass_update` permission');
    expect(doc.paths['/v1/users']!.post['x-requires']).toEqual({ level: 1, permission: 'users.manage' });
  });
});
