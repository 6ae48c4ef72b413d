import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ScheduledEvent } from 'aws-lambda';
import { dispatchOutbox } from '../../domain/messaging/dispatch-outbox.use-case.ts';
import { readConfig } from '../config.ts';
import { createMetrics } from '../adapters/metrics.ts';
import { mailer } from '../wiring/mailer.ts';
import { tableDependencies } from '../wiring/table.ts';
import { workspaceRepositories } from '../wiring/workspace.ts';

const table = tableDependencies(readConfig());
const deps = { ...table, outbox: workspaceRepositories(table).outbox, mailer: mailer(table.config) };
const logger = new Logger({ serviceName: 'cobranza' });
const metrics = createMetrics('outbox-dispatcher');
const dispatch = dispatchOutbox({ outbox: deps.outbox, mailer: deps.mailer, clock: deps.clock });

/** EventBridge schedule → send what is due. Level-triggered: a missed run is caught up by the next. */
export const handler = async (event: ScheduledEvent) => {
  const report = await dispatch();
  logger.info('outbox dispatched', { scheduledAt: event.time, ...report });
  // EmailsFailed > 0 means an e-mail gave up after every retry: alarm on it.
  metrics.addMetric('EmailsSent', MetricUnit.Count, report.sent);
  metrics.addMetric('EmailsRetried', MetricUnit.Count, report.retried);
  metrics.addMetric('EmailsFailed', MetricUnit.Count, report.failed);
  metrics.publishStoredMetrics();
  return report;
};
