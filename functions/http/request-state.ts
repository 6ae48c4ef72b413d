import type { PortalPrincipal } from '../../domain/portal/ports.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import type { ExpectedVersion } from '../../domain/shared/versions.ts';
import type { Language } from './problem.ts';
import type { RouteSpec } from './route-spec.ts';

/** What the request middlewares learned, shared with the handler without touching the event. */
export interface RequestState {
  requestId: string;
  lang: Language;
  route?: RouteSpec;
  actor?: Actor;
  /** On portal routes: the one client the portal token speaks for. */
  portal?: PortalPrincipal;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  ifMatch?: ExpectedVersion;
  /** Fires when the request must stop (functions/http/deadline.ts). */
  deadline?: AbortSignal;
  /** How long the route may still run before its deadline, in ms (0 once it passed). */
  timeLeftMs?: () => number;
  /** The seed of the ids a keyed request writes with, from its idempotency record. */
  idSeed?: string;
}

const states = new WeakMap<object, RequestState>();

export function requestState(event: object): RequestState {
  let state = states.get(event);
  if (!state) {
    state = { requestId: 'unknown', lang: 'es', params: {}, query: {}, body: undefined };
    states.set(event, state);
  }
  return state;
}
