import * as z from 'zod';
import type { Requirement } from '../../domain/shared/actor.ts';
import { Id } from '../../domain/shared/fields.ts';

export { Id };

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * One HTTP operation, declared once. The function catalogue takes its route keys from here, the
 * router validates requests with its schemas, and the OpenAPI document is generated from it.
 */
export interface RouteSpec {
  operationId: string;
  method: HttpMethod;
  /** API Gateway path template, e.g. `/v1/users/{userId}`. */
  path: string;
  summary: string;
  tag: string;
  /** No JWT authorizer (docs only). */
  public?: boolean;
  /**
   * A client portal route: no gateway authorizer (a portal token is not a Cognito token); the function
   * itself verifies the portal token (functions/http/portal-auth.ts), and a tenant user's token is refused.
   */
  portal?: boolean;
  /**
   * The access level and permission a caller needs (every non-public route declares one). Checked
   * before the body is read: a caller without it gets 403, whatever it sent.
   */
  requires?: Requirement;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  success: { status: 200 | 201 | 202 | 204; description: string; schema?: z.ZodType; contentType?: string };
  /** Accepts `Idempotency-Key` (creating POSTs). */
  idempotent?: boolean;
  /** Requires `If-Match` with the current ETag. */
  conditional?: boolean;
}

export const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>) => `${route.method} ${route.path}`;

/*
 * What a route's implementation receives and returns, read from its spec: declare route lists
 * `as const satisfies readonly RouteSpec[]`, so each keeps its operation id and schemas, and
 * `httpApi` types every implementation by them (no casts in handlers).
 */
type Parsed<R, K extends 'params' | 'query' | 'body', Otherwise> = RouteSpec extends R
  ? Wide[K]
  : R extends { [P in K]: infer S extends z.ZodType }
    ? z.output<S>
    : Otherwise;
/** What any route's input is, for code that serves every route (the router). */
interface Wide {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}
/** The validated path parameters (`{}` when the route has none). */
export type ParamsOf<R> = Parsed<R, 'params', Record<never, string>>;
/** The validated query, defaults applied (`{}` when the route takes none). */
export type QueryOf<R> = Parsed<R, 'query', Record<never, unknown>>;
/** The validated body (`undefined` when the route takes none). */
export type BodyOf<R> = Parsed<R, 'body', undefined>;
/** What the success response holds: its schema's type (anything when the spec declares no schema). */
export type ResponseOf<R> = R extends { success: { schema: infer S extends z.ZodType } } ? z.output<S> : unknown;

export const paginationQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z
    .string()
    .min(1)
    .max(2048)
    .optional()
    .describe('The `cursor` of the previous page, as given: sealed, valid for 1 hour, and only for the same caller, route and filters'),
};

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), cursor: z.string().optional().describe('Pass as `cursor` for the next page (same filters; valid for 1 hour)') });

/** Requirements most routes share. */
export const anyLevel: Requirement = { level: 4 };
export const companyLevel: Requirement = { level: 1 };
