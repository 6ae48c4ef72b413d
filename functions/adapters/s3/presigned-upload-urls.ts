import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { UploadUrls } from '../../../domain/imports/ports.ts';
import type { Clock } from '../../../domain/shared/ports.ts';

const EXPIRES_SECONDS = 15 * 60;

export function presignedUploadUrls(client: S3Client, bucket: string, clock: Clock): UploadUrls {
  return {
    async uploadUrl(objectKey, contentType) {
      const url = await getSignedUrl(client, new PutObjectCommand({ Bucket: bucket, Key: objectKey, ContentType: contentType }), {
        expiresIn: EXPIRES_SECONDS,
      });
      return { url, expiresAt: new Date(clock.now().getTime() + EXPIRES_SECONDS * 1000) };
    },
  };
}
