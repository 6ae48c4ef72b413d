import { beforeAll, describe, expect, it } from 'vitest';
import { functionCatalogue, httpRoutes } from '../../functions/catalogue.ts';
import type { HttpResult } from '../../functions/http/http-types.ts';
import { buildOpenApiDocument, ProblemSchema } from '../../functions/http/openapi.ts';
import { errorsOf, problemOfError } from '../../functions/http/openapi/errors.ts';
import { callRoute, routeFor } from '../support/api.ts';
import type { TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

/**
 * The errors the document declares are the ones the API answers: each case below is produced through
 * the handlers against the emulators, and its status and code must be declared for that operation, its
 * body must match the (strict) Problem schema. Errors particular to one operation must be produced here
 * or name the test that does, so a new one cannot go unproven.
 */
const doc = buildOpenApiDocument() as unknown as { paths: Record<string, Record<string, any>> };
const produced: Array<{ key: string; status: number; code: string; reason?: string }> = [];
let admin: TestUser;
let clerk: TestUser;

async function call(input: Parameters<typeof callRoute>[0]) {
  const result: HttpResult = await callRoute(input);
  if (result.statusCode! >= 400) {
    const body = JSON.parse(result.body as string);
    const parsed = ProblemSchema.safeParse(body);
    expect(
      parsed.success,
      `${input.routeKey}: members the Problem schema lacks: ${parsed.error?.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    ).toBe(true);
    produced.push({ key: input.routeKey, status: result.statusCode!, code: body.code, ...(body.reason ? { reason: body.reason } : {}) });
  }
  return { status: result.statusCode!, body: result.body ? JSON.parse(result.body as string) : undefined, etag: result.headers?.etag as string | undefined };
}
const json = (body: unknown) => ({ body });
const person = (rut: string, email: string) => ({
  personType: 'natural',
  firstName: 'Ana',
  firstSurname: 'Muñoz',
  email,
  taxId: { scheme: 'CL_RUT', value: rut },
});

beforeAll(async () => {
  const deps = testDeps();
  ({ admin } = await newTenant(deps));
  clerk = await newUser(deps, admin.tenantId, { accessLevel: 4 });
});

describe('errors the API answers, as the document declares them', () => {
  it('POST /v1/clients: 409 on a duplicate tax id, 400 on bad input or an unknown category, 413, 415, 422 on a reused key, 401 without a token', async () => {
    expect((await call({ routeKey: 'POST /v1/clients', as: admin, ...json(person('13.456.783-K', 'ana@munoz.cl')) })).status).toBe(201);
    const dup = await call({ routeKey: 'POST /v1/clients', as: admin, ...json(person('13456783-k', 'otra@munoz.cl')) });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: 'conflict', field: 'taxId', existingName: 'Ana Muñoz', existingStatus: 'active' });
    expect((await call({ routeKey: 'POST /v1/clients', as: admin, ...json({ personType: 'natural' }) })).status).toBe(400);
    expect(
      (await call({ routeKey: 'POST /v1/clients', as: admin, ...json({ ...person('11.111.111-1', 'c@munoz.cl'), categoryId: 'mayorista' }) })).status,
    ).toBe(400);
    expect((await call({ routeKey: 'POST /v1/clients', as: admin, rawBody: '{"personType":', headers: { 'content-type': 'application/json' } })).status).toBe(
      400,
    );
    expect((await call({ routeKey: 'POST /v1/clients', as: admin, rawBody: `{"name":"${'x'.repeat(1_100_000)}"}` })).status).toBe(413);
    expect((await call({ routeKey: 'POST /v1/clients', as: admin, rawBody: 'nombre=Ana', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    const key = { 'idempotency-key': `k-${admin.tenantId}` };
    expect((await call({ routeKey: 'POST /v1/clients', as: admin, headers: key, ...json(person('12.345.678-5', 'k1@munoz.cl')) })).status).toBe(201);
    expect((await call({ routeKey: 'POST /v1/clients', as: admin, headers: key, ...json(person('12.345.678-5', 'k2@munoz.cl')) })).status).toBe(422);
    expect((await call({ routeKey: 'POST /v1/clients', ...json(person('12.345.678-5', 'k3@munoz.cl')) })).status).toBe(401);
  });

  it('PATCH /v1/clients/{clientId}: 412 on a stale If-Match, 428 without one, 404 for an unknown id; 409 on a taken e-mail', async () => {
    const a = await call({ routeKey: 'POST /v1/clients', as: admin, ...json(person('9.876.543-3', 'uno@andes.cl')) });
    await call({ routeKey: 'POST /v1/clients', as: admin, ...json(person('5.126.663-3', 'dos@andes.cl')) });
    const clientId = a.body.id as string;
    expect(
      (
        await call({
          routeKey: 'PATCH /v1/clients/{clientId}',
          as: admin,
          pathParameters: { clientId },
          headers: { 'if-match': '"99"' },
          ...json({ city: 'Temuco' }),
        })
      ).status,
    ).toBe(412);
    expect((await call({ routeKey: 'PATCH /v1/clients/{clientId}', as: admin, pathParameters: { clientId }, ...json({ city: 'Temuco' }) })).status).toBe(428);
    expect(
      (
        await call({
          routeKey: 'PATCH /v1/clients/{clientId}',
          as: admin,
          pathParameters: { clientId },
          headers: { 'if-match': a.etag! },
          ...json({ email: 'dos@andes.cl' }),
        })
      ).status,
    ).toBe(409);
    expect((await call({ routeKey: 'GET /v1/clients/{clientId}', as: admin, pathParameters: { clientId: '01JNC9Z9Z9Z9Z9Z9Z9Z9Z9Z9Z9' } })).status).toBe(404);
  });

  it("403 below a route's requirement, before the body is read", async () => {
    expect((await call({ routeKey: 'POST /v1/users', as: clerk, ...json({ nada: 1 }) })).status).toBe(403);
    expect((await call({ routeKey: 'DELETE /v1/zones/{zoneId}', as: clerk, pathParameters: { zoneId: 'z' }, headers: { 'if-match': '"1"' } })).status).toBe(
      403,
    );
  });

  it('409 when deleting a category or zone clients hold, or a branch users belong to; 409 on a taken name', async () => {
    const category = await call({ routeKey: 'POST /v1/client-categories', as: admin, ...json({ name: 'Mayorista', color: '#1f7a4d' }) });
    expect((await call({ routeKey: 'POST /v1/client-categories', as: admin, ...json({ name: 'MAYORISTA', color: '#000000' }) })).status).toBe(409);
    const zone = await call({ routeKey: 'POST /v1/zones', as: admin, ...json({ name: 'Araucanía Norte' }) });
    await call({
      routeKey: 'POST /v1/clients',
      as: admin,
      ...json({ ...person('7.654.321-6', 'cat@andes.cl'), categoryId: category.body.id, zoneId: zone.body.id }),
    });
    const inUse = await call({
      routeKey: 'DELETE /v1/client-categories/{categoryId}',
      as: admin,
      pathParameters: { categoryId: category.body.id },
      headers: { 'if-match': category.etag! },
    });
    expect(inUse).toMatchObject({ status: 409, body: { code: 'invalid_state', reason: 'category_in_use', clients: { active: 1, inactive: 0 } } });
    expect(
      (await call({ routeKey: 'DELETE /v1/zones/{zoneId}', as: admin, pathParameters: { zoneId: zone.body.id }, headers: { 'if-match': zone.etag! } })).body
        .reason,
    ).toBe('zone_in_use');
    const branch = await call({ routeKey: 'POST /v1/branches', as: admin, ...json({ name: 'Sucursal Temuco' }) });
    expect((await call({ routeKey: 'POST /v1/branches', as: admin, ...json({ name: 'sucursal temuco' }) })).status).toBe(409);
    await call({
      routeKey: 'POST /v1/users',
      as: admin,
      ...json({ email: `b@${admin.tenantId}.test`, name: 'Jorge Soto', accessLevel: 2, branchId: branch.body.id }),
    });
    expect(
      (
        await call({
          routeKey: 'DELETE /v1/branches/{branchId}',
          as: admin,
          pathParameters: { branchId: branch.body.id },
          headers: { 'if-match': branch.etag! },
        })
      ).body.reason,
    ).toBe('branch_in_use');
    const department = await call({ routeKey: 'POST /v1/departments', as: admin, ...json({ name: 'Cobranza' }) });
    expect((await call({ routeKey: 'POST /v1/departments', as: admin, ...json({ name: 'COBRANZA' }) })).status).toBe(409);
    expect(department.status).toBe(201);
    expect((await call({ routeKey: 'POST /v1/zones', as: admin, ...json({ name: 'araucania norte' }) })).status).toBe(409);
  });

  it('users: 409 on a taken e-mail, on deactivating one who holds clients, and on an administrator locking themselves out', async () => {
    const user = await call({
      routeKey: 'POST /v1/users',
      as: admin,
      ...json({ email: `cobrador@${admin.tenantId}.test`, name: 'Pedro Fuentes', accessLevel: 4 }),
    });
    expect(
      (await call({ routeKey: 'POST /v1/users', as: admin, ...json({ email: `cobrador@${admin.tenantId}.test`, name: 'Otro', accessLevel: 4 }) })).status,
    ).toBe(409);
    expect(
      (await call({ routeKey: 'POST /v1/clients', as: admin, ...json({ ...person('6.543.210-2', 'held@andes.cl'), collectorId: user.body.id }) })).status,
    ).toBe(201);
    const held = await call({
      routeKey: 'DELETE /v1/users/{userId}',
      as: admin,
      pathParameters: { userId: user.body.id },
      headers: { 'if-match': user.etag! },
    });
    expect(held.body).toMatchObject({ code: 'invalid_state', reason: 'user_holds_clients', clients: { seller: 0, collector: 1, agent: 0 } });
    const viaPatch = await call({
      routeKey: 'PATCH /v1/users/{userId}',
      as: admin,
      pathParameters: { userId: user.body.id },
      headers: { 'if-match': user.etag! },
      ...json({ status: 'inactive' }),
    });
    expect(viaPatch.body.reason).toBe('user_holds_clients');
    const me = await call({ routeKey: 'GET /v1/users/{userId}', as: admin, pathParameters: { userId: admin.id } });
    expect(
      (await call({ routeKey: 'DELETE /v1/users/{userId}', as: admin, pathParameters: { userId: admin.id }, headers: { 'if-match': me.etag! } })).body.reason,
    ).toBe('self_lockout');
  });

  it("renames to a taken name are 409, a department users belong to is not deleted, a user may not take another's e-mail", async () => {
    for (const [path, param, body] of [
      ['/v1/branches', 'branchId', { name: 'Sucursal Osorno' }],
      ['/v1/departments', 'departmentId', { name: 'Ventas' }],
      ['/v1/client-categories', 'categoryId', { name: 'Minorista', color: '#aa0000' }],
      ['/v1/zones', 'zoneId', { name: 'Costa' }],
    ] as const) {
      await call({ routeKey: `POST ${path}`, as: admin, ...json(body) });
      const other = await call({ routeKey: `POST ${path}`, as: admin, ...json({ ...body, name: `${body.name} 2` }) });
      const renamed = await call({
        routeKey: `PATCH ${path}/{${param}}`,
        as: admin,
        pathParameters: { [param]: other.body.id },
        headers: { 'if-match': other.etag! },
        ...json({ name: body.name.toUpperCase() }),
      });
      expect(renamed.status, path).toBe(409);
    }
    const department = await call({ routeKey: 'POST /v1/departments', as: admin, ...json({ name: 'Crédito' }) });
    await call({
      routeKey: 'POST /v1/users',
      as: admin,
      ...json({ email: `d@${admin.tenantId}.test`, name: 'Rosa Vera', accessLevel: 3, departmentId: department.body.id }),
    });
    expect(
      (
        await call({
          routeKey: 'DELETE /v1/departments/{departmentId}',
          as: admin,
          pathParameters: { departmentId: department.body.id },
          headers: { 'if-match': department.etag! },
        })
      ).body.reason,
    ).toBe('department_in_use');
    const rosa = await call({ routeKey: 'POST /v1/users', as: admin, ...json({ email: `rosa@${admin.tenantId}.test`, name: 'Rosa', accessLevel: 4 }) });
    expect(
      (
        await call({
          routeKey: 'PATCH /v1/users/{userId}',
          as: admin,
          pathParameters: { userId: rosa.body.id },
          headers: { 'if-match': rosa.etag! },
          ...json({ email: `d@${admin.tenantId}.test` }),
        })
      ).status,
    ).toBe(409);
    const me = await call({ routeKey: 'GET /v1/users/{userId}', as: admin, pathParameters: { userId: admin.id } });
    expect(
      (
        await call({
          routeKey: 'PATCH /v1/users/{userId}',
          as: admin,
          pathParameters: { userId: admin.id },
          headers: { 'if-match': me.etag! },
          ...json({ status: 'inactive' }),
        })
      ).body.reason,
    ).toBe('self_lockout');
  });

  it("clients outside the caller's reach are 403 (branch change, outside scope); unknown references are 400 on update, mass update and reassignment", async () => {
    const deps = testDeps();
    const [north, south] = [
      await call({ routeKey: 'POST /v1/branches', as: admin, ...json({ name: 'Norte' }) }),
      await call({ routeKey: 'POST /v1/branches', as: admin, ...json({ name: 'Sur' }) }),
    ];
    const manager = await newUser(deps, admin.tenantId, {
      accessLevel: 2,
      branchId: north.body.id,
      permissions: ['clients.mass_update', 'clients.reassign_agent'],
    });
    expect(
      (await call({ routeKey: 'POST /v1/clients', as: manager, ...json({ ...person('4.567.890-3', 'sur@andes.cl'), branchId: south.body.id }) })).body.reason,
    ).toBe('branch_change');
    const seller = await newUser(deps, admin.tenantId, { accessLevel: 4 });
    expect(
      (await call({ routeKey: 'POST /v1/clients', as: seller, ...json({ ...person('3.456.789-1', 'ajeno@andes.cl'), sellerId: admin.id }) })).body.reason,
    ).toBe('outside_scope');
    const own = await call({ routeKey: 'POST /v1/clients', as: seller, ...json(person('2.345.678-8', 'propio@andes.cl')) });
    expect(own.status).toBe(201);
    const clientId = own.body.id as string;
    const patch = (as: TestUser, body: unknown, etag: string) =>
      call({ routeKey: 'PATCH /v1/clients/{clientId}', as, pathParameters: { clientId }, headers: { 'if-match': etag }, ...json(body) });
    expect((await patch(seller, { categoryId: 'mayorista' }, own.etag!)).status).toBe(400);
    expect((await patch(seller, { sellerId: admin.id }, own.etag!)).body.reason).toBe('outside_scope');
    const inNorth = await call({ routeKey: 'POST /v1/clients', as: manager, ...json(person('1.234.567-4', 'norte@andes.cl')) });
    expect(
      (
        await call({
          routeKey: 'PATCH /v1/clients/{clientId}',
          as: manager,
          pathParameters: { clientId: inNorth.body.id },
          headers: { 'if-match': inNorth.etag! },
          ...json({ branchId: south.body.id }),
        })
      ).body.reason,
    ).toBe('branch_change');
    expect(
      (await call({ routeKey: 'POST /v1/clients/mass-update', as: manager, ...json({ clientIds: [inNorth.body.id], patch: { categoryId: 'mayorista' } }) }))
        .status,
    ).toBe(400);
    expect((await call({ routeKey: 'POST /v1/agents/reassign', as: manager, ...json({ moves: { [seller.id]: 'nadie' } }) })).status).toBe(400);
  });

  it('declares, for its operation, the status and code of every error produced above', () => {
    expect(produced.length).toBeGreaterThan(20);
    const undeclared = produced.filter(({ key, status, code }) => {
      const { route } = routeFor(key);
      const response = doc.paths[route.path]![route.method.toLowerCase()].responses[String(status)];
      return !response?.description.includes(`\`${code}\``);
    });
    expect(undeclared).toEqual([]);
  });

  it('produces every error particular to one operation here, or names the test that does', () => {
    const unproven: string[] = [];
    for (const route of functionCatalogue.flatMap(httpRoutes)) {
      for (const declared of errorsOf(route)) {
        if (!declared.specific || declared.specific.shownBy) continue;
        const body = problemOfError(declared.error);
        const seen = produced.some(
          (p) => p.key === `${route.method} ${route.path}` && p.status === body.status && p.code === body.code && p.reason === body.reason,
        );
        if (!seen) unproven.push(`${route.operationId} ${body.status} ${body.code}${body.reason ? `/${String(body.reason)}` : ''}`);
      }
    }
    expect(unproven).toEqual([]);
  });
});
