import { describe, expect, it } from 'vitest';
import { allRouteKeys, functionCatalogue, httpRoutes } from '../../functions/catalogue.ts';
import { routeKey } from '../../functions/http/route-spec.ts';
import { compiledRoutes } from '../../scripts/local/api-gateway.ts';
import { loadHandler } from '../../scripts/local/handlers.ts';
import { rateToMs } from '../../scripts/local/scheduler.ts';
import { contextOf, httpEvent, json } from '../support/http.ts';
import { newTenant } from '../support/tenants.ts';

describe('function catalogue served by the local runtime', () => {
  it.each(functionCatalogue.map((f) => [f.name, f] as const))('loads the handler of %s from its entry', async (_name, spec) => {
    expect(typeof (await loadHandler(spec))).toBe('function');
  });

  it('routes every catalogued HTTP route key through the local gateway, and nothing else', () => {
    const served = compiledRoutes()
      .map((r) => routeKey(r.route))
      .sort();
    expect(served).toEqual([...allRouteKeys()].sort());
    expect(new Set(served).size).toBe(served.length);
  });

  it('matches concrete paths to their templates', () => {
    const match = (method: string, path: string) => compiledRoutes().find((r) => r.route.method === method && r.pattern.test(path));
    expect(routeKey(match('GET', '/v1/users/01ABC')!.route)).toBe('GET /v1/users/{userId}');
    expect(routeKey(match('GET', '/v1/openapi.json')!.route)).toBe('GET /v1/openapi.json');
    expect(match('GET', '/v1/openapiXjson')).toBeUndefined();
    // Static segments win over parameters, as in API Gateway.
    expect(routeKey(match('GET', '/v1/clients/search')!.route)).toBe('GET /v1/clients/search');
    expect(routeKey(match('GET', '/v1/clients/abc')!.route)).toBe('GET /v1/clients/{clientId}');
    expect(match('PUT', '/v1/users/1')).toBeUndefined();
  });

  it('gives every scheduled function a rate the local scheduler can run', () => {
    for (const spec of functionCatalogue) {
      if (spec.trigger.type === 'schedule') expect(rateToMs(spec.trigger.expression)).toBeGreaterThan(0);
    }
  });

  it('implements every route of every HTTP function: each answers something other than route_not_found', async () => {
    const { admin } = await newTenant();
    for (const spec of functionCatalogue) {
      const handler = await loadHandler(spec);
      for (const route of httpRoutes(spec)) {
        const params = Object.fromEntries((route.path.match(/\{(\w+)\}/g) ?? []).map((p) => [p.slice(1, -1), 'nonexistent']));
        const result = (await handler(httpEvent({ routeKey: routeKey(route), as: admin, pathParameters: params }), contextOf(spec.name))) as never;
        const status = (result as { statusCode: number }).statusCode;
        if (status >= 400) expect(json(result).code, routeKey(route)).not.toBe('route_not_found');
        expect(status, routeKey(route)).toBeLessThan(500);
      }
    }
  });
});
