import type { Clock } from '../shared/ports.ts';
import type { PlannerFanOut, PlannerStateStore } from './planner-ports.ts';

/** Tenants one tick hands out at most (the due index is read once per tick; the rest wait for the next). */
export const MAX_TENANTS_PER_TICK = 20_000;
/** Tenants per worker batch: small enough that a batch plans in seconds. */
export const TENANTS_PER_BATCH = 25;

/**
 * A planner tick: the tenants whose run is due (their mail hour has come and their day is not planned,
 * or a crashed planner's lease ran out) read from the due index, handed out in batches. Each worker
 * claims its tenant conditionally (planTenant), so a tenant handed out twice is planned once.
 */
export const planDueTenants =
  (deps: { state: PlannerStateStore; clock: Clock; fanOut: PlannerFanOut }) =>
  async (limit = MAX_TENANTS_PER_TICK): Promise<{ due: number; batches: number }> => {
    const due = await deps.state.due(deps.clock.now().toISOString(), limit);
    const batches: string[][] = [];
    for (let i = 0; i < due.length; i += TENANTS_PER_BATCH) batches.push(due.slice(i, i + TENANTS_PER_BATCH));
    await Promise.all(batches.map((batch) => deps.fanOut.plan(batch)));
    return { due: due.length, batches: batches.length };
  };
