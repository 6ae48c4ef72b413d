import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import { runInScope } from '../adapters/request-scope.ts';
import { SETTLE_TIMEOUT_MS } from '../adapters/sdk-budget.ts';
import { onFirstUse } from '../wiring/on-first-use.ts';
import type { HttpEvent, HttpResult } from './http-types.ts';
import { keyOutcomeOf } from './idempotency-outcome.ts';
import { idempotencyStore, type Claim, type IdempotencyScope, type StoredResponse } from './idempotency-store.ts';
import { HttpProblem, problem, problemHeaders, toProblem, type Language } from './problem.ts';
import { requestState, type RequestState } from './request-state.ts';

/** Keys are opaque to us; printable ASCII up to 255 characters, like the API reference says. */
const VALID_KEY = /^[\x20-\x7e]{1,255}$/;
/** Without a Lambda context (scripts), a claim is held this long. */
const DEFAULT_LEASE_MS = 30_000;
/** Beyond the function's own deadline, so a live request is never taken over. */
const LEASE_MARGIN_MS = 5_000;
/** The headers a replay repeats besides status and body. */
const REPLAYED_HEADERS = ['content-type', 'etag', 'location', 'content-disposition'];
/**
 * How long a claim whose outcome is unknown stays in progress after its request answered: time for a
 * write still in flight to land, then the next request with the key takes over (and gets told so).
 */
export const KEEP_AFTER_UNKNOWN_MS = 5_000;
/** Says a response is a replay of the first one. */
export const REPLAYED_HEADER = 'idempotency-replayed';

/** The path as requested, rebuilt from the route and its validated parameters (one form per resource). */
function canonicalPath(state: RequestState, rawPath: string): string {
  const path = state.route!.path.replace(/\{(\w+)\}/g, (whole, name: string) =>
    state.params[name] === undefined ? whole : encodeURIComponent(String(state.params[name])),
  );
  return path.includes('{') ? rawPath : path;
}

/** The request a key is bound to: its query and its JSON body as sent (compared in canonical form). */
function requestOf(event: HttpEvent): unknown {
  const text = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { unparsed: text }; // validation refuses such bodies before this runs; compare the text if one gets here
  }
  return { query: event.queryStringParameters ?? {}, body };
}

function problemResult(state: RequestState, error: ReturnType<typeof problem>): HttpResult {
  const body = toProblem(error, state.lang, state.requestId);
  return { statusCode: body.status, headers: problemHeaders(body), body: JSON.stringify(body) };
}

function replay(state: RequestState, stored: StoredResponse): HttpResult {
  // The body is the first response's, in its language; say so in Content-Language.
  state.lang = stored.lang === 'en' ? 'en' : 'es';
  if (stored.omitted) {
    return problemResult(
      state,
      problem('idempotency_result_unavailable', 'the stored response was too large to keep', undefined, { originalStatus: stored.statusCode }),
    );
  }
  return {
    statusCode: stored.statusCode,
    headers: { ...stored.headers, [REPLAYED_HEADER]: 'true' },
    ...(stored.body !== undefined ? { body: stored.body } : {}),
  };
}

function toStored(response: HttpResult, lang: Language): StoredResponse {
  const headers = Object.fromEntries(
    REPLAYED_HEADERS.flatMap((name) => (response.headers?.[name] !== undefined ? [[name, String(response.headers[name])]] : [])),
  );
  return { statusCode: response.statusCode ?? 200, headers, ...(response.body !== undefined ? { body: response.body } : {}), lang };
}

/**
 * `Idempotency-Key` on routes that declare `idempotent`. Runs after validation, so input refused
 * before the route runs binds nothing. The key is scoped to tenant, user, method and full path and
 * bound to the request's query and body:
 * - a free key is claimed (one request at a time, under a lease as long as the function may run);
 * - the same request again gets the stored response with `Idempotency-Replayed: true`, or 409
 *   `idempotency_in_progress` with `Retry-After` while the first still runs;
 * - another request with the key gets 422 `idempotency_key_reused`, and changes nothing.
 * Only the claim's holder settles it: success and the route's own 4xx are stored; a failure whose
 * outcome is unknown (a dependency failed after a write went out) keeps the claim in progress
 * briefly, so the next request takes it over and redoes the work on the same ids (`idSeed`);
 * anything else releases the key (`keyOutcomeOf` decides).
 */
export function tenantIdempotency(options: { client: DynamoDBClient; tableName: string; logger?: Logger }): MiddlewareObj<HttpEvent, HttpResult> {
  // Built by the first request that carries a key (its entity and document client), not at cold start.
  const store = onFirstUse(() => idempotencyStore(options));
  const held = new WeakMap<object, Claim>();

  /** Runs after the route, even one its deadline stopped: under a bound of its own. */
  const settle = async (event: HttpEvent, work: (claim: Claim) => Promise<boolean>, what: string) => {
    const claim = held.get(event);
    if (!claim) return false;
    held.delete(event);
    try {
      const settled = await runInScope({ signal: AbortSignal.timeout(SETTLE_TIMEOUT_MS) }, () => work(claim));
      if (!settled) options.logger?.warn('idempotency claim lost before it was settled', { what });
      return settled;
    } catch (error) {
      // The response stands; the record stays in progress until its lease runs out and is taken over.
      options.logger?.error('idempotency record not settled', { what, error: error as Error });
      return false;
    }
  };

  return {
    before: async (request) => {
      const { event } = request;
      const state = requestState(event);
      const key = event.headers?.['idempotency-key'];
      if (!state.route?.idempotent || !state.actor || key === undefined) return undefined;
      if (!VALID_KEY.test(key)) {
        throw problem('validation_failed', 'invalid Idempotency-Key', [{ pointer: '/header/idempotency-key', code: 'invalid_idempotency_key', message: '' }]);
      }
      const scope: IdempotencyScope = {
        tenantId: state.actor.tenantId,
        userId: state.actor.userId,
        method: state.route.method,
        path: canonicalPath(state, event.rawPath),
        key,
      };
      const remaining = request.context?.getRemainingTimeInMillis?.();
      const leaseMs = (typeof remaining === 'number' && remaining > 0 ? remaining : DEFAULT_LEASE_MS) + LEASE_MARGIN_MS;
      const claim = await store.claim(scope, requestOf(event), leaseMs);
      switch (claim.kind) {
        case 'claimed':
          if (claim.takeover) options.logger?.warn('idempotency claim taken over after its lease ran out', { route: event.routeKey });
          held.set(event, claim);
          state.idSeed = claim.idSeed;
          return undefined;
        case 'completed':
          return replay(state, claim.response);
        case 'in_progress':
          return problemResult(state, problem('idempotency_in_progress', 'in progress', undefined, { retryAfter: claim.retryAfterSeconds }));
        case 'mismatch':
          return problemResult(state, problem('idempotency_key_reused', 'key used with another request'));
      }
    },
    after: async (request) => {
      const state = requestState(request.event);
      await settle(request.event, (claim) => store.complete(claim, toStored(request.response!, state.lang)), 'complete');
    },
    onError: async (request) => {
      // Errors raised before a claim (or by another request's claim) leave every record alone.
      const { event, error } = request;
      const state = requestState(event);
      const outcome = keyOutcomeOf(error);
      if (outcome === 'store') {
        const body = toProblem(error, state.lang, state.requestId);
        const response = { statusCode: body.status, headers: { 'content-type': 'application/problem+json' }, body: JSON.stringify(body) };
        await settle(event, (claim) => store.complete(claim, toStored(response, state.lang)), 'store refusal');
      } else if (outcome === 'release') {
        await settle(event, (claim) => store.release(claim), 'release');
      } else if (held.has(event)) {
        // The outcome is unknown: the claim stays in progress, briefly, and the caller learns when
        // a retry with the key will be answered (taken over and redone on the same records).
        const claim = held.get(event)!;
        const shortened = await settle(event, (c) => store.keep(c, KEEP_AFTER_UNKNOWN_MS), 'keep');
        const leaseLeft = shortened ? KEEP_AFTER_UNKNOWN_MS : claim.leaseUntil - Date.now();
        if (error instanceof HttpProblem) {
          request.error = new HttpProblem(
            error.code,
            error.status,
            error.message,
            error.errors,
            { ...error.extra, outcome: 'kept', retryAfter: Math.max(1, Math.ceil(leaseLeft / 1000)) },
            error.cause,
          );
        }
      }
    },
  };
}
