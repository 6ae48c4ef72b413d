import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { markOverdueTasks, type NotAttendedReport } from '../../domain/tasks/not-attended.use-case.ts';
import { readConfig } from '../config.ts';
import { tableDependencies } from '../wiring/table.ts';
import { taskRepositories } from '../wiring/tasks.ts';

/** Time kept for the batch in hand when a run stops starting new ones. */
const RESERVE_MS = 30_000;

const table = tableDependencies(readConfig(process.env, 'tasks-not-attended'));
const deps = { ...taskRepositories(table), clock: table.clock };
const logger = new Logger({ serviceName: 'cobranza' });

/** EventBridge schedule → open tasks whose time passed become not attended (level-triggered, each once). */
export const handler = async (event: ScheduledEvent, context?: Context): Promise<NotAttendedReport> => {
  const report = await markOverdueTasks(deps)({ keepGoing: () => !context || context.getRemainingTimeInMillis() > RESERVE_MS });
  logger.info('tasks marked not attended', { scheduledAt: event.time, ...report });
  return report;
};
