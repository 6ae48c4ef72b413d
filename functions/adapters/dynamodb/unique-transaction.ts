import { conflict } from '../../../domain/shared/errors.ts';
import type { DataService } from './entities/index.ts';

type TxResult = { canceled: boolean; data: ReadonlyArray<{ rejected: boolean; code: string }> };

/**
 * Runs a write transaction in which some items are uniqueness guards. When a guard is what made it
 * fail, answers `conflict` naming the record that holds the value; any other cancellation is
 * returned to the caller to interpret (usually a stale version).
 */
export async function writeWithGuards(
  data: DataService,
  run: () => Promise<TxResult>,
  guards: ReadonlyArray<{ index: number; tenantId: string; scope: string; value: string; entity: string; field: string }>,
): Promise<{ ok: true } | { ok: false; rejected: number[] }> {
  let result: TxResult;
  try {
    result = await run();
  } catch (error) {
    const reasons = (error as { cause?: { CancellationReasons?: Array<{ Code?: string }> } }).cause?.CancellationReasons;
    if (!reasons) throw error;
    result = { canceled: true, data: reasons.map((r) => ({ rejected: r.Code === 'ConditionalCheckFailed', code: r.Code ?? '' })) };
  }
  if (!result.canceled) return { ok: true };
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
