import { localDate } from '../receivables/local-date.ts';
import type { Clock } from '../shared/ports.ts';
import type { Tenant } from '../workspace/tenant.schema.ts';
import type { PlannerState, PlannerStateStore } from './planner-ports.ts';
import { firstRunAt, nextRunAfter } from './run-time.ts';

/** Small on purpose: the tenant routes and the operator call it, and should not bundle the planner. */

/**
 * Puts a tenant on the planner's schedule, or moves it after its mail hour or time zone changed: the
 * next run becomes today's mail hour (or now, when it has passed and today is not planned yet). The
 * tenant use cases call it when a tenant is created and when `mailHour` or `timeZone` change.
 */
export const scheduleTenantPlanning =
  (deps: { state: PlannerStateStore; clock: Clock }) =>
  async (tenant: Pick<Tenant, 'id' | 'timeZone' | 'mailHour'>): Promise<PlannerState> => {
    for (let attempt = 0; ; attempt++) {
      const now = deps.clock.now();
      const state = await deps.state.get(tenant.id);
      const today = localDate(now, tenant.timeZone);
      const nextRunAt =
        state?.plannedThrough && state.plannedThrough >= today
          ? nextRunAfter(today, tenant.timeZone, tenant.mailHour)
          : firstRunAt(now, tenant.timeZone, tenant.mailHour);
      const next: PlannerState = { ...state, tenantId: tenant.id, nextRunAt, version: (state?.version ?? 0) + 1, updatedAt: now.toISOString() };
      if (await deps.state.replace(next, state)) return next;
      if (attempt >= 4) throw new Error(`planner state of ${tenant.id} kept changing`);
    }
  };
