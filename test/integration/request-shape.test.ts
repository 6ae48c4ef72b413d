import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor } from '../../functions/adapters/dynamodb/cursor.ts';
import { toProblem } from '../../functions/http/problem.ts';
import { MAX_BODY_BYTES } from '../../functions/http/request-body.ts';
import { callRoute } from '../support/api.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

const { handler: workspaceApi } = await import('../../functions/http/workspace-api.handler.ts');
const deps = testDeps();
let admin: TestUser;
beforeAll(async () => {
  ({ admin } = await newTenant(deps));
});

type Call = Parameters<typeof callRoute>[0];
const call = (routeKey: string, extra: Omit<Call, 'routeKey' | 'as'> = {}) => callRoute({ routeKey, as: admin, ...extra });

describe('request bodies', () => {
  it('refuses a JSON null body with 400 instead of treating it as {}', async () => {
    const tenant = await call('GET /v1/tenant');
    const result = await call('PATCH /v1/tenant', { rawBody: 'null', headers: { 'content-type': 'application/json', 'if-match': tenant.headers.etag! } });
    expect(result.statusCode, result.body).toBe(400);
    expect(json(result).errors).toEqual([expect.objectContaining({ pointer: '/body', code: 'invalid_type' })]);
    expect((await deps.tenants.get(admin.tenantId))?.version).toBe(json(tenant).version);
  });

  it('refuses a body that is not an object on every creating route, schemas with cross-field rules included', async () => {
    for (const [routeKey, rawBody] of [
      ['POST /v1/clients', 'null'],
      ['POST /v1/clients', '[]'],
      ['POST /v1/clients', '"x"'],
      ['POST /v1/users', 'null'],
    ] as const) {
      const result = await call(routeKey, { rawBody, headers: { 'content-type': 'application/json' } });
      expect(result.statusCode, `${routeKey} ${rawBody}: ${result.body}`).toBe(400);
    }
  });

  it('refuses a body over 1 MiB with 413 problem+json, in Spanish and in English', async () => {
    const rawBody = JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES) });
    const es = await call('POST /v1/branches', { rawBody, headers: { 'content-type': 'application/json' } });
    expect(es.statusCode).toBe(413);
    expect(es.headers['content-type']).toBe('application/problem+json');
    expect(json(es)).toMatchObject({
      code: 'payload_too_large',
      title: 'El cuerpo de la solicitud es demasiado grande',
      detail: `El cuerpo tiene ${rawBody.length.toLocaleString('es-CL')} bytes y supera el máximo de 1.048.576 bytes (1 MiB)`,
    });
    const en = await call('POST /v1/branches', { rawBody, headers: { 'content-type': 'application/json', 'accept-language': 'en' } });
    expect(json(en)).toMatchObject({ title: 'The request body is too large', detail: expect.stringContaining('over the limit of 1,048,576 bytes') });
  });

  it('counts bytes, not characters, and counts a base64-encoded body as decoded', async () => {
    const multibyte = JSON.stringify({ name: 'ñ'.repeat(MAX_BODY_BYTES / 2) });
    expect(multibyte.length).toBeLessThan(MAX_BODY_BYTES);
    expect((await call('POST /v1/branches', { rawBody: multibyte, headers: { 'content-type': 'application/json' } })).statusCode).toBe(413);
    const atLimit = JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES - 11) });
    const event = httpEvent({
      routeKey: 'POST /v1/branches',
      as: admin,
      rawBody: Buffer.from(atLimit).toString('base64'),
      headers: { 'content-type': 'application/json' },
    });
    const result = await workspaceApi({ ...event, isBase64Encoded: true }, contextOf('workspace-api'));
    expect(result.statusCode).toBe(400);
    expect(json(result).errors).toEqual([expect.objectContaining({ pointer: '/body/name', code: 'too_big' })]);
  });

  it('points a non-JSON content type at the header', async () => {
    const result = await call('POST /v1/branches', { rawBody: 'name=x', headers: { 'content-type': 'text/plain' } });
    expect(result.statusCode).toBe(415);
    expect(json(result).errors).toEqual([expect.objectContaining({ pointer: '/header/content-type' })]);
  });
});

describe('query parameters', () => {
  it('refuses an unknown query parameter on a route that takes none, naming it', async () => {
    const result = await call('GET /v1/tenant', { query: { debug: 'true' } });
    expect(result.statusCode, result.body).toBe(400);
    expect(json(result).errors).toEqual([expect.objectContaining({ pointer: '/query/debug', code: 'unknown_field' })]);
  });

  it('refuses an unknown query parameter on a route with filters, naming it', async () => {
    const result = await call('GET /v1/clients', { query: { colour: 'red' } });
    expect(result.statusCode).toBe(400);
    expect(json(result).errors).toEqual([expect.objectContaining({ pointer: '/query/colour', code: 'unknown_field' })]);
  });
});

describe('error pointers name the part of the request', () => {
  it('points a bad path parameter at /path', async () => {
    const result = await call('GET /v1/users/{userId}', { pathParameters: { userId: 'not an id' } });
    expect(result.statusCode).toBe(400);
    expect(json(result).errors).toEqual([expect.objectContaining({ pointer: '/path/userId' })]);
  });

  it('points a missing If-Match at /header/if-match', async () => {
    const result = await call('PATCH /v1/tenant', { body: { name: 'Sin ETag' } });
    expect(result.statusCode).toBe(428);
    expect(json(result).errors).toEqual([expect.objectContaining({ pointer: '/header/if-match', message: expect.stringContaining('ETag') })]);
  });

  it("keeps the domain's body pointers under /body", async () => {
    const result = await call('POST /v1/users', { body: { email: 'ref@demo.cl', name: 'Ref', accessLevel: 4, branchId: 'missing-branch' } });
    expect(result.statusCode).toBe(400);
    expect(json(result).errors).toEqual([expect.objectContaining({ pointer: '/body/branchId', code: 'unknown_reference' })]);
  });

  it('lets a domain error name the query: a cursor the repository refuses points at /query/cursor', async () => {
    let error: unknown;
    try {
      decodeCursor(admin.tenantId, 'garbled');
    } catch (e) {
      error = e;
    }
    expect(toProblem(error, 'es', 'r').errors).toEqual([
      { pointer: '/query/cursor', code: 'invalid_cursor', message: 'El cursor no es válido o expiró; vuelve a pedir la primera página' },
    ]);
    expect(toProblem(error, 'en', 'r').detail).toBe('The cursor is invalid or expired; request the first page again');
  });
});
