import { formatUrl } from '@aws-sdk/core/util';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import type { UploadUrls } from '../../../domain/imports/ports.ts';
import type { Clock } from '../../../domain/shared/ports.ts';

const EXPIRES_SECONDS = 15 * 60;

export interface UploadBucket {
  bucket: string;
  region: string;
  credentials: ConstructorParameters<typeof S3RequestPresigner>[0]['credentials'];
  /** A local S3 emulator (path-style URLs); unset in AWS (virtual-hosted URLs). */
  endpoint?: string | undefined;
}

/** S3's key encoding: every character but unreserved ones and `/` escaped (RFC 3986). */
export const encodeKey = (key: string) =>
  key
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');

/**
 * Presigned PUT URLs into the uploads bucket, signed by the SDK's S3 presigner on a request built
 * here rather than through an S3 client: the URL is byte for byte the one `getSignedUrl(PutObject)`
 * gives with checksums only when required (test/integration/presigned-upload-urls.test.ts), without
 * bundling the S3 client (≈ 130 KB of the imports function), and it carries no checksum of an empty
 * body (which the client's default `WHEN_SUPPORTED` adds, and S3 would then hold the upload to).
 */
export function presignedUploadUrls(target: UploadBucket, clock: Clock): UploadUrls {
  const { presigner, base } = signerFor(target);
  return {
    async uploadUrl(objectKey, contentType, contentLength) {
      const signingDate = clock.now();
      const request = new HttpRequest({
        method: 'PUT',
        protocol: base.protocol,
        hostname: base.hostname,
        ...(base.port ? { port: Number(base.port) } : {}),
        path: `${base.pathname}${encodeKey(objectKey)}`,
        // As the S3 client names the operation; the content type is sent by the uploader, not signed. A given
        // length is signed: S3 refuses a PUT of any other size (s3rver does not check it; the runner does).
        query: { 'x-id': 'PutObject' },
        headers: { 'content-type': contentType, ...(contentLength !== undefined ? { 'content-length': String(contentLength) } : {}) },
      });
      const url = formatUrl(await presigner.presign(request, { expiresIn: EXPIRES_SECONDS, signingDate }));
      return { url, expiresAt: new Date(signingDate.getTime() + EXPIRES_SECONDS * 1000) };
    },
  };
}

export function signerFor(target: UploadBucket) {
  const presigner = new S3RequestPresigner({ credentials: target.credentials, region: target.region, sha256: Sha256 });
  const base = target.endpoint
    ? new URL(`${target.endpoint.replace(/\/$/, '')}/${target.bucket}/`)
    : new URL(`https://${target.bucket}.s3.${target.region}.amazonaws.com/`);
  return { presigner, base };
}
