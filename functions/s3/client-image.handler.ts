import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { S3Event } from 'aws-lambda';
import { parseOriginalKey } from '../../domain/clients/client-image.schema.ts';
import { processImageUpload, type ImageProcessDeps } from '../../domain/clients/client-image.use-cases.ts';
import { s3Client } from '../adapters/aws-clients.ts';
import { createMetrics } from '../adapters/metrics.ts';
import { s3ImageFiles } from '../adapters/s3/s3-image-files.ts';
import { sharpImageCodec } from '../adapters/sharp-image-codec.ts';
import { readConfig } from '../config.ts';
import { clientImageRecords } from '../wiring/client-images.ts';
import { tableDependencies } from '../wiring/table.ts';
import { decodeS3Key } from './s3-keys.ts';

const logger = new Logger({ serviceName: 'cobranza' });
const metrics = createMetrics('client-image');

/**
 * S3 ObjectCreated of a client image's original → judged by its bytes, thumbnail written, set on the
 * client. At least once: the upload record decides (processImageUpload), so a redelivery does nothing
 * twice. A thrown error (S3 or DynamoDB down) makes Lambda retry, then the DLQ keeps the event.
 */
export function clientImageHandler(deps: ImageProcessDeps) {
  return async (event: S3Event) => {
    const outcomes = [];
    for (const record of event.Records) {
      if (!record.eventName.startsWith('ObjectCreated')) continue;
      const objectKey = decodeS3Key(record.s3.object.key);
      const ref = parseOriginalKey(objectKey);
      const outcome = ref ? await processImageUpload(deps)(ref, record.s3.object.size) : 'unknown_upload';
      logger.info('client image', { objectKey, outcome, sizeBytes: record.s3.object.size });
      outcomes.push({ objectKey, outcome });
      metrics.addMetric(`ClientImage_${outcome}`, MetricUnit.Count, 1);
    }
    metrics.publishStoredMetrics();
    return { outcomes };
  };
}

const table = tableDependencies(readConfig(process.env, 'client-image'));
export const handler = clientImageHandler({
  ...table,
  ...clientImageRecords(table),
  files: s3ImageFiles(s3Client(table.config), table.config.uploadsBucket),
  codec: sharpImageCodec,
});
