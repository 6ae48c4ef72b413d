import { Logger } from '@aws-lambda-powertools/logger';
import type { ScheduledEvent } from 'aws-lambda';
import { dispatchOutbox } from '../../domain/messaging/dispatch-outbox.use-case.ts';
import { readConfig } from '../config.ts';
import { createDependencies } from '../dependencies.ts';

const deps = createDependencies(readConfig());
const logger = new Logger({ serviceName: 'cobranza' });
const dispatch = dispatchOutbox({ outbox: deps.outbox, mailer: deps.mailer, clock: deps.clock });

/** EventBridge schedule → send what is due. Level-triggered: a missed run is caught up by the next. */
export const handler = async (event: ScheduledEvent) => {
  const report = await dispatch();
  logger.info('outbox dispatched', { scheduledAt: event.time, ...report });
  return report;
};
