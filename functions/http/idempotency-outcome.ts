import { DomainError } from '../../domain/shared/errors.ts';
import { HttpProblem, statusOf } from './problem.ts';

/**
 * What a claimed key becomes when its route threw:
 * - `store`: the route decided (a 4xx about the data: not found, conflict, invalid state …), so a
 *   retry with the key gets the same answer;
 * - `release`: nothing was decided (a bug or a failed dependency), so the key may run again;
 * - `keep`: the outcome is unknown (a dependency failed after a write was sent or made: it may be
 *   in the table), so the claim stays in progress until its lease runs out and is then taken over.
 *   The taker redoes the work with the ids the claim's seed gives, so a write that did commit is
 *   found under its own id and answered, never made twice.
 */
export type KeyOutcome = 'store' | 'release' | 'keep';

/** Refusals about the caller or the moment, not the request: a retry may rightly get another answer. */
const NOT_DECIDED = new Set([401, 403, 408, 425, 429]);

export function keyOutcomeOf(error: unknown): KeyOutcome {
  if (error instanceof HttpProblem && error.code === 'service_unavailable') return error.extra.outcome === 'unknown' ? 'keep' : 'release';
  const status = error instanceof HttpProblem ? error.status : error instanceof DomainError ? statusOf(error.code) : 500;
  return status >= 400 && status < 500 && !NOT_DECIDED.has(status) ? 'store' : 'release';
}
