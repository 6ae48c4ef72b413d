import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { markOverdueTasks, type NotAttendedReport } from '../../domain/tasks/not-attended.use-case.ts';
import { type RekeyReport, runTaskRekeys } from '../../domain/tasks/task-rekey.use-case.ts';
import { readConfig } from '../config.ts';
import { tableDependencies } from '../wiring/table.ts';
import { taskRepositories } from '../wiring/tasks.ts';

/** Time kept for the batch in hand when a run stops starting new ones. */
const RESERVE_MS = 30_000;

const table = tableDependencies(readConfig(process.env, 'tasks-not-attended'));
const deps = { ...taskRepositories(table), clock: table.clock };
const logger = new Logger({ serviceName: 'cobranza' });

/**
 * EventBridge schedule → open tasks whose time passed become not attended (level-triggered, each once); then
 * the pending re-keys of moved users' tasks (what a move's request left, decision "Team calendars").
 */
export const handler = async (event: ScheduledEvent, context?: Context): Promise<NotAttendedReport & { rekeys: RekeyReport }> => {
  const keepGoing = () => !context || context.getRemainingTimeInMillis() > RESERVE_MS;
  const report = await markOverdueTasks(deps)({ keepGoing });
  logger.info('tasks marked not attended', { scheduledAt: event.time, ...report });
  const rekeys = await runTaskRekeys(deps)({ keepGoing });
  if (rekeys.jobs > 0) logger.info('tasks re-keyed', { ...rekeys });
  return { ...report, rekeys };
};
