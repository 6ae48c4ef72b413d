import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { DownloadUrls, UploadUrls } from '../../domain/imports/ports.ts';
import type { Clock } from '../../domain/shared/ports.ts';
import { presignedDownloadUrls, presignedUploadUrls, type UploadBucket } from '../adapters/s3/presigned-upload-urls.ts';
import type { RuntimeConfig } from '../config.ts';

const bucketOf = (config: RuntimeConfig): UploadBucket =>
  config.s3Endpoint
    ? // s3rver takes its own fixed key pair and answers in us-east-1 (see aws-clients.ts).
      { bucket: config.uploadsBucket, region: 'us-east-1', endpoint: config.s3Endpoint, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }
    : { bucket: config.uploadsBucket, region: config.region, credentials: defaultProvider() };

/** Presigned PUT URLs into the uploads bucket (the S3 presigner, no S3 client, no exceljs). */
export const uploadUrls = (config: RuntimeConfig, clock: Clock): UploadUrls => presignedUploadUrls(bucketOf(config), clock);

/** Presigned GET URLs of results in the same bucket (error workbooks). */
export const downloadUrls = (config: RuntimeConfig, clock: Clock): DownloadUrls => presignedDownloadUrls(bucketOf(config), clock);
