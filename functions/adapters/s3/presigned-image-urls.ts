import { formatUrl } from '@aws-sdk/core/util';
import { HttpRequest } from '@smithy/core/protocols';
import type { ImageLinks } from '../../../domain/clients/client-image.ports.ts';
import { IMAGE_UPLOAD_SECONDS } from '../../../domain/clients/client-image.schema.ts';
import type { Clock } from '../../../domain/shared/ports.ts';
import { encodeKey, signerFor, type UploadBucket } from './presigned-upload-urls.ts';

/**
 * Presigned URLs of client images, signed as the import uploads are (a request built here and the SDK's
 * presigner, no S3 client in the HTTP bundle). The PUT signs `content-type` and `content-length`: S3
 * refuses an upload of another type header or size. The GET answers inline with the type the bytes showed,
 * whatever header the uploader sent.
 */
export function presignedImageUrls(target: UploadBucket, clock: Clock): ImageLinks {
  const { presigner, base } = signerFor(target);
  const request = (method: 'PUT' | 'GET', objectKey: string, query: Record<string, string>, headers: Record<string, string>) =>
    new HttpRequest({
      method,
      protocol: base.protocol,
      hostname: base.hostname,
      ...(base.port ? { port: Number(base.port) } : {}),
      path: `${base.pathname}${encodeKey(objectKey)}`,
      query,
      headers,
    });
  const sign = async (req: HttpRequest, seconds: number) => {
    const signingDate = clock.now();
    // S3's presigner leaves `content-type` unsigned unless asked: signed, a PUT with another type is refused.
    const url = formatUrl(
      await presigner.presign(req, {
        expiresIn: seconds,
        signingDate,
        signableHeaders: new Set(['content-type']),
        unhoistableHeaders: new Set(['content-type']),
      }),
    );
    return { url, expiresAt: new Date(signingDate.getTime() + seconds * 1000) };
  };
  return {
    uploadUrl: (objectKey, contentType, contentLength) =>
      sign(request('PUT', objectKey, { 'x-id': 'PutObject' }, { 'content-type': contentType, 'content-length': String(contentLength) }), IMAGE_UPLOAD_SECONDS),
    viewUrl: (objectKey, contentType, seconds) =>
      sign(request('GET', objectKey, { 'x-id': 'GetObject', 'response-content-type': contentType, 'response-content-disposition': 'inline' }, {}), seconds),
  };
}
