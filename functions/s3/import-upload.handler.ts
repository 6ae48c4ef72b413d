import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, S3Event } from 'aws-lambda';
import { parseImportObjectKey } from '../../domain/imports/import-job.schema.ts';
import { runImport, type ImportRunDeps } from '../../domain/imports/import-run.use-case.ts';
import { readConfig } from '../config.ts';
import { createMetrics } from '../adapters/metrics.ts';
import { importRunnerDependencies } from '../wiring/import-runner.ts';
import { tableDependencies } from '../wiring/table.ts';
import { decodeS3Key } from './s3-keys.ts';

const logger = new Logger({ serviceName: 'cobranza' });
const metrics = createMetrics('import-upload');

/**
 * S3 ObjectCreated → the import runs. Delivery is at least once: the job's lease makes a second delivery
 * (or two at once) find the job taken or finished and do nothing. A long file hands on to the sweeper
 * before the invocation's time runs out; a thrown error makes Lambda retry, then the DLQ keeps the event.
 */
export function importUploadHandler(deps: ImportRunDeps) {
  return async (event: S3Event, context: Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>) => {
    const outcomes = [];
    for (const record of event.Records) {
      if (!record.eventName.startsWith('ObjectCreated')) continue;
      const objectKey = decodeS3Key(record.s3.object.key);
      const ref = parseImportObjectKey(objectKey);
      const outcome = ref
        ? await runImport(deps)({
            ...ref,
            owner: context.awsRequestId,
            sizeBytes: record.s3.object.size,
            timeLeftMs: () => context.getRemainingTimeInMillis(),
          })
        : 'unknown_job';
      logger.info('import run', { objectKey, outcome, sizeBytes: record.s3.object.size });
      outcomes.push({ objectKey, outcome });
      metrics.addMetric(`ImportRun_${outcome}`, MetricUnit.Count, 1);
    }
    metrics.publishStoredMetrics();
    return { outcomes };
  };
}

const table = tableDependencies(readConfig(process.env, 'import-upload'));
export const handler = importUploadHandler(importRunnerDependencies(table));
