import type { ExportLinks } from '../../domain/exports/ports.ts';
import type { Clock } from '../../domain/shared/ports.ts';
import { dynamoExportJobRepository } from '../adapters/dynamodb/export-job.repository.ts';
import { presignedDownloadUrls } from '../adapters/s3/presigned-download-urls.ts';
import type { RuntimeConfig } from '../config.ts';
import { onFirstUse } from './on-first-use.ts';
import type { TableDependencies } from './table.ts';
import { bucketOf } from './uploads.ts';

export const exportRepositories = ({ data }: Pick<TableDependencies, 'data'>) => ({
  exportJobs: onFirstUse(() => dynamoExportJobRepository(data)),
});

/** Presigned GET links to export files (the presigner alone: no S3 client, no exceljs). */
export const exportLinks = (config: RuntimeConfig, clock: Clock): ExportLinks => presignedDownloadUrls(bucketOf(config), clock);
