import { monotonicFactory } from 'ulid';
import type { Clock, IdGenerator } from '../../domain/shared/ports.ts';

export const systemClock: Clock = { now: () => new Date() };

/** ULIDs sort by creation time, which keeps lists in creation order without another index. */
export function ulidGenerator(): IdGenerator {
  const next = monotonicFactory();
  return { next: () => next() };
}
