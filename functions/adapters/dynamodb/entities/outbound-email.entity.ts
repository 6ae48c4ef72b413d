import { Entity } from 'electrodb';
import { shardedQueue } from '../shards.ts';
import { SERVICE, keyFields, tenantPk } from './model.ts';

/** Partitions of the platform-wide queue (decision 14): the dispatcher reads them all at once. */
export const OUTBOX_SHARDS = 8;
/** The queue keys: `QUEUE#OUTBOX#<n>`, n by the tenant, so one tenant's mail keeps its order in one partition. */
export const outboxQueue = shardedQueue('QUEUE#OUTBOX', OUTBOX_SHARDS);
/** `queueAt` of an e-mail with no more work: the index condition keeps it out of the queue. */
export const OUT_OF_QUEUE = 'none';
/**
 * `queueAt` of an e-mail whose outcome is unknown: it stays in the index, under `unknown#…`, where the
 * due-mail query (`<= <now>~`, ISO times) never reaches and an operator lists them (`begins_with unknown#`).
 */
export const AWAITING_DECISION = 'unknown';

export const outboundEmailEntity = () =>
  new Entity({
    model: { entity: 'outboundEmail', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      id: { type: 'string', required: true },
      kind: { type: 'string', required: true },
      from: { type: 'string', required: true },
      to: { type: 'list', items: { type: 'string' }, required: true },
      subject: { type: 'string', required: true },
      text: { type: 'string', required: true },
      html: { type: 'string' },
      status: { type: 'string', required: true },
      attempts: { type: 'number', required: true },
      dueAt: { type: 'string', required: true },
      leaseUntil: { type: 'string' },
      lastError: { type: 'string' },
      unknownAt: { type: 'string' },
      providerMessageId: { type: 'string' },
      sentAt: { type: 'string' },
      version: { type: 'number', required: true },
      createdAt: { type: 'string', required: true },
      /** When the dispatcher should look at it next; `unknown` while a person must decide; `none` once sent or failed (leaves the index). */
      queueAt: { type: 'string', required: true },
      /**
       * The item's queue partition, always from its tenant (set on every write). The queue key's one
       * composite, so a reader can also name the unsharded partition of items written before the split.
       */
      queuePk: { type: 'string', hidden: true, watch: ['tenantId'], set: (_, { tenantId }) => outboxQueue.of(tenantId as string) },
    },
    indexes: {
      byId: {
        pk: tenantPk,
        sk: { field: keyFields.sk, composite: ['id'], template: 'OUTBOX#${id}', casing: 'none' },
      },
      queue: {
        index: keyFields.gsi2.index,
        condition: (attr) => attr.queueAt !== OUT_OF_QUEUE,
        pk: { field: keyFields.gsi2.pk, composite: ['queuePk'], template: '${queuePk}', casing: 'none' },
        sk: { field: keyFields.gsi2.sk, composite: ['queueAt', 'tenantId', 'id'], template: '${queueAt}#${tenantId}#${id}', casing: 'none' },
      },
    },
  });
