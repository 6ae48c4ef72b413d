import { setTimeout as sleep } from 'node:timers/promises';
import { conflict } from '../../../domain/shared/errors.ts';
import type { DataService } from './entities/index.ts';

type TxResult = { canceled: boolean; data: ReadonlyArray<{ rejected: boolean; code: string }> };

/**
 * How many times a transaction is tried when DynamoDB cancels it only because another transaction
 * held one of its items (shared counters such as a category's usage make this common under load).
 */
const CONFLICT_ATTEMPTS = 6;

async function runOnce(run: () => Promise<TxResult>): Promise<TxResult> {
  try {
    return await run();
  } catch (error) {
    const reasons = (error as { cause?: { CancellationReasons?: Array<{ Code?: string }> } }).cause?.CancellationReasons;
    if (!reasons) throw error;
    return { canceled: true, data: reasons.map((r) => ({ rejected: r.Code === 'ConditionalCheckFailed', code: r.Code ?? '' })) };
  }
}

const onlyContended = (result: TxResult) =>
  result.canceled && result.data.some((r) => r.code === 'TransactionConflict') && !result.data.some((r) => r.rejected || r.code === 'ConditionalCheckFailed');

/**
 * Runs a write transaction in which some items are uniqueness guards. When a guard is what made it
 * fail, answers `conflict` naming the record that holds the value; any other cancellation is
 * returned to the caller to interpret (usually a stale version). A cancellation caused only by a
 * concurrent transaction on the same items is retried with jittered backoff first.
 */
export async function writeWithGuards(
  data: DataService,
  run: () => Promise<TxResult>,
  guards: ReadonlyArray<{ index: number; tenantId: string; scope: string; value: string; entity: string; field: string }>,
): Promise<{ ok: true } | { ok: false; rejected: number[] }> {
  let result = await runOnce(run);
  for (let attempt = 1; attempt < CONFLICT_ATTEMPTS && onlyContended(result); attempt += 1) {
    await sleep(Math.random() * 25 * 2 ** attempt);
    result = await runOnce(run);
  }
  if (!result.canceled) return { ok: true };
  if (onlyContended(result)) throw new Error(`transaction still contended after ${CONFLICT_ATTEMPTS} attempts`);
  const rejected = result.data.flatMap((r, i) => (r.rejected || r.code === 'ConditionalCheckFailed' ? [i] : []));
  for (const guard of guards) {
    if (rejected.includes(guard.index)) {
      const { data: holder } = await data.entities.uniqueGuard
        .get({ tenantId: guard.tenantId, scope: guard.scope, value: guard.value })
        .go({ consistent: true });
      throw conflict(guard.entity, guard.field, holder?.ownerId);
    }
  }
  return { ok: false, rejected };
}
