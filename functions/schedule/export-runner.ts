import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { runExports, type ExportRunReport, type RunExportsDeps } from '../../domain/exports/run-exports.use-case.ts';
import { createMetrics } from '../adapters/metrics.ts';

/**
 * Time a run keeps free before it claims another job: a job claimed later could be cut by the timeout
 * (it would then wait for its lease and count an attempt). 100k clients took ≈ 1–2 min in the bench.
 */
export const EXPORT_RESERVE_MS = 5 * 60_000;

/** The export runner over given adapters (export-runner.handler.ts wires the function's own). */
export function createExportRunner(deps: RunExportsDeps, logger = new Logger({ serviceName: 'cobranza' }), metrics: Metrics = createMetrics('export-runner')) {
  const run = runExports(deps);
  return async (event: ScheduledEvent, context?: Context): Promise<ExportRunReport> => {
    const report = await run(context ? { remainingMs: () => context.getRemainingTimeInMillis(), reserveMs: EXPORT_RESERVE_MS } : {});
    logger.info('exports run', { scheduledAt: event.time, ...report });
    // ExportsFailed > 0: a user got a failure e-mail instead of a file. Alarm on it.
    metrics.addMetric('ExportsCompleted', MetricUnit.Count, report.completed);
    metrics.addMetric('ExportsFailed', MetricUnit.Count, report.failed);
    metrics.addMetric('ExportsRetried', MetricUnit.Count, report.retried);
    metrics.addMetric('ExportRows', MetricUnit.Count, report.rows);
    metrics.publishStoredMetrics();
    return report;
  };
}
