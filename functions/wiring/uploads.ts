import type { UploadUrls } from '../../domain/imports/ports.ts';
import type { Clock } from '../../domain/shared/ports.ts';
import { s3Client } from '../adapters/aws-clients.ts';
import { presignedUploadUrls } from '../adapters/s3/presigned-upload-urls.ts';
import type { RuntimeConfig } from '../config.ts';

/** Presigned PUT URLs into the uploads bucket (S3 client and presigner, no exceljs). */
export const uploadUrls = (config: RuntimeConfig, clock: Clock): UploadUrls =>
  presignedUploadUrls(s3Client(config), config.uploadsBucket, clock);
