import type { Context } from 'aws-lambda';
import { runInScope, type WriteTally } from '../adapters/request-scope.ts';
import { HTTP_DEADLINE_MARGIN_MS } from '../adapters/sdk-budget.ts';
import { seededIds } from '../adapters/system.ts';
import { unavailableProblem } from './problem.ts';
import type { RequestState } from './request-state.ts';

/** Without a Lambda context (scripts), a request may run this long. */
const DEFAULT_REMAINING_MS = 30_000;

/** The request ran out of time: its work was stopped so the function could still answer. */
export class DeadlineExceeded extends Error {
  constructor(ms: number) {
    super(`the request's deadline passed after ${ms} ms`);
    this.name = 'DeadlineExceeded';
  }
}

/**
 * The request's deadline: the function's remaining time minus what answering needs (settling the
 * idempotency record, writing the response). Its signal aborts every SDK call of the request in
 * flight; `clear` releases the timer when the request ends first.
 */
export function requestDeadline(context: Pick<Context, 'getRemainingTimeInMillis'> | undefined, marginMs = HTTP_DEADLINE_MARGIN_MS) {
  const remaining = context?.getRemainingTimeInMillis?.();
  const ms = Math.max(0, (typeof remaining === 'number' && remaining > 0 ? remaining : DEFAULT_REMAINING_MS) - marginMs);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineExceeded(ms)), ms);
  timer.unref?.();
  // Lambda's own clock when it reads as one (it is the one that ends the function), else ours.
  const endsAt = performance.now() + ms;
  const live = () => {
    const now = context?.getRemainingTimeInMillis?.();
    return typeof now === 'number' && now > 0 ? now - marginMs : endsAt - performance.now();
  };
  const timeLeftMs = () => (controller.signal.aborted ? 0 : Math.max(0, live()));
  return { signal: controller.signal, timeLeftMs, clear: () => clearTimeout(timer) };
}

/**
 * Before starting another client of a mass write, this much of the route's time must be left: what
 * the clients already in flight (8 at a time, a read and a write each, retried once on a concurrent
 * change) need to finish, so the request answers 200 with what it did rather than a 503.
 */
export const MASS_WRITE_RESERVE_MS = 3_000;

/** `keepGoing` for a long loop of writes: true while more than `reserveMs` of the request's time is left. */
export const whileTimeLeft =
  (timeLeftMs: () => number, reserveMs = MASS_WRITE_RESERVE_MS) =>
  () =>
    timeLeftMs() > reserveMs;

/**
 * The work's result, or `DeadlineExceeded` as soon as the signal fires, whatever the work still
 * awaits: the answer never waits for a call that does not honour the signal.
 */
export function untilDeadline<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Runs a route implementation under the request's deadline, with new ids drawn from the
 * idempotency record's seed when the request is keyed, and turns a failed dependency into a 503
 * that says whether anything may have been written.
 */
export async function runRoute<T>(state: RequestState, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const signal = state.deadline ?? new AbortController().signal;
  const writes: WriteTally = { applied: 0, unknown: 0 };
  const ids = state.idSeed ? seededIds(state.idSeed) : undefined;
  try {
    return await runInScope({ signal, ids, writes }, () => untilDeadline(signal, work(signal)));
  } catch (error) {
    throw unavailableProblem(error, writes) ?? error;
  }
}
