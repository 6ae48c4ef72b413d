import { DomainError } from '../../domain/shared/errors.ts';
import { HttpProblem, statusOf } from './problem.ts';

/**
 * What a claimed key becomes when its route threw:
 * - `store`: the route decided (a 4xx about the data: not found, conflict, invalid state …), so a
 *   retry with the key gets the same answer;
 * - `release`: nothing was decided (a bug or a failed dependency), so the key may run again;
 * - `keep`: the outcome is unknown (the write may have committed), so the claim stays until its
 *   lease runs out and is then taken over. Nothing answers `keep` yet: issue 13 will, for timeouts
 *   after a write was sent.
 */
export type KeyOutcome = 'store' | 'release' | 'keep';

/** Refusals about the caller or the moment, not the request: a retry may rightly get another answer. */
const NOT_DECIDED = new Set([401, 403, 408, 425, 429]);

export function keyOutcomeOf(error: unknown): KeyOutcome {
  const status = error instanceof HttpProblem ? error.status : error instanceof DomainError ? statusOf(error.code) : 500;
  return status >= 400 && status < 500 && !NOT_DECIDED.has(status) ? 'store' : 'release';
}
