import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { DownloadUrls, UploadUrls } from '../../domain/imports/ports.ts';
import type { Clock } from '../../domain/shared/ports.ts';
import { presignedDownloadUrls } from '../adapters/s3/presigned-download-urls.ts';
import { presignedUploadUrls, type UploadBucket } from '../adapters/s3/presigned-upload-urls.ts';
import type { RuntimeConfig } from '../config.ts';

export const bucketOf = (config: RuntimeConfig): UploadBucket =>
  config.s3Endpoint
    ? // s3rver takes its own fixed key pair and answers in us-east-1 (see aws-clients.ts).
      { bucket: config.uploadsBucket, region: 'us-east-1', endpoint: config.s3Endpoint, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }
    : { bucket: config.uploadsBucket, region: config.region, credentials: defaultProvider() };

/** Presigned PUT URLs into the uploads bucket (the S3 presigner, no S3 client, no exceljs). */
export const uploadUrls = (config: RuntimeConfig, clock: Clock): UploadUrls => presignedUploadUrls(bucketOf(config), clock);

/** An error workbook's link lasts 10 minutes: GET /v1/imports/{id} signs a fresh one each time. */
const ERROR_WORKBOOK_LINK_SECONDS = 600;

/** Presigned GET URLs of results in the same bucket (error workbooks), downloaded under the object's own name. */
export const downloadUrls = (config: RuntimeConfig, clock: Clock): DownloadUrls => {
  const links = presignedDownloadUrls(bucketOf(config), clock);
  return { downloadUrl: (objectKey) => links.downloadUrl(objectKey, ERROR_WORKBOOK_LINK_SECONDS, objectKey.slice(objectKey.lastIndexOf('/') + 1)) };
};
