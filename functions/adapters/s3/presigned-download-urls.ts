import { formatUrl } from '@aws-sdk/core/util';
import { HttpRequest } from '@smithy/core/protocols';
import type { ExportLinks } from '../../../domain/exports/ports.ts';
import type { Clock } from '../../../domain/shared/ports.ts';
import { encodeKey, signerFor, type UploadBucket } from './presigned-upload-urls.ts';

/** SigV4 presigned URLs last at most 7 days. */
const MAX_SECONDS = 7 * 24 * 60 * 60;

/**
 * Presigned GET URLs of stored files (exports, import error workbooks), signed as presigned-upload-urls.ts signs PUTs: a request
 * built here and the SDK's presigner, no S3 client in the bundle. The file downloads under `fileName`
 * (`response-content-disposition`, signed with the rest). A URL signed with temporary credentials (a
 * Lambda role's) stops working when they expire, whatever `seconds` says.
 */
export function presignedDownloadUrls(target: UploadBucket, clock: Clock): ExportLinks {
  const { presigner, base } = signerFor(target);
  return {
    async downloadUrl(objectKey, seconds, fileName) {
      const expiresIn = Math.min(seconds, MAX_SECONDS);
      const signingDate = clock.now();
      const request = new HttpRequest({
        method: 'GET',
        protocol: base.protocol,
        hostname: base.hostname,
        ...(base.port ? { port: Number(base.port) } : {}),
        path: `${base.pathname}${encodeKey(objectKey)}`,
        query: { 'x-id': 'GetObject', 'response-content-disposition': `attachment; filename="${fileName.replace(/["\\\r\n]/g, '_')}"` },
        headers: {},
      });
      const url = formatUrl(await presigner.presign(request, { expiresIn, signingDate }));
      return { url, expiresAt: new Date(signingDate.getTime() + expiresIn * 1000) };
    },
  };
}
