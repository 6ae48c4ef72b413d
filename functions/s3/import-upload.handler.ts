import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { S3Event } from 'aws-lambda';
import { recordUpload } from '../../domain/imports/import-job.use-cases.ts';
import { readConfig } from '../config.ts';
import { createMetrics } from '../adapters/metrics.ts';
import { importRepositories } from '../wiring/imports.ts';
import { tableDependencies } from '../wiring/table.ts';
import { workbookInspector } from '../wiring/workbooks.ts';
import { decodeS3Key } from './s3-keys.ts';

const table = tableDependencies(readConfig(process.env, 'import-upload'));
const deps = { ...table, ...importRepositories(table), inspector: workbookInspector(table.config) };
const logger = new Logger({ serviceName: 'cobranza' });
const metrics = createMetrics('import-upload');

/**
 * S3 ObjectCreated → the import job learns its workbook arrived. Delivery is at least once; the
 * use case makes repeats harmless. A thrown error makes Lambda retry, then the DLQ keeps the event.
 */
export const handler = async (event: S3Event) => {
  const outcomes = [];
  for (const record of event.Records) {
    if (!record.eventName.startsWith('ObjectCreated')) continue;
    const objectKey = decodeS3Key(record.s3.object.key);
    const outcome = await recordUpload(deps)({ objectKey, sizeBytes: record.s3.object.size });
    logger.info('upload recorded', { objectKey, outcome, sizeBytes: record.s3.object.size });
    outcomes.push({ objectKey, outcome });
    metrics.addMetric(outcome === 'received' ? 'UploadsReceived' : outcome === 'rejected' ? 'UploadsRejected' : 'UploadsIgnored', MetricUnit.Count, 1);
  }
  metrics.publishStoredMetrics();
  return { outcomes };
};
