import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { planDueTenants } from '../../domain/collections/plan-due-tenants.use-case.ts';
import { type PlannerDeps, planTenant, type TenantPlanReport } from '../../domain/collections/plan-tenant.use-case.ts';
import type { PlannerFanOut } from '../../domain/collections/planner-ports.ts';
import { createMetrics } from '../adapters/metrics.ts';

/** A worker's event: plan these tenants (a batch a tick handed out). */
export interface PlanTenantsEvent {
  tenantIds: string[];
}

/** An operator's event (`npm run invoke -- collections-planner --at … --event file.json`): plan these tenants now, scheduling them if needed. */
export interface PlanNowEvent {
  plan: string[];
}

/** Tenants one process plans at once. */
const TENANT_CONCURRENCY = 8;

/**
 * Plans a batch of tenants in this process, a few at once; one tenant's failure is logged and does not
 * stop the others (its lease runs out and the next tick retries it).
 */
export function planTenantsHere(deps: PlannerDeps, logger: Logger, metrics: Metrics) {
  const planOne = planTenant(deps);
  return async (tenantIds: readonly string[], explicit = false): Promise<TenantPlanReport[]> => {
    const plan = (id: string) => planOne(id, { explicit });
    const reports: TenantPlanReport[] = [];
    for (let i = 0; i < tenantIds.length; i += TENANT_CONCURRENCY) {
      const settled = await Promise.allSettled(tenantIds.slice(i, i + TENANT_CONCURRENCY).map((id) => plan(id)));
      settled.forEach((result, j) => {
        const tenantId = tenantIds[i + j]!;
        if (result.status === 'fulfilled') {
          reports.push(result.value);
          logger.info('collections planned', { ...result.value });
        } else {
          metrics.addMetric('CollectionsPlanFailed', MetricUnit.Count, 1);
          logger.error('collections planning failed: retried when its lease runs out', { tenantId, error: result.reason as Error });
        }
      });
    }
    for (const key of ['pending', 'skipped', 'alreadyPlanned'] as const) {
      metrics.addMetric(
        `CollectionMessages_${key}`,
        MetricUnit.Count,
        reports.reduce((n, r) => n + r[key], 0),
      );
    }
    return reports;
  };
}

/**
 * The collections planner (collections-planner.handler.ts wires it): a schedule's tick reads the due
 * tenants and hands them out through `fanOut`; an event naming tenants plans them here.
 */
export function createCollectionsPlanner(
  deps: PlannerDeps & { fanOut?: PlannerFanOut },
  logger = new Logger({ serviceName: 'cobranza' }),
  metrics: Metrics = createMetrics('collections-planner'),
) {
  const here = planTenantsHere(deps, logger, metrics);
  // The handler hands batches to workers (an asynchronous invocation each, locally through the local runtime's
  // Invoke API); without a fan-out (tests of the planning itself) a tick plans its batches in this process.
  const fanOut: PlannerFanOut = deps.fanOut ?? { plan: async (ids) => void (await here(ids)) };
  const tick = planDueTenants({ state: deps.state, clock: deps.clock, fanOut });
  return async (event: ScheduledEvent | PlanTenantsEvent | PlanNowEvent, _context?: Context) => {
    if ('plan' in event) {
      const reports = await here(event.plan, true);
      metrics.publishStoredMetrics();
      return { tenants: reports };
    }
    if ('tenantIds' in event) {
      const reports = await here(event.tenantIds);
      metrics.publishStoredMetrics();
      return { tenants: reports };
    }
    const { notHandedOut, ...result } = await tick();
    logger.info('collections planner tick', { scheduledAt: event.time, ...result });
    if (result.failedBatches) {
      // Not thrown: the handed-out batches are on their way, and a retry of the whole tick would hand them out again.
      logger.error('collections planner could not hand out some tenants: the next tick retakes them', { failure: result.failure, tenantIds: notHandedOut });
    }
    metrics.addMetric('TenantsDue', MetricUnit.Count, result.due);
    metrics.addMetric('PlannerWorkersInvoked', MetricUnit.Count, result.batches - result.failedBatches);
    metrics.addMetric('PlannerHandOutsFailed', MetricUnit.Count, result.failedBatches);
    metrics.publishStoredMetrics();
    return result;
  };
}
