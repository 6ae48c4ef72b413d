import { GetObjectCommand, PutObjectCommand, type GetObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import type { ImageFiles } from '../../../domain/clients/client-image.ports.ts';

const isMissing = (error: unknown) => {
  const name = (error as { name?: string }).name;
  return name === 'NoSuchKey' || name === 'NotFound';
};

/** The image function's reads of originals and writes of thumbnails in the uploads bucket. */
export function s3ImageFiles(client: S3Client, bucket: string): ImageFiles {
  return {
    async read(objectKey, maxBytes) {
      let object: GetObjectCommandOutput;
      try {
        object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey }));
      } catch (error) {
        if (isMissing(error)) return 'missing';
        throw error;
      }
      // Judged by the stored length before reading: an oversize object is never held in memory.
      if ((object.ContentLength ?? 0) > maxBytes) {
        (object.Body as { destroy?: () => void } | undefined)?.destroy?.();
        return 'too_large';
      }
      const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
      return bytes.length > maxBytes ? 'too_large' : bytes;
    },
    async write(objectKey, bytes, contentType) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: objectKey, Body: bytes, ContentType: contentType }));
    },
  };
}
