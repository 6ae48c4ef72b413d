import { Entity } from 'electrodb';
import { shardedQueue } from '../shards.ts';
import { SERVICE, keyFields, tenantPk } from './model.ts';

/** Partitions of the platform-wide export queue (decision 14's sharded gsi2 queue, like the outbox). */
export const EXPORT_SHARDS = 4;
/** `QUEUE#EXPORT#<n>`, n by the tenant. */
export const exportQueue = shardedQueue('QUEUE#EXPORT', EXPORT_SHARDS);
/** `queueAt` of a job that needs no run (completed, failed): the index condition keeps it out of the queue. */
export const EXPORT_OUT_OF_QUEUE = 'none';

export const exportJobEntity = () =>
  new Entity({
    model: { entity: 'exportJob', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      id: { type: 'string', required: true },
      type: { type: 'string', required: true },
      language: { type: 'string', required: true },
      filter: { type: 'any', required: true },
      scope: { type: 'any', required: true },
      requestedBy: { type: 'string', required: true },
      status: { type: 'string', required: true },
      rowsWritten: { type: 'number', required: true },
      objectKey: { type: 'string', required: true },
      attempts: { type: 'number', required: true },
      leaseUntil: { type: 'string' },
      failure: { type: 'any' },
      lastError: { type: 'string' },
      version: { type: 'number', required: true },
      createdAt: { type: 'string', required: true },
      startedAt: { type: 'string' },
      completedAt: { type: 'string' },
      /** When the runner should look at it: created time while pending, lease end while running, `none` after. */
      queueAt: { type: 'string', required: true },
      queuePk: { type: 'string', hidden: true, watch: ['tenantId'], set: (_, { tenantId }) => exportQueue.of(tenantId as string) },
    },
    indexes: {
      byId: {
        pk: tenantPk,
        sk: { field: keyFields.sk, composite: ['id'], template: 'EXPORT#${id}', casing: 'none' },
      },
      /** A user's exports, newest first (ids are ULIDs: they sort by creation). */
      byRequester: {
        index: keyFields.gsi1.index,
        pk: { field: keyFields.gsi1.pk, composite: ['tenantId', 'requestedBy'], template: 'T#${tenantId}#EXPORTS#${requestedBy}', casing: 'none' },
        sk: { field: keyFields.gsi1.sk, composite: ['id'], template: '${id}', casing: 'none' },
      },
      queue: {
        index: keyFields.gsi2.index,
        condition: (attr) => attr.queueAt !== EXPORT_OUT_OF_QUEUE,
        pk: { field: keyFields.gsi2.pk, composite: ['queuePk'], template: '${queuePk}', casing: 'none' },
        sk: { field: keyFields.gsi2.sk, composite: ['queueAt', 'tenantId', 'id'], template: '${queueAt}#${tenantId}#${id}', casing: 'none' },
      },
    },
  });
