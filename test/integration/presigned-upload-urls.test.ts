import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { XLSX_CONTENT_TYPE } from '../../domain/imports/import-job.use-cases.ts';
import { presignedUploadUrls } from '../../functions/adapters/s3/presigned-upload-urls.ts';
import { readConfig } from '../../functions/config.ts';
import { createDependencies } from '../../functions/dependencies.ts';

const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example-secret', sessionToken: 'example-session' };
const at = new Date('2026-03-04T05:06:07Z');
const clock = { now: () => at };

describe('presigned upload URLs', () => {
  afterEach(() => vi.unstubAllEnvs());

  it("signs, in AWS, exactly the URL the S3 client's getSignedUrl(PutObject) gives", async () => {
    const key = 'imports/t-01/01JOB (copia)+ñ.xlsx';
    const ours = await presignedUploadUrls({ bucket: 'cobranza-uploads', region: 'sa-east-1', credentials }, clock).uploadUrl(key, XLSX_CONTENT_TYPE);
    const client = new S3Client({ region: 'sa-east-1', credentials, requestChecksumCalculation: 'WHEN_REQUIRED' });
    const sdk = await getSignedUrl(client, new PutObjectCommand({ Bucket: 'cobranza-uploads', Key: key, ContentType: XLSX_CONTENT_TYPE }), {
      expiresIn: 900,
      signingDate: at,
    });
    expect(ours.url).toBe(sdk);
    expect(ours.expiresAt.toISOString()).toBe('2026-03-04T05:21:07.000Z');
  });

  it('signs the same path-style URL as the S3 client on the local emulator', async () => {
    const endpoint = 'http://127.0.0.1:4569';
    const local = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    const ours = await presignedUploadUrls({ bucket: 'b', region: 'us-east-1', endpoint, credentials: local }, clock).uploadUrl(
      'imports/t/1.xlsx',
      XLSX_CONTENT_TYPE,
    );
    const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: local, requestChecksumCalculation: 'WHEN_REQUIRED' });
    expect(ours.url).toBe(
      await getSignedUrl(client, new PutObjectCommand({ Bucket: 'b', Key: 'imports/t/1.xlsx', ContentType: XLSX_CONTENT_TYPE }), {
        expiresIn: 900,
        signingDate: at,
      }),
    );
  });

  it('gives, as deployed, a URL that holds the upload to no checksum (not that of an empty body)', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', credentials.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
    const deployed = { ...readConfig(), s3Endpoint: undefined, region: 'sa-east-1' };
    const { url } = await createDependencies(deployed).uploads.uploadUrl('imports/t/job.xlsx', XLSX_CONTENT_TYPE);
    const query = new URL(url).searchParams;
    expect(new URL(url).host).toBe(`${deployed.uploadsBucket}.s3.sa-east-1.amazonaws.com`);
    expect([...query.keys()].filter((name) => /checksum/i.test(name))).toEqual([]);
    expect(query.get('X-Amz-Credential')).toMatch(/^AKIAEXAMPLE\//);
  });
});
