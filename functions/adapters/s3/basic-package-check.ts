import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { importFailures } from '../../../domain/imports/import-failures.ts';
import type { WorkbookPackageCheck } from '../../../domain/imports/rows.ts';

/** Every .xlsx is a zip: its first bytes are a local file header, `PK\x03\x04`. */
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * The minimal check before parsing, until the full one (zip bomb, macros, password) is wired: the size
 * against the limit, then the zip signature of the first 4 bytes (one ranged GET). Refusals are the
 * job's failure reasons, so the file is refused before any write.
 */
export function basicPackageCheck(client: S3Client, bucket: string, maxBytes: number): WorkbookPackageCheck {
  return {
    async check(objectKey, sizeBytes) {
      if (sizeBytes > maxBytes) return { ok: false, ...importFailures.fileTooLarge(sizeBytes, maxBytes) };
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey, Range: 'bytes=0-3' }));
      const head = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
      // The stored size, not only the event's: a ranged answer says it in Content-Range (`bytes 0-3/<size>`).
      const stored = Number(/\/(\d+)$/.exec(object.ContentRange ?? '')?.[1] ?? sizeBytes);
      if (stored > maxBytes) return { ok: false, ...importFailures.fileTooLarge(stored, maxBytes) };
      if (head.length < 4 || !head.subarray(0, 4).equals(ZIP_SIGNATURE)) return { ok: false, ...importFailures.notXlsx() };
      return { ok: true };
    },
  };
}
