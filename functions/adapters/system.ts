import { monotonicFactory } from 'ulid';
import type { Clock, IdGenerator } from '../../domain/shared/ports.ts';

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

/** ULIDs sort by creation time, which keeps lists in creation order without another index. */
export function ulidGenerator(): IdGenerator {
  const next = monotonicFactory();
  return { next: () => next() };
}
