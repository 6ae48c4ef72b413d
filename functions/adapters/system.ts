import { incrementBase32, monotonicFactory } from 'ulid';
import type { Clock, IdGenerator } from '../../domain/shared/ports.ts';
import { currentScope } from './request-scope.ts';

export const systemClock: Clock = { now: () => new Date() };

/**
 * The clock of a function. On the local stage only, `LOCAL_CLOCK_AT` (set by `npm run invoke --at`)
 * starts the clock at that instant and lets it run on, to replay a schedule at a chosen time.
 */
export function clockFor(stage: string, at: string | undefined): Clock {
  if (stage !== 'local' || !at) return systemClock;
  const offset = Date.parse(at) - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

/**
 * ULIDs sort by creation time, which keeps lists in creation order without another index. A request
 * that carries its own ids in scope (a keyed request: see `seededIds`) draws from those instead.
 */
export function ulidGenerator(): IdGenerator {
  const next = monotonicFactory();
  return { next: () => currentScope()?.ids?.next() ?? next() };
}

/**
 * The ids of one keyed request: its idempotency record's seed (a ULID made when the key was first
 * claimed), then the seed's successors. A redo of the request after its outcome was lost draws the
 * same ids in the same order, so its writes land on the records the first attempt may have made.
 */
export function seededIds(seed: string): IdGenerator {
  const time = seed.slice(0, 10);
  let last: string | undefined;
  return { next: () => (last = last === undefined ? seed : time + incrementBase32(last.slice(10))) };
}
