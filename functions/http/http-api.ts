import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import type { PortalPrincipal } from '../../domain/portal/ports.ts';
import { requireAccess, type Actor } from '../../domain/shared/actor.ts';
import type { ExpectedVersion } from '../../domain/shared/versions.ts';
import { accessCheck, type AccessCheck, type AccessRecords } from './access-check.ts';
import { runInScope } from '../adapters/request-scope.ts';
import { actorFromEvent } from './auth.ts';
import { requestDeadline, runRoute } from './deadline.ts';
import type { HttpEvent, HttpResult } from './http-types.ts';
import { pickLanguage, problem, problemHeaders, problemOf, toProblem, type Language } from './problem.ts';
import { requestState } from './request-state.ts';
import { jsonBody } from './request-body.ts';
import { parseIfMatch, runConditional } from './if-match.ts';
import { routeKey, type BodyOf, type ParamsOf, type QueryOf, type ResponseOf, type RouteSpec } from './route-spec.ts';
import type { SealedCursors } from './sealed-cursor.ts';
import { parsePart } from './validate.ts';

/** What a route implementation receives: the verified actor and its route's input, parsed by the route's schemas. */
export interface RouteContext<R = RouteSpec> {
  actor: Actor;
  /** Portal routes: the client the portal token speaks for (`actor` is then the portal reader of that client). */
  portal?: PortalPrincipal | undefined;
  params: ParamsOf<R>;
  query: QueryOf<R>;
  body: BodyOf<R>;
  /** The version named by `If-Match` (conditional routes only): a number, or `any` for `*`. */
  ifMatch: ExpectedVersion;
  lang: Language;
  /** The request's headers, names in lower case. */
  headers: Record<string, string | undefined>;
  /** The body exactly as received (base64 decoded), for routes that check a signature over its bytes. */
  rawBody: string | undefined;
  /** The caller's address as API Gateway saw it (per-source limits). */
  sourceIp: string;
  requestId: string;
  /** Aborted when the request's deadline passes: long work checks it between steps (SDK calls already stop). */
  signal: AbortSignal;
  /** How long the route may still run before `signal` fires, in ms: long loops stop starting work when it runs short. */
  timeLeftMs: () => number;
}

export interface RouteResult<R = RouteSpec> {
  /** The route's success schema describes it. */
  body?: ResponseOf<R>;
  /** Defaults to the route's success status. */
  status?: number;
  /** The record version, sent as a strong ETag. */
  etag?: number;
  contentType?: string;
  /** More response headers (cache and security policies of the docs). */
  headers?: Record<string, string>;
  /** The body is base64 of bytes (compressed or binary files). */
  isBase64Encoded?: boolean;
}

export type RouteImpl<R = RouteSpec> = (ctx: RouteContext<R>) => Promise<RouteResult<R>>;

/** One implementation per route of the list, keyed by operation id and typed by that route's spec. */
export type RouteImpls<Routes extends readonly RouteSpec[]> = {
  [Id in Routes[number]['operationId']]: RouteImpl<Extract<Routes[number], { operationId: Id }>>;
};

export interface HttpApiOptions<Routes extends readonly RouteSpec[]> {
  name: string;
  routes: Routes;
  impls: RouteImpls<Routes>;
  logger: Logger;
  /**
   * Needed when any route is idempotent: `tenantIdempotency(...)` (idempotency.ts). Passed in, not
   * imported here, so a function without idempotent routes does not bundle the store.
   */
  idempotency?: MiddlewareObj<HttpEvent, HttpResult>;
  /** Needed when any route pages with `cursor`. */
  cursors?: SealedCursors;
  /** Where user and tenant records are read per request (access-check.ts); needed unless every route is public. */
  access?: AccessRecords;
  /** Verifies the portal token of portal routes (portal-auth.ts); needed when any route is a portal route. */
  portal?: PortalAuthenticator;
}

/** Who a portal request speaks for, from its own bearer token: refuses (401) anything but a valid portal token. */
export interface PortalAuthenticator {
  authenticate(event: HttpEvent): Promise<{ actor: Actor; principal: PortalPrincipal }>;
}

const json = 'application/json';
/** Routes without query parameters refuse any, as strict schemas refuse unknown fields. */
const noQuery = z.strictObject({});

/** Route lookup, auth, body parsing and validation, in that order, before any side effect. */
function prepareRequest(
  routes: Map<string, RouteSpec>,
  cursors: SealedCursors | undefined,
  access: AccessCheck | undefined,
  portal: PortalAuthenticator | undefined,
): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    before: async (request) => {
      const event = request.event;
      const state = requestState(event);
      const route = routes.get(event.routeKey);
      if (!route) throw problemOf('route_not_found', { route: event.routeKey });
      state.route = route;
      if (route.portal) {
        // The portal token, verified here: no tenant user's claims are ever read on a portal route.
        const { actor, principal } = await portal!.authenticate(event);
        state.actor = actor;
        state.portal = principal;
      } else if (!route.public) {
        // Identity from the token (kept for the log if refused); status and access fields from the current records.
        state.actor = actorFromEvent(event);
        state.actor = await access!.verify(state.actor);
        // Before the body is even parsed: a caller without the level or permission learns only that.
        requireAccess(state.actor, route.requires!);
      }

      const rawBody = jsonBody(event);
      state.params = route.params ? parsePart(route.params, event.pathParameters ?? {}, 'path', state.lang) : {};
      state.query = parsePart(route.query ?? noQuery, event.queryStringParameters ?? {}, 'query', state.lang);
      if (route.body) {
        // No body validates as `{}` (so each missing field is named); JSON `null` is refused as a non-object.
        state.body = parsePart(route.body, rawBody === undefined ? {} : rawBody, 'body', state.lang);
      } else if (rawBody !== undefined) {
        throw problem('validation_failed', 'this operation takes no body', [{ pointer: '/body', code: 'unexpected_body', message: '' }]);
      }
      if (route.conditional) {
        const version = parseIfMatch(event.headers?.['if-match']);
        if (version === undefined)
          throw problem('precondition_required', 'If-Match is required', [{ pointer: '/header/if-match', code: 'if_match_required', message: '' }]);
        state.ifMatch = version;
      }
      await cursors?.unsealQuery(state);
      return undefined;
    },
  };
}

/** Turns any error into problem+json; registered first so it runs after every other onError. */
const problemResponse = (logger: Logger): MiddlewareObj<HttpEvent, HttpResult> => ({
  onError: (request) => {
    const state = requestState(request.event);
    const body = toProblem(request.error, state.lang, state.requestId);
    // The client sees only `internal`; the log keeps the cause for whoever is on call.
    if (body.status === 503) logger.warn('dependency unavailable', request.error as Error);
    else if (body.status >= 500) logger.error('unhandled error', request.error as Error);
    request.response = { statusCode: body.status, headers: problemHeaders(body), body: JSON.stringify(body) };
    return request.response;
  },
});

/**
 * Builds the Lambda handler of an HTTP function: one middy stack for every route of the function,
 * then a router by `routeKey`. Every route in `routes` must have an implementation.
 */
export function httpApi<const Routes extends readonly RouteSpec[]>(options: HttpApiOptions<Routes>) {
  const routes = new Map<string, RouteSpec>(options.routes.map((r) => [routeKey(r), r]));
  // Typed per route at the call site; here, one router serves them all.
  const impls = options.impls as unknown as Record<string, RouteImpl | undefined>;
  const undeclared = options.routes.filter((r) => !r.public && !r.portal && !r.requires).map((r) => r.operationId);
  if (undeclared.length) throw new Error(`${options.name}: routes without a declared requirement: ${undeclared.join(', ')}`);
  const missing = options.routes.filter((r) => !impls[r.operationId]).map((r) => r.operationId);
  if (missing.length) throw new Error(`${options.name}: no implementation for ${missing.join(', ')}`);
  if (!options.cursors && options.routes.some((r) => r.query && 'cursor' in r.query.shape))
    throw new Error(`${options.name}: paged routes need sealed cursors`);
  const { logger } = options;
  if (!options.access && options.routes.some((r) => !r.public && !r.portal)) throw new Error(`${options.name}: authenticated routes need the access records`);
  if (!options.portal && options.routes.some((r) => r.portal)) throw new Error(`${options.name}: portal routes need the portal authenticator`);
  const access = options.access && accessCheck(options.access);

  const router = async (event: HttpEvent): Promise<HttpResult> => {
    const state = requestState(event);
    const route = state.route!;
    const result = await runConditional(state.ifMatch, () =>
      runRoute(state, (signal) =>
        impls[route.operationId]!({
          actor: state.actor!,
          portal: state.portal,
          params: state.params as Record<string, string>,
          query: state.query,
          body: state.body,
          ifMatch: state.ifMatch ?? -1,
          lang: state.lang,
          headers: event.headers ?? {},
          rawBody: event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : (event.body ?? undefined),
          sourceIp: event.requestContext?.http?.sourceIp ?? '',
          requestId: state.requestId,
          signal,
          timeLeftMs: state.timeLeftMs ?? (() => Number.POSITIVE_INFINITY),
        }),
      ),
    );
    const body = options.cursors ? await options.cursors.sealBody(state, result.body) : result.body;
    const status = result.status ?? route.success.status;
    const contentType = result.contentType ?? route.success.contentType ?? json;
    return {
      statusCode: status,
      headers: {
        ...(status !== 204 ? { 'content-type': contentType } : {}),
        ...(result.etag !== undefined ? { etag: `"${result.etag}"` } : {}),
        ...result.headers,
      },
      ...(status !== 204 ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      ...(result.isBase64Encoded ? { isBase64Encoded: true } : {}),
    };
  };

  let stack = middy<HttpEvent, HttpResult>()
    .use(problemResponse(logger))
    .use(httpHeaderNormalizer())
    .use(prepareRequest(routes, options.cursors, access, options.portal));
  if (options.routes.some((r) => r.idempotent)) {
    if (!options.idempotency) throw new Error(`${options.name}: idempotent routes need the idempotency store`);
    stack = stack.use(options.idempotency);
  }
  const inner = stack.handler(router);

  // The wrapper runs for every response, including idempotent replays that middy returns early.
  return async (event: HttpEvent, context: Context): Promise<HttpResult> => {
    const started = performance.now();
    const state = requestState(event);
    state.requestId = event.requestContext?.requestId ?? randomUUID();
    const headers = event.headers ?? {};
    state.lang = pickLanguage(headers['accept-language'] ?? headers['Accept-Language']);
    logger.appendKeys({ requestId: state.requestId, function: options.name });
    const deadline = requestDeadline(context);
    state.deadline = deadline.signal;
    state.timeLeftMs = deadline.timeLeftMs;
    let response: HttpResult;
    try {
      response = await runInScope({ signal: deadline.signal }, () => inner(event, context));
    } catch (error) {
      logger.error('unhandled error outside the middleware stack', error as Error);
      const body = toProblem(error, state.lang, state.requestId);
      response = { statusCode: body.status, headers: problemHeaders(body), body: JSON.stringify(body) };
    } finally {
      deadline.clear();
    }
    response.headers = { ...response.headers, 'x-request-id': state.requestId, 'content-language': state.lang };
    const level = response.statusCode! >= 500 ? 'error' : 'info';
    logger[level]('request', {
      tenantId: state.actor?.tenantId,
      userId: state.actor?.userId,
      route: event.routeKey,
      status: response.statusCode,
      durationMs: Math.round(performance.now() - started),
    });
    logger.resetKeys();
    return response;
  };
}
