import { functionCatalogue, httpRoutes } from '../../functions/catalogue.ts';
import type { HttpResult } from '../../functions/http/http-types.ts';
import { routeKey, type RouteSpec } from '../../functions/http/route-spec.ts';
import { invokeFunction } from '../../scripts/local/handlers.ts';
import { httpEvent } from './http.ts';

/** The catalogued function and route spec that serve a route key such as `GET /v1/users`. */
export function routeFor(key: string): { function: (typeof functionCatalogue)[number]; route: RouteSpec } {
  for (const spec of functionCatalogue) {
    const route = httpRoutes(spec).find((r) => routeKey(r) === key);
    if (route) return { function: spec, route };
  }
  throw new Error(`no catalogued route ${key}`);
}

/** Calls whichever catalogued handler serves the route, as API Gateway would after the authorizer. */
export async function callRoute(input: Parameters<typeof httpEvent>[0]): Promise<HttpResult> {
  return (await invokeFunction(routeFor(input.routeKey).function, httpEvent(input))) as HttpResult;
}

/** Every route that pages with `cursor`, as the route specs declare them. */
export const pagedRoutes = (): RouteSpec[] => functionCatalogue.flatMap(httpRoutes).filter((r) => r.query && 'cursor' in r.query.shape);
