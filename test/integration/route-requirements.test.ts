import { readFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { Permission, type AccessLevel, type Requirement } from '../../domain/shared/actor.ts';
import { functionCatalogue, httpRoutes } from '../../functions/catalogue.ts';
import { httpApi } from '../../functions/http/http-api.ts';
import type { HttpEvent, HttpResult } from '../../functions/http/http-types.ts';
import type { RouteSpec } from '../../functions/http/route-spec.ts';
import { routeRequirementTable } from '../../scripts/route-table.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

/**
 * Every route declares the access level and permission it needs (issue 7), and a caller without
 * them gets 403 problem+json before anything else happens, whatever body it sends.
 */
const deps = testDeps();
const allPermissions = Permission.options;

/** Callers that each miss the requirement in one way: a level too narrow, or the permission. */
function failingCallers(req: Requirement): Array<{ level: AccessLevel; permissions: string[]; why: string }> {
  const callers: Array<{ level: AccessLevel; permissions: string[]; why: string }> = [];
  if (req.level < 4) callers.push({ level: (req.level + 1) as AccessLevel, permissions: [...allPermissions], why: `level ${req.level + 1}` });
  if (req.permission) callers.push({ level: req.level, permissions: allPermissions.filter((p) => p !== req.permission), why: `no ${req.permission}` });
  return callers;
}

const httpFunctions = functionCatalogue.filter((f) => f.trigger.type === 'http');
const handlers = new Map<string, (event: HttpEvent, context: Context) => Promise<HttpResult>>();
for (const fn of httpFunctions) {
  const mod = (await import(`../../${fn.entry}`)) as { handler: (event: HttpEvent, context: Context) => Promise<HttpResult> };
  handlers.set(fn.name, mod.handler);
}

const pathParams = (route: RouteSpec) => Object.fromEntries([...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, '01ARZ3NDEKTSV4RRFFQ69G5FAV']));

describe('route requirements', () => {
  it('are declared on every non-public route', () => {
    const undeclared = httpFunctions
      .flatMap((f) => httpRoutes(f))
      .filter((r) => !r.public && !r.portal && !r.requires)
      .map((r) => r.operationId);
    expect(undeclared).toEqual([]);
  });

  it('refuse to build a function with a route that declares nothing', () => {
    const bare: RouteSpec = { operationId: 'bare', method: 'GET', path: '/v1/bare', summary: 'x', tag: 'x', success: { status: 200, description: 'x' } };
    expect(() => httpApi({ name: 'x', routes: [bare], impls: { bare: async () => ({}) }, logger: console as never })).toThrow(/requirement/);
  });

  it("answer 403 problem+json to every caller below a route's level or without its permission", async () => {
    const { admin } = await newTenant(deps);
    let checked = 0;
    for (const fn of httpFunctions) {
      for (const route of httpRoutes(fn)) {
        // Portal routes take a portal token, no user's level (test/integration/portal-confinement.test.ts).
        if (route.public || route.portal) continue;
        for (const caller of failingCallers(route.requires!)) {
          const as: TestUser = {
            tenantId: admin.tenantId,
            id: `u-${route.operationId}-${caller.level}-${caller.permissions.length}`.slice(0, 60),
            email: `${route.operationId}.${caller.level}.${caller.permissions.length}@r.test`.toLowerCase(),
            accessLevel: caller.level,
            permissions: caller.permissions,
            branchId: 'b',
            departmentId: 'd',
          };
          const at = new Date().toISOString();
          await deps.users
            .create({ ...as, name: as.id, status: 'active', version: 1, createdAt: at, updatedAt: at, createdBy: 't', updatedBy: 't' })
            .catch(() => undefined);
          const res = await handlers.get(fn.name)!(
            httpEvent({ routeKey: `${route.method} ${route.path}`, as, pathParameters: pathParams(route), headers: { 'if-match': '"1"' }, body: {} }),
            contextOf(fn.name),
          );
          expect(res.statusCode, `${route.operationId} as ${caller.why}: ${res.body}`).toBe(403);
          expect(res.headers?.['content-type']).toBe('application/problem+json');
          expect(json(res).code).toBe('forbidden');
          checked++;
        }
      }
    }
    // Not vacuous: the catalogue has routes that need level 1, and each permission is needed somewhere.
    expect(checked).toBeGreaterThan(20);
  });

  it('say in Spanish and English what was missing', async () => {
    const { admin } = await newTenant(deps);
    const seller: TestUser = { tenantId: admin.tenantId, id: 'seller-1', email: 's1@r.test', accessLevel: 4, permissions: [] };
    const at = new Date().toISOString();
    await deps.users.create({ ...seller, name: 'S', status: 'active', version: 1, createdAt: at, updatedAt: at, createdBy: 't', updatedBy: 't' });
    const clients = handlers.get('clients-api')!;
    const es = json(
      await clients(httpEvent({ routeKey: 'POST /v1/client-categories', as: seller, body: { name: 'x', color: '#000000' } }), contextOf('clients-api')),
    );
    expect(es.detail).toBe('Esta acción requiere nivel de acceso 1 (empresa); tu nivel es 4 (trabajo propio)');
    const en = json(
      await clients(
        httpEvent({ routeKey: 'POST /v1/clients/mass-update', as: seller, headers: { 'accept-language': 'en' }, body: {} }),
        contextOf('clients-api'),
      ),
    );
    expect(en.detail).toBe('This action needs the "clients.mass_update" permission; ask an administrator for it');
  });

  it('are listed in the README exactly as the specs declare them', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = /<!-- routes:start -->\n([\s\S]*?)\n<!-- routes:end -->/.exec(readme)?.[1];
    expect(section).toBe(routeRequirementTable());
  });
});
