import type { Clock } from '../shared/ports.ts';
import type { PlannerFanOut, PlannerStateStore } from './planner-ports.ts';

/** Tenants one tick hands out at most (the due index is read once per tick; the rest wait for the next). */
export const MAX_TENANTS_PER_TICK = 20_000;
/** Tenants per worker batch: small enough that a batch plans in seconds. */
export const TENANTS_PER_BATCH = 25;
/** Batches handed out at once: 400 invocations (10,000 tenants) of ≈ 20–50 ms each take a second or two. */
export const HAND_OUT_CONCURRENCY = 16;

export interface TickReport {
  due: number;
  batches: number;
  /** Batches the fan-out refused (their tenants stay due without a lease: the next tick hands them out again). */
  failedBatches: number;
  /** The tenants of those batches, for the log. */
  notHandedOut: string[];
  /** The first refusal's reason, for the log. */
  failure?: string;
}

/**
 * A planner tick: the tenants whose run is due (their mail hour has come and their day is not planned,
 * or a crashed planner's lease ran out) read from the due index, handed out in batches. Each worker
 * claims its tenant conditionally (planTenant), so a tenant handed out twice is planned once. The tick
 * takes no lease itself: a batch the fan-out refuses leaves its tenants as they were (due), one that a
 * worker drops after claiming leaves a lease that runs out (PLANNER_LEASE_MS); either way a later tick
 * reads them from the due index again.
 */
export const planDueTenants =
  (deps: { state: PlannerStateStore; clock: Clock; fanOut: PlannerFanOut }) =>
  async (limit = MAX_TENANTS_PER_TICK): Promise<TickReport> => {
    const due = await deps.state.due(deps.clock.now().toISOString(), limit);
    const batches: string[][] = [];
    for (let i = 0; i < due.length; i += TENANTS_PER_BATCH) batches.push(due.slice(i, i + TENANTS_PER_BATCH));
    const notHandedOut: string[] = [];
    let [failedBatches, failure] = [0, undefined as string | undefined];
    for (let i = 0; i < batches.length; i += HAND_OUT_CONCURRENCY) {
      const group = batches.slice(i, i + HAND_OUT_CONCURRENCY);
      const settled = await Promise.allSettled(group.map((batch) => deps.fanOut.plan(batch)));
      settled.forEach((result, j) => {
        if (result.status === 'fulfilled') return;
        failedBatches++;
        notHandedOut.push(...group[j]!);
        failure ??= result.reason instanceof Error ? result.reason.message : String(result.reason);
      });
    }
    return { due: due.length, batches: batches.length, failedBatches, notHandedOut, ...(failure ? { failure } : {}) };
  };
