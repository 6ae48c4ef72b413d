import { Entity } from 'electrodb';
import { shardedQueue } from '../shards.ts';
import { SERVICE, keyFields, tenantPk } from './model.ts';

/** Partitions of the planner's due index: 10,000 tenants due at one quarter-hour spread over 16 keys. */
export const PLANNER_SHARDS = 16;
export const plannerQueue = shardedQueue('QUEUE#PLANNER', PLANNER_SHARDS);

/**
 * One item per tenant: its collections planning marker (`plannedThrough`) and when it is next due
 * (`queueAt`: the next run, or the lease's end while a planner holds it), indexed on gsi2 under
 * `QUEUE#PLANNER#<n>` so a tick reads only the tenants whose hour has come (data-model "Collections planner").
 */
export const collectionsPlannerEntity = () =>
  new Entity({
    model: { entity: 'collectionsPlanner', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      plannedThrough: { type: 'string' },
      nextRunAt: { type: 'string', required: true },
      leaseUntil: { type: 'string' },
      version: { type: 'number', required: true },
      updatedAt: { type: 'string', required: true },
      /** Which `replace` call wrote the item: lets a write the SDK sent again recognise its own first attempt. */
      writeId: { type: 'string' },
      queueAt: { type: 'string', required: true },
      queuePk: { type: 'string', hidden: true, watch: ['tenantId'], set: (_, { tenantId }) => plannerQueue.of(tenantId as string) },
    },
    indexes: {
      byTenant: {
        pk: tenantPk,
        sk: { field: keyFields.sk, composite: [], template: 'COLLECTIONS#PLANNER', casing: 'none' },
      },
      due: {
        index: keyFields.gsi2.index,
        pk: { field: keyFields.gsi2.pk, composite: ['queuePk'], template: '${queuePk}', casing: 'none' },
        sk: { field: keyFields.gsi2.sk, composite: ['queueAt', 'tenantId'], template: '${queueAt}#${tenantId}', casing: 'none' },
      },
    },
  });
