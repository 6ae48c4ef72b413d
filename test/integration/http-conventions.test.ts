import { beforeAll, describe, expect, it } from 'vitest';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

const { handler } = await import('../../functions/http/workspace-api.handler.ts');
const call = (event: Parameters<typeof handler>[0]) => handler(event, contextOf('workspace-api'));

const deps = testDeps();
let adminA: TestUser;
let adminB: TestUser;

beforeAll(async () => {
  ({ admin: adminA } = await newTenant(deps));
  ({ admin: adminB } = await newTenant(deps));
});

const createUser = (as: TestUser, body: unknown, headers: Record<string, string> = {}) => call(httpEvent({ routeKey: 'POST /v1/users', as, body, headers }));

describe('authentication', () => {
  it('answers 401 problem+json when the token claims are missing', async () => {
    const result = await call(httpEvent({ routeKey: 'GET /v1/tenant' }));
    expect(result.statusCode).toBe(401);
    expect(result.headers['content-type']).toBe('application/problem+json');
    expect(json(result)).toMatchObject({ status: 401, code: 'unauthenticated', title: 'Falta un token válido' });
  });

  it('answers 401 when the claims lack the tenant', async () => {
    const event = httpEvent({ routeKey: 'GET /v1/tenant', as: adminA });
    delete event.requestContext.authorizer.jwt.claims['custom:tenant_id'];
    expect((await call(event)).statusCode).toBe(401);
  });
});

describe('tenancy', () => {
  it("reads the caller's own tenant, with its version as ETag", async () => {
    const result = await call(httpEvent({ routeKey: 'GET /v1/tenant', as: adminA }));
    expect(result.statusCode).toBe(200);
    expect(json(result).id).toBe(adminA.tenantId);
    expect(result.headers.etag).toBe('"1"');
  });

  it('returns 404 for a user of another tenant, on read and on change', async () => {
    const created = json(await createUser(adminB, { email: 'b-user@b.test', name: 'B', accessLevel: 4 }));
    const params = { userId: created.id };
    const read = await call(httpEvent({ routeKey: 'GET /v1/users/{userId}', as: adminA, pathParameters: params }));
    expect(read.statusCode).toBe(404);
    expect(json(read).code).toBe('not_found');
    const change = await call(
      httpEvent({
        routeKey: 'PATCH /v1/users/{userId}',
        as: adminA,
        pathParameters: params,
        body: { name: 'hijacked' },
        headers: { 'if-match': '"1"' },
      }),
    );
    expect(change.statusCode).toBe(404);
    const still = await deps.users.get(adminB.tenantId, created.id);
    expect(still?.name).toBe('B');
  });

  it('lists only the caller tenant users', async () => {
    const result = json(await call(httpEvent({ routeKey: 'GET /v1/users', as: adminA, query: { status: 'all' } })));
    expect(result.items.length).toBeGreaterThan(0);
    expect(result.items.every((u: { tenantId: string }) => u.tenantId === adminA.tenantId)).toBe(true);
  });
});

describe('request validation', () => {
  it('rejects malformed JSON with 400 malformed_json', async () => {
    const result = await call(httpEvent({ routeKey: 'POST /v1/users', as: adminA, rawBody: '{"email":', headers: { 'content-type': 'application/json' } }));
    expect(result.statusCode).toBe(400);
    expect(json(result).code).toBe('malformed_json');
  });

  it('rejects an unknown field with 400 and a pointer to it (nobody sets tenantId)', async () => {
    const result = await createUser(adminA, { email: 'x@a.test', name: 'X', accessLevel: 4, tenantId: adminB.tenantId });
    expect(result.statusCode).toBe(400);
    expect(json(result).errors).toContainEqual(expect.objectContaining({ pointer: '/body/tenantId', code: 'unknown_field' }));
    expect(await deps.users.findByEmail(adminA.tenantId, 'x@a.test')).toBeUndefined();
  });

  it('reports every invalid field, in English when asked', async () => {
    const result = await createUser(adminA, { email: 'nope', name: '', accessLevel: 9 }, { 'accept-language': 'en-US,en;q=0.9' });
    const problem = json(result);
    expect(result.headers['content-language']).toBe('en');
    expect(problem.title).toBe('The request has invalid data');
    expect(problem.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/body/accessLevel', '/body/email', '/body/name']);
  });

  it('rejects a non-JSON content type with 415', async () => {
    const result = await call(
      httpEvent({ routeKey: 'POST /v1/users', as: adminA, rawBody: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    );
    expect(result.statusCode).toBe(415);
  });

  it('caps page size at 100', async () => {
    const result = await call(httpEvent({ routeKey: 'GET /v1/users', as: adminA, query: { limit: '101' } }));
    expect(result.statusCode).toBe(400);
    expect(json(result).errors[0].pointer).toBe('/query/limit');
  });
});

describe('pagination', () => {
  it('walks every user with opaque cursors, and refuses a cursor of another tenant', async () => {
    for (let i = 0; i < 5; i++) await createUser(adminA, { email: `page${i}@a.test`, name: `Page ${i}`, accessLevel: 4 });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = json(await call(httpEvent({ routeKey: 'GET /v1/users', as: adminA, query: { limit: '2', status: 'all', ...(cursor ? { cursor } : {}) } })));
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((u: { id: string }) => u.id));
      cursor = page.cursor;
      if (cursor) {
        const foreign = await call(httpEvent({ routeKey: 'GET /v1/users', as: adminB, query: { cursor, status: 'all' } }));
        expect(foreign.statusCode).toBe(400);
        expect(json(foreign).errors[0].code).toBe('invalid_cursor');
      }
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(6);
  });
});

describe('conditional requests', () => {
  it('updates with the current ETag, answers 412 to a stale one and 428 without one', async () => {
    const created = await createUser(adminA, { email: 'etag@a.test', name: 'Etag', accessLevel: 4 });
    const { id } = json(created);
    const patch = (ifMatch: string | undefined, name: string) =>
      call(
        httpEvent({
          routeKey: 'PATCH /v1/users/{userId}',
          as: adminA,
          pathParameters: { userId: id },
          body: { name },
          headers: ifMatch ? { 'if-match': ifMatch } : {},
        }),
      );

    const ok = await patch(created.headers.etag, 'Etag 2');
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    const stale = await patch('"1"', 'Etag 3');
    expect(stale.statusCode).toBe(412);
    expect(json(stale).code).toBe('version_mismatch');
    expect((await patch(undefined, 'Etag 4')).statusCode).toBe(428);
    expect((await deps.users.get(adminA.tenantId, id))?.name).toBe('Etag 2');
  });

  it('deactivates with If-Match and keeps the record', async () => {
    const created = await createUser(adminA, { email: 'gone@a.test', name: 'Gone', accessLevel: 4 });
    const result = await call(
      httpEvent({ routeKey: 'DELETE /v1/users/{userId}', as: adminA, pathParameters: { userId: json(created).id }, headers: { 'if-match': '"1"' } }),
    );
    expect(result.statusCode).toBe(200);
    expect(json(result).status).toBe('inactive');
    expect((await deps.users.get(adminA.tenantId, json(created).id))?.status).toBe('inactive');
  });
});

describe('Idempotency-Key', () => {
  it('creates one user for two requests with the same key, and replays the first response', async () => {
    const body = { email: 'idem@a.test', name: 'Idem', accessLevel: 4 };
    const first = await createUser(adminA, body, { 'idempotency-key': 'create-idem-1' });
    const second = await createUser(adminA, { ...body }, { 'idempotency-key': 'create-idem-1' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.body).toBe(first.body);
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    const all = json(await call(httpEvent({ routeKey: 'GET /v1/users', as: adminA, query: { status: 'all', limit: '100' } })));
    expect(all.items.filter((u: { email: string }) => u.email === 'idem@a.test')).toHaveLength(1);
  });

  it('answers 422 when the key is reused with another body, and creates nothing', async () => {
    await createUser(adminA, { email: 'idem2@a.test', name: 'Idem2', accessLevel: 4 }, { 'idempotency-key': 'create-idem-2' });
    const reused = await createUser(adminA, { email: 'other@a.test', name: 'Other', accessLevel: 4 }, { 'idempotency-key': 'create-idem-2' });
    expect(reused.statusCode).toBe(422);
    expect(json(reused).code).toBe('idempotency_key_reused');
    expect(await deps.users.findByEmail(adminA.tenantId, 'other@a.test')).toBeUndefined();
  });

  it('scopes keys to the tenant: the same key in another tenant creates its own user', async () => {
    const a = await createUser(adminA, { email: 'scoped@x.test', name: 'S', accessLevel: 4 }, { 'idempotency-key': 'shared-key' });
    const b = await createUser(adminB, { email: 'scoped@x.test', name: 'S', accessLevel: 4 }, { 'idempotency-key': 'shared-key' });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(json(b).tenantId).toBe(adminB.tenantId);
    expect(json(b).id).not.toBe(json(a).id);
  });

  it('does not cache failures: after a 403 the same key and body succeed for an admin', async () => {
    const body = { email: 'retry@a.test', name: 'R', accessLevel: 4 };
    const clerk = await newUser(deps, adminA.tenantId, { accessLevel: 4 });
    const refused = await createUser(clerk, body, { 'idempotency-key': 'retry-key' });
    expect(refused.statusCode).toBe(403);
    const retried = await createUser(adminA, body, { 'idempotency-key': 'retry-key' });
    expect(retried.statusCode).toBe(201);
    expect(json(retried).email).toBe('retry@a.test');
  });
});

describe('uniqueness under concurrency', () => {
  it('answers ten simultaneous creates with the same e-mail with one 201 and nine 409s naming the winner', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => createUser(adminA, { email: 'Race@A.test', name: `Racer ${i}`, accessLevel: 4 })));
    const created = results.filter((r) => r.statusCode === 201);
    const conflicts = results.filter((r) => r.statusCode === 409);
    expect(created).toHaveLength(1);
    expect(conflicts).toHaveLength(9);
    const winner = json(created[0]!).id;
    for (const c of conflicts) expect(json(c)).toMatchObject({ code: 'conflict', existingId: winner, field: 'email' });
  });
});

describe('authorization', () => {
  it('forbids users below level 1 from creating users (403)', async () => {
    const clerk = await newUser(deps, adminA.tenantId, { accessLevel: 4 });
    const result = await createUser(clerk, { email: 'nope@a.test', name: 'N', accessLevel: 4 });
    expect(result.statusCode).toBe(403);
    expect(json(result).code).toBe('forbidden');
  });
});

describe('responses', () => {
  it('carries X-Request-Id on success and on error, equal to the problem instance', async () => {
    const ok = await call(httpEvent({ routeKey: 'GET /v1/me', as: adminA }));
    expect(ok.headers['x-request-id']).toMatch(/[0-9a-f-]{36}/);
    const error = await call(httpEvent({ routeKey: 'GET /v1/users/{userId}', as: adminA, pathParameters: { userId: 'missing' } }));
    expect(json(error).instance).toBe(error.headers['x-request-id']);
  });
});
