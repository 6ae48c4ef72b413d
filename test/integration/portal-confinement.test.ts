import type { Server } from 'node:http';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { regeneratePortalPassword } from '../../domain/portal/portal-access.use-cases.ts';
import { claimsForUser } from '../../functions/auth/claims.ts';
import { functionCatalogue, httpRoutes } from '../../functions/catalogue.ts';
import type { HttpResult } from '../../functions/http/http-types.ts';
import { routeKey, type RouteSpec } from '../../functions/http/route-spec.ts';
import { portalAccessRecords, portalSessions } from '../../functions/wiring/portal.ts';
import { createApiGateway } from '../../scripts/local/api-gateway.ts';
import { createDevIssuer, type DevIssuer } from '../../scripts/local/dev-issuer.ts';
import { invokeFunction } from '../../scripts/local/handlers.ts';
import { httpEvent, type TestUser } from '../support/http.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

/**
 * A portal token reaches nothing but the portal routes, and the portal routes take nothing but a portal
 * token: every catalogued route is tried, through the local gateway (which verifies tokens as API
 * Gateway's authorizer does) and straight at its handler with the portal token's claims, as if an
 * authorizer had let them through.
 */
const deps = testDeps();
let server: Server;
let base: string;
let issuer: DevIssuer;
let admin: TestUser;
let clientId: string;
let portalToken: string;
let userToken: string;

const allRoutes = functionCatalogue.flatMap((spec) => httpRoutes(spec).map((route) => ({ spec, route })));
const tenantRoutes = allRoutes.filter(({ route }) => !route.public && !route.portal);
const portalRoutes = allRoutes.filter(({ route }) => route.portal);

/** The route's path with sample ids: the portal client's own id wherever a client is named. */
const pathOf = (route: RouteSpec) =>
  route.path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === 'clientId' ? clientId : `01JNSAMPLE${name.length}ABCDEFGHJKMNPQ`));
const parametersOf = (route: RouteSpec) =>
  Object.fromEntries(
    [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, name === 'clientId' ? clientId : `01JNSAMPLE${name!.length}ABCDEFGHJKMNPQ`]),
  );
const bodyOf = (route: RouteSpec) => (['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined);

beforeAll(async () => {
  issuer = await createDevIssuer();
  ({ server, url: base } = await createApiGateway({ issuer, port: 0 }));
  ({ admin } = await newTenant(deps));
  userToken = await issuer.sign(claimsForUser(admin));
  const actor = { tenantId: admin.tenantId, userId: admin.id, accessLevel: 1 as const, permissions: admin.permissions };
  const client = await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Confinada', email: `confinada-${admin.tenantId}@x.test` }));
  clientId = client.id;
  const records = portalAccessRecords(deps);
  const issued = await regeneratePortalPassword({ ...deps, ...records, fallbackSender: 'no-reply@cobranza.test' })(actor, clientId);
  portalToken = (await portalSessions(deps).tokens.issue({ tenantId: admin.tenantId, clientId, version: issued.version }, new Date())).token;
}, 60_000);
afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
});

describe('portal token confinement', () => {
  it('is a working portal token (so the refusals below are about where it is used)', async () => {
    const response = await fetch(`${base}/v1/portal/invoices`, { headers: { authorization: `Bearer ${portalToken}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ items: [], more: false });
  });

  it(`is refused by the gateway on every tenant route (${tenantRoutes.length} routes)`, async () => {
    expect(tenantRoutes.length).toBeGreaterThan(100);
    for (const { route } of tenantRoutes) {
      const body = bodyOf(route);
      const response = await fetch(`${base}${pathOf(route)}`, {
        method: route.method,
        headers: { authorization: `Bearer ${portalToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const answer = (await response.json()) as Record<string, unknown>;
      expect(response.status, routeKey(route)).toBe(401);
      expect(answer.code, routeKey(route)).toBe('unauthenticated');
      expect(Object.keys(answer).sort(), routeKey(route)).toEqual(['code', 'detail', 'instance', 'status', 'title', 'type']);
    }
  }, 120_000);

  it('is refused by every tenant handler even with its claims handed over as verified', async () => {
    const claims = Object.fromEntries(Object.entries(decodeJwt(portalToken)).map(([k, v]) => [k, String(v)]));
    for (const { spec, route } of tenantRoutes) {
      const event = httpEvent({ routeKey: routeKey(route), pathParameters: parametersOf(route), ...(bodyOf(route) ? { body: bodyOf(route) } : {}) });
      (event.requestContext as unknown as { authorizer: unknown }).authorizer = { jwt: { claims, scopes: null } };
      const result = (await invokeFunction(spec, event)) as HttpResult;
      const answer = JSON.parse(String(result.body)) as Record<string, unknown>;
      expect(result.statusCode, routeKey(route)).toBe(401);
      expect(answer, routeKey(route)).toMatchObject({ code: 'unauthenticated' });
      expect(answer, routeKey(route)).not.toHaveProperty('items');
    }
  }, 180_000);

  it("refuses a tenant user's token on every portal route, through the gateway and at the handler", async () => {
    expect(portalRoutes.map(({ route }) => routeKey(route)).sort()).toEqual(['GET /v1/portal/invoices', 'GET /v1/portal/payments', 'GET /v1/portal/statement']);
    for (const { spec, route } of portalRoutes) {
      const response = await fetch(`${base}${route.path}`, { headers: { authorization: `Bearer ${userToken}` } });
      expect(response.status, routeKey(route)).toBe(401);
      expect(((await response.json()) as { code: string }).code).toBe('unauthenticated');
      // The user's verified claims handed to the handler open nothing either: portal-api reads only its own token.
      const event = httpEvent({ routeKey: routeKey(route), as: admin, headers: { authorization: `Bearer ${userToken}` } });
      const result = (await invokeFunction(spec, event)) as HttpResult;
      expect(result.statusCode, routeKey(route)).toBe(401);
      expect(JSON.parse(String(result.body))).not.toHaveProperty('items');
    }
  });
});
