import { AsyncLocalStorage } from 'node:async_hooks';
import type { IdGenerator } from '../../domain/shared/ports.ts';

/** What the writes of one piece of work came to, as far as the caller can know. */
export interface WriteTally {
  /** Writes the service confirmed. */
  applied: number;
  /** Writes sent without an answer (timeout, abort, reset, server error): they may have been applied. */
  unknown: number;
}

/**
 * The request an adapter call belongs to, carried through async calls so every SDK client honours it
 * without each port and use case passing it along:
 * - `signal`: the request's deadline; every AWS SDK call made under it is aborted when it fires;
 * - `ids`: where new record ids come from (a keyed request draws them from its idempotency record,
 *   so a redo of the request writes the same records);
 * - `writes`: what the writes sent under it came to (an unknown outcome keeps an idempotency key).
 */
export interface RequestScope {
  signal?: AbortSignal | undefined;
  ids?: IdGenerator | undefined;
  writes?: WriteTally | undefined;
}

const storage = new AsyncLocalStorage<RequestScope>();

export const runInScope = <T>(scope: RequestScope, work: () => T): T => storage.run(scope, work);

export const currentScope = (): RequestScope | undefined => storage.getStore();
