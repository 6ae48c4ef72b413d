import { describe, expect, it } from 'vitest';
import type { Tenant } from '../../domain/workspace/tenant.schema.ts';
import { ACCESS_CACHE_TTL_MS, accessCheck } from '../../functions/http/access-check.ts';
import { HttpProblem } from '../../functions/http/problem.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

const workspace = (await import('../../functions/http/workspace-api.handler.ts')).handler;
const clients = (await import('../../functions/http/clients-api.handler.ts')).handler;
const imports = (await import('../../functions/http/imports-api.handler.ts')).handler;
const deps = testDeps();

type Call = Parameters<typeof httpEvent>[0];
const asWorkspace = (input: Call) => workspace(httpEvent(input), contextOf('workspace-api'));
const asClients = (input: Call) => clients(httpEvent(input), contextOf('clients-api'));
const asImports = (input: Call) => imports(httpEvent(input), contextOf('imports-api'));

async function suspend(tenantId: string) {
  const tenant = (await deps.tenants.get(tenantId))!;
  const next: Tenant = { ...tenant, status: 'suspended', suspendedAt: new Date().toISOString(), suspendedBy: 'test', version: tenant.version + 1 };
  await deps.tenants.update(next, tenant.version);
}

/** A check with its own cache and a clock the test moves, over the run's real table. */
function checkWithClock() {
  let at = Date.parse('2026-03-02T12:00:00Z');
  const check = accessCheck(deps, { cache: { entries: new Map() }, now: () => at });
  return {
    check,
    advance: (ms: number) => {
      at += ms;
    },
  };
}
const actorOf = (u: TestUser) => ({ tenantId: u.tenantId, userId: u.id, accessLevel: u.accessLevel, permissions: u.permissions });

describe('revocation: user status is checked on every request', () => {
  it("refuses a deactivated user's unexpired token on the very next request, with 401 user_inactive", async () => {
    const { admin } = await newTenant(deps);
    const clerk = await newUser(deps, admin.tenantId, { accessLevel: 4 });
    expect((await asWorkspace({ routeKey: 'GET /v1/me', as: clerk })).statusCode).toBe(200);

    const deactivated = await asWorkspace({
      routeKey: 'DELETE /v1/users/{userId}',
      as: admin,
      pathParameters: { userId: clerk.id },
      headers: { 'if-match': '"1"' },
    });
    expect(deactivated.statusCode).toBe(200);

    const refused = await asWorkspace({ routeKey: 'GET /v1/me', as: clerk });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers!['content-type']).toBe('application/problem+json');
    expect(json(refused)).toMatchObject({
      status: 401,
      code: 'user_inactive',
      title: 'Usuario desactivado',
      detail: 'Tu usuario fue desactivado o ya no existe; pide a un administrador de tu empresa que lo reactive',
    });
    const inEnglish = await asWorkspace({ routeKey: 'GET /v1/me', as: clerk, headers: { 'accept-language': 'en' } });
    expect(json(inEnglish)).toMatchObject({ title: 'User deactivated', detail: expect.stringMatching(/^Your user has been deactivated/) });
  });

  it('refuses the token of a user deactivated in the table, on every HTTP function', async () => {
    const { admin } = await newTenant(deps);
    const clerk = await newUser(deps, admin.tenantId, { accessLevel: 1, status: 'inactive', permissions: ['imports.run'] });
    expect(json(await asClients({ routeKey: 'GET /v1/clients', as: clerk })).code).toBe('user_inactive');
    expect(json(await asImports({ routeKey: 'POST /v1/imports', as: clerk, body: { fileName: 'a.xlsx' } })).code).toBe('user_inactive');
    expect(json(await asWorkspace({ routeKey: 'GET /v1/tenant', as: clerk })).code).toBe('user_inactive');
  });

  it('refuses with 401 a token whose user has no record in the tenant', async () => {
    const { admin } = await newTenant(deps);
    const ghost: TestUser = { ...admin, id: 'never-created' };
    const result = await asClients({ routeKey: 'GET /v1/clients', as: ghost });
    expect(result.statusCode).toBe(401);
    expect(json(result).code).toBe('user_inactive');
  });

  it('refuses a revoked user before looking at the body: 401, not 400', async () => {
    const { admin } = await newTenant(deps);
    const gone = await newUser(deps, admin.tenantId, { accessLevel: 1, status: 'inactive' });
    const result = await asWorkspace({ routeKey: 'POST /v1/users', as: gone, body: { nonsense: true } });
    expect(result.statusCode).toBe(401);
  });

  it('lets a reactivated user in again on the next request of the container that reactivated them', async () => {
    const { admin } = await newTenant(deps);
    const clerk = await newUser(deps, admin.tenantId, { accessLevel: 4 });
    await asWorkspace({ routeKey: 'DELETE /v1/users/{userId}', as: admin, pathParameters: { userId: clerk.id }, headers: { 'if-match': '"1"' } });
    expect((await asWorkspace({ routeKey: 'GET /v1/me', as: clerk })).statusCode).toBe(401);
    const restored = await asWorkspace({
      routeKey: 'PATCH /v1/users/{userId}',
      as: admin,
      pathParameters: { userId: clerk.id },
      body: { status: 'active' },
      headers: { 'if-match': '"2"' },
    });
    expect(restored.statusCode).toBe(200);
    expect((await asWorkspace({ routeKey: 'GET /v1/me', as: clerk })).statusCode).toBe(200);
  });
});

describe('access fields come from the current user record, identity from the token', () => {
  it('refuses level-1 work to a user whose record says level 4, whatever the token claims', async () => {
    const { admin } = await newTenant(deps);
    const clerk = await newUser(deps, admin.tenantId, { accessLevel: 4 });
    const claimingAdmin: TestUser = { ...clerk, accessLevel: 1, permissions: ['users.manage'] };
    const result = await asWorkspace({ routeKey: 'POST /v1/users', as: claimingAdmin, body: { email: 'x@x.test', name: 'X', accessLevel: 4 } });
    expect(result.statusCode).toBe(403);
    expect(json(result).code).toBe('forbidden');
  });

  it('applies a demotion on the next request of the container that made it', async () => {
    const { admin } = await newTenant(deps);
    const deputy = await newUser(deps, admin.tenantId, { accessLevel: 1, permissions: ['users.manage'] });
    const create = (email: string) => asWorkspace({ routeKey: 'POST /v1/users', as: deputy, body: { email, name: 'N', accessLevel: 4 } });
    expect((await create('before@x.test')).statusCode).toBe(201);
    const demoted = await asWorkspace({
      routeKey: 'PATCH /v1/users/{userId}',
      as: admin,
      pathParameters: { userId: deputy.id },
      body: { accessLevel: 4 },
      headers: { 'if-match': '"1"' },
    });
    expect(demoted.statusCode).toBe(200);
    expect((await create('after@x.test')).statusCode).toBe(403);
  });

  it('hands the route the record-refreshed actor (GET /v1/me shows the stored level, branch and permissions)', async () => {
    const { admin } = await newTenant(deps);
    const clerk = await newUser(deps, admin.tenantId, { accessLevel: 3, permissions: ['imports.run'] });
    const stale: TestUser = { ...clerk, accessLevel: 1, permissions: ['users.manage'], branchId: 'forged' };
    const me = json(await asWorkspace({ routeKey: 'GET /v1/me', as: stale }));
    expect(me.actor).toEqual({ tenantId: clerk.tenantId, userId: clerk.id, accessLevel: 3, permissions: ['imports.run'] });
  });
});

describe('tenant status is checked on every request', () => {
  it('answers 403 tenant_unavailable to a token for a tenant that has no record', async () => {
    const { admin } = await newTenant(deps);
    const result = await asClients({ routeKey: 'GET /v1/clients', as: { ...admin, tenantId: 'no-such-tenant' } });
    expect(result.statusCode).toBe(403);
    expect(json(result)).toMatchObject({ code: 'tenant_unavailable', title: 'Empresa no disponible' });
  });

  it('answers 403 tenant_suspended to every user of a suspended tenant, in both languages', async () => {
    const { admin } = await newTenant(deps);
    const clerk = await newUser(deps, admin.tenantId, { accessLevel: 4 });
    await suspend(admin.tenantId);
    for (const result of [
      await asWorkspace({ routeKey: 'GET /v1/tenant', as: admin }),
      await asClients({ routeKey: 'GET /v1/clients', as: clerk }),
      await asImports({ routeKey: 'POST /v1/imports', as: admin, body: { fileName: 'a.xlsx' } }),
    ]) {
      expect(result.statusCode).toBe(403);
      expect(json(result)).toMatchObject({ code: 'tenant_suspended', title: 'Empresa suspendida' });
    }
    const inEnglish = json(await asWorkspace({ routeKey: 'GET /v1/tenant', as: admin, headers: { 'accept-language': 'en' } }));
    expect(inEnglish).toMatchObject({ title: 'Company suspended', detail: "Your company's account is suspended; contact support to reactivate it" });
  });
});

describe('the per-container cache', () => {
  it('reads the user and the tenant once per window, and again once the window has passed', async () => {
    const { admin } = await newTenant(deps);
    const reads = { users: 0, tenants: 0 };
    const counting = {
      users: {
        get: (t: string, u: string) => {
          reads.users++;
          return deps.users.get(t, u);
        },
      },
      tenants: {
        get: (t: string) => {
          reads.tenants++;
          return deps.tenants.get(t);
        },
      },
    };
    let at = 0;
    const check = accessCheck(counting, { cache: { entries: new Map() }, now: () => at });
    for (let i = 0; i < 5; i++) await check.verify(actorOf(admin));
    expect(reads).toEqual({ users: 1, tenants: 1 });
    at += ACCESS_CACHE_TTL_MS;
    await check.verify(actorOf(admin));
    expect(reads).toEqual({ users: 2, tenants: 2 });
  });

  it('keeps the window at most 60 s', () => {
    expect(ACCESS_CACHE_TTL_MS).toBeGreaterThan(0);
    expect(ACCESS_CACHE_TTL_MS).toBeLessThanOrEqual(60_000);
  });

  it('refuses a user deactivated by another container once the window has passed', async () => {
    const { admin } = await newTenant(deps);
    const clerk = await newUser(deps, admin.tenantId, { accessLevel: 4 });
    const { check, advance } = checkWithClock();
    await check.verify(actorOf(clerk));
    const stored = (await deps.users.get(clerk.tenantId, clerk.id))!;
    await deps.users.update({ ...stored, status: 'inactive', version: 2 }, stored);

    advance(ACCESS_CACHE_TTL_MS - 1);
    await expect(check.verify(actorOf(clerk))).resolves.toMatchObject({ userId: clerk.id });
    advance(1);
    const refused = await check.verify(actorOf(clerk)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HttpProblem);
    expect(refused).toMatchObject({ code: 'user_inactive', status: 401 });
  });

  it('refuses users of a tenant suspended elsewhere once the window has passed', async () => {
    const { admin } = await newTenant(deps);
    const { check, advance } = checkWithClock();
    await check.verify(actorOf(admin));
    await suspend(admin.tenantId);
    advance(ACCESS_CACHE_TTL_MS);
    await expect(check.verify(actorOf(admin))).rejects.toMatchObject({ code: 'tenant_suspended', status: 403 });
  });

  it('takes a user or tenant record this container just wrote as known, reading nothing after it', async () => {
    const { admin } = await newTenant(deps);
    const clerk = await newUser(deps, admin.tenantId, { accessLevel: 4 });
    let reads = 0;
    const counting = {
      users: {
        get: (t: string, u: string) => {
          reads++;
          return deps.users.get(t, u);
        },
      },
      tenants: {
        get: (t: string) => {
          reads++;
          return deps.tenants.get(t);
        },
      },
    };
    const check = accessCheck(counting, { cache: { entries: new Map() }, now: () => 0 });
    const stored = (await deps.users.get(clerk.tenantId, clerk.id))!;
    check.rememberUser({ ...stored, status: 'inactive' });
    check.rememberTenant({ ...(await deps.tenants.get(admin.tenantId))!, status: 'active' });
    await expect(check.verify(actorOf(clerk))).rejects.toMatchObject({ code: 'user_inactive' });
    check.rememberTenant({ ...(await deps.tenants.get(admin.tenantId))!, status: 'suspended' });
    await expect(check.verify(actorOf(clerk))).rejects.toMatchObject({ code: 'tenant_suspended' });
    expect(reads).toBe(0);
  });

  it('forgets a user at once when told, without waiting for the window', async () => {
    const { admin } = await newTenant(deps);
    const clerk = await newUser(deps, admin.tenantId, { accessLevel: 4 });
    const { check } = checkWithClock();
    await check.verify(actorOf(clerk));
    const stored = (await deps.users.get(clerk.tenantId, clerk.id))!;
    await deps.users.update({ ...stored, status: 'inactive', version: 2 }, stored);
    check.forgetUser(clerk.tenantId, clerk.id);
    await expect(check.verify(actorOf(clerk))).rejects.toMatchObject({ code: 'user_inactive' });
  });
});
