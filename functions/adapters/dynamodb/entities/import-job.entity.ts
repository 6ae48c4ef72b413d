import { Entity } from 'electrodb';
import { shardedQueue } from '../shards.ts';
import { SERVICE, keyFields, tenantPk } from './model.ts';

/** Partitions of the platform-wide queue of jobs the sweeper looks at (decision 14's sharding). */
export const IMPORT_QUEUE_SHARDS = 4;
/** `QUEUE#IMPORTS#<n>`, n by the tenant: a tenant's jobs in one partition, the platform's over four. */
export const importQueue = shardedQueue('QUEUE#IMPORTS', IMPORT_QUEUE_SHARDS);
/** `sweepAt` of a finished job: the index condition keeps it out of the queue. */
export const IMPORT_OUT_OF_QUEUE = 'none';

export const importJobEntity = () =>
  new Entity({
    model: { entity: 'importJob', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      id: { type: 'string', required: true },
      type: { type: 'string' },
      mode: { type: 'string' },
      dryRun: { type: 'boolean' },
      createMissingReferences: { type: 'boolean' },
      language: { type: 'string' },
      fileName: { type: 'string', required: true },
      objectKey: { type: 'string', required: true },
      declaredSizeBytes: { type: 'number' },
      sizeBytes: { type: 'number' },
      status: { type: 'string', required: true },
      progress: { type: 'any' },
      checkpoint: { type: 'number' },
      headers: { type: 'any' },
      lease: { type: 'any' },
      attempts: { type: 'number' },
      continuations: { type: 'number' },
      failure: { type: 'any' },
      errorSample: { type: 'any' },
      resultKey: { type: 'string' },
      requester: { type: 'any' },
      createdBy: { type: 'string', required: true },
      createdAt: { type: 'string', required: true },
      startedAt: { type: 'string' },
      finishedAt: { type: 'string' },
      updatedAt: { type: 'string' },
      version: { type: 'number', required: true },
      /** When the sweeper should look at the job; `none` once finished (it leaves the queue). */
      sweepAt: { type: 'string', required: true },
      /** The job's queue partition, from its tenant (set on every write). */
      queuePk: { type: 'string', hidden: true, watch: ['tenantId'], set: (_, { tenantId }) => importQueue.of(tenantId as string) },
      // Jobs written before the runner (read through domain/imports/import-job.legacy.ts).
      kind: { type: 'string' },
      sheets: { type: 'any' },
      error: { type: 'string' },
      receivedAt: { type: 'string' },
    },
    indexes: {
      byId: {
        pk: tenantPk,
        sk: { field: keyFields.sk, composite: ['id'], template: 'IMPORT#${id}', casing: 'none' },
      },
      // A user's own jobs, newest first (ULID ids): what levels 2–4 list, without reading anyone else's.
      byRequester: {
        index: keyFields.gsi1.index,
        pk: { field: keyFields.gsi1.pk, composite: ['tenantId', 'createdBy'], template: 'T#${tenantId}#IMPORTS#${createdBy}', casing: 'none' },
        sk: { field: keyFields.gsi1.sk, composite: ['id'], template: '${id}', casing: 'none' },
      },
      queue: {
        index: keyFields.gsi2.index,
        condition: (attr) => attr.sweepAt !== IMPORT_OUT_OF_QUEUE && attr.sweepAt !== undefined,
        pk: { field: keyFields.gsi2.pk, composite: ['queuePk'], template: '${queuePk}', casing: 'none' },
        sk: { field: keyFields.gsi2.sk, composite: ['sweepAt', 'tenantId', 'id'], template: '${sweepAt}#${tenantId}#${id}', casing: 'none' },
      },
    },
  });
