import type S3rver from 's3rver';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { functionCatalogue } from '../../functions/catalogue.ts';
import { decodeS3Key, encodeS3Key } from '../../functions/s3/s3-keys.ts';
import { invokeFunction } from './handlers.ts';

/** Lambda's async retries: two more tries after the first failure. */
const ASYNC_RETRIES = 2;

/**
 * Delivers s3rver's events to the catalogued S3 functions like the bucket notification does:
 * ObjectCreated only, prefix/suffix filtered, one record per event, key URL-encoded as AWS does.
 * `idle()` resolves when every delivery in flight has finished (tests wait on it).
 */
export function bridgeS3Events(s3: S3rver, buckets: Record<'uploads', string>, log: (line: string) => void) {
  const inFlight = new Set<Promise<void>>();
  const failures: Array<{ function: string; key: string; error: string }> = [];
  s3.on('event', (event: S3Event) => {
    for (const record of event.Records as S3EventRecord[]) {
      if (!record.eventName.startsWith('ObjectCreated')) continue;
      const key = record.s3.object.key; // s3rver leaves it decoded
      for (const spec of functionCatalogue) {
        const t = spec.trigger;
        if (t.type !== 's3' || buckets[t.bucket] !== record.s3.bucket.name) continue;
        if (!key.startsWith(t.prefix) || !key.endsWith(t.suffix)) continue;
        const awsRecord = {
          ...record,
          // s3rver reports multipart completion as Post; AWS says CompleteMultipartUpload.
          eventName: record.eventName === 'ObjectCreated:Post' ? 'ObjectCreated:CompleteMultipartUpload' : record.eventName,
          s3: { ...record.s3, object: { ...record.s3.object, key: encodeS3Key(key) } },
        };
        const delivery = (async () => {
          for (let attempt = 0; attempt <= ASYNC_RETRIES; attempt++) {
            try {
              await invokeFunction(spec, { Records: [awsRecord] });
              return;
            } catch (error) {
              if (attempt === ASYNC_RETRIES) {
                failures.push({ function: spec.name, key: decodeS3Key(awsRecord.s3.object.key), error: String(error) });
                log(`✗ ${spec.name} failed for ${key} after ${ASYNC_RETRIES + 1} tries (in AWS: on-failure destination): ${String(error)}`);
              }
            }
          }
        })();
        inFlight.add(delivery);
        void delivery.finally(() => inFlight.delete(delivery));
      }
    }
  });
  return {
    failures,
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}
