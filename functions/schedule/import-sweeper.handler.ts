import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { ImportRunDeps } from '../../domain/imports/import-run.use-case.ts';
import { sweepImports } from '../../domain/imports/import-sweep.use-case.ts';
import { readConfig } from '../config.ts';
import { importRunnerDependencies } from '../wiring/import-runner.ts';
import { tableDependencies } from '../wiring/table.ts';

const logger = new Logger({ serviceName: 'cobranza' });

/**
 * Every minute: continues long imports that handed on, resumes those whose run crashed (or fails them
 * after too many tries), and fails jobs whose file never came. Level-triggered: a missed run is caught up.
 */
export function importSweeperHandler(deps: ImportRunDeps) {
  return async (_event: unknown, context: Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>) => {
    const outcomes = await sweepImports(deps)({ owner: context.awsRequestId, timeLeftMs: () => context.getRemainingTimeInMillis() });
    logger.info('import sweep', { outcomes });
    return { outcomes };
  };
}

const table = tableDependencies(readConfig(process.env, 'import-sweeper'));
export const handler = importSweeperHandler(importRunnerDependencies(table));
