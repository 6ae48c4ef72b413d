import { setTimeout as sleep } from 'node:timers/promises';
import { conflict, type Holder } from '../../../domain/shared/errors.ts';
import type { DataService } from './entities/index.ts';

type TxResult = { canceled: boolean; data: ReadonlyArray<{ rejected: boolean; code: string }> };

/**
 * How many times a transaction is tried when DynamoDB cancels it only because another transaction
 * held one of its items, or for throttling (shared counters such as a category's usage make the
 * first common under load).
 */
const CONFLICT_ATTEMPTS = 6;

/**
 * ElectroDB returns a cancelled transaction as `{ canceled: true, data: [{ rejected, code }] }` and marks
 * every item whose code is not `None` as rejected, contention included; only the code tells a failed
 * condition from an item another transaction held. A thrown cancellation is read the same way.
 */
async function runOnce(run: () => Promise<TxResult>): Promise<TxResult> {
  try {
    return await run();
  } catch (error) {
    const reasons = error as { CancellationReasons?: Array<{ Code?: string }>; cause?: { CancellationReasons?: Array<{ Code?: string }> } };
    const list = reasons.CancellationReasons ?? reasons.cause?.CancellationReasons;
    if (!list) throw error;
    return { canceled: true, data: list.map((r) => ({ rejected: (r.Code ?? 'None') !== 'None', code: r.Code ?? 'None' })) };
  }
}

/** Cancellation codes that say nothing about our conditions: trying again can succeed. */
const transient = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

const failedConditions = (result: TxResult) => result.data.flatMap((r, i) => (r.code === 'ConditionalCheckFailed' ? [i] : []));

const onlyTransient = (result: TxResult) => result.canceled && failedConditions(result).length === 0 && result.data.some((r) => transient.has(r.code));

/**
 * Runs a write transaction in which some items are uniqueness guards. When a guard is what made it
 * fail, answers `conflict` naming the record that holds the value (with its name and status when
 * `holderOf` can read them, so the message can say who it is); any other cancellation is
 * returned to the caller as the indexes of the items whose condition failed (usually a stale version).
 * A cancellation caused only by a concurrent transaction on the same items (or throttling) is retried
 * with jittered backoff first; any other cancellation is an error.
 */
export async function writeWithGuards(
  data: DataService,
  run: () => Promise<TxResult>,
  guards: ReadonlyArray<{ index: number; tenantId: string; scope: string; value: string; entity: string; field: string }>,
  holderOf?: (tenantId: string, ownerId: string) => Promise<Holder | undefined>,
): Promise<{ ok: true } | { ok: false; rejected: number[] }> {
  let result = await runOnce(run);
  for (let attempt = 1; attempt < CONFLICT_ATTEMPTS && onlyTransient(result); attempt += 1) {
    await sleep(Math.random() * 25 * 2 ** attempt);
    result = await runOnce(run);
  }
  if (!result.canceled) return { ok: true };
  // Named as DynamoDB names contention, so callers treat it as load (503, retry later), not a bug.
  if (onlyTransient(result))
    throw Object.assign(new Error(`transaction still contended after ${CONFLICT_ATTEMPTS} attempts`), { name: 'TransactionConflictException' });
  const rejected = failedConditions(result);
  if (rejected.length === 0) {
    throw new Error(
      `transaction cancelled: ${
        result.data
          .map((r) => r.code)
          .filter((c) => c !== 'None')
          .join(', ') || 'no reason given'
      }`,
    );
  }
  for (const guard of guards) {
    if (rejected.includes(guard.index)) {
      const { data: holder } = await data.entities.uniqueGuard
        .get({ tenantId: guard.tenantId, scope: guard.scope, value: guard.value })
        .go({ consistent: true });
      const described = holder && holderOf ? await holderOf(guard.tenantId, holder.ownerId) : undefined;
      throw conflict(guard.entity, guard.field, holder?.ownerId, described);
    }
  }
  return { ok: false, rejected };
}
