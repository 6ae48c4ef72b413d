import type { ExportFiles } from '../../domain/exports/ports.ts';
import type { Clock } from '../../domain/shared/ports.ts';
import { s3Client } from '../adapters/aws-clients.ts';
import { exceljsExportFiles } from '../adapters/s3/exceljs-export-files.ts';
import type { RuntimeConfig } from '../config.ts';
import { exportLinks } from './exports.ts';

/** Writes export workbooks into the bucket: brings exceljs and the S3 client, for the export runner only. */
export const exportFiles = (config: RuntimeConfig, clock: Clock): ExportFiles =>
  exceljsExportFiles(s3Client(config), config.uploadsBucket, exportLinks(config, clock));
