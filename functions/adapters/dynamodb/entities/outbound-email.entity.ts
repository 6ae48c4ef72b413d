import { Entity } from 'electrodb';
import { shardedQueue, stableShard } from '../shards.ts';
import { SERVICE, keyFields, tenantPk } from './model.ts';

/**
 * Partitions of the platform-wide queue (decision 14, revised by "Delivery within the send rate"): the
 * dispatcher drains them in parallel. 32, so a burst of one tenant (a million reminders planned at once)
 * spreads its index writes and the dispatcher's reads over 32 keys instead of one.
 */
export const OUTBOX_SHARDS = 32;
/**
 * The queue keys: `QUEUE#OUTBOX#<n>`, n by the tenant and the message id (`outboxShardKey`). The older
 * keys (unsharded, and 0–7 by tenant alone) are among those every reader reads until they drain.
 */
export const outboxQueue = shardedQueue('QUEUE#OUTBOX', OUTBOX_SHARDS);
/** `queueAt` of an e-mail with no more work: the index condition keeps it out of the queue. */
export const OUT_OF_QUEUE = 'none';
/**
 * `queueAt` of an e-mail whose outcome is unknown: it stays in the index, under `unknown#…`, where the
 * due-mail query (`<= <now>~`, ISO times) never reaches and an operator lists them (`begins_with unknown#`).
 */
export const AWAITING_DECISION = 'unknown';

/** `logClientId` of an e-mail that is no collection message: the send log's index conditions keep it out. */
export const NOT_LOGGED = 'none';

/**
 * Partitions of a tenant's send log (decision "The send log is sharded by message"): a million-message
 * burst rewrites each message's log copy on every step (planned, claimed, sent, each SES event) at the
 * dispatch rate, which one key per tenant cannot take. `T#<t>#MESSAGES#<n>`, n = FNV-1a(id) mod 16; items
 * written before keep the unsharded `T#<t>#MESSAGES` until their next write, and readers read it too.
 */
export const SEND_LOG_SHARDS = 16;

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
      replyTo: { type: 'string' },
      /** Collection messages: what the message is about (CollectionMeta), its skip reason when skipped. */
      collection: { type: 'any' },
      /** What SES's events said after the send (DeliveryRecord). */
      delivery: { type: 'any' },
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
      /** Send log (collection messages only, derived by `outboxItem`): the client, the type and the skip reason, top level for the indexes and filters. */
      logClientId: { type: 'string', required: true },
      messageType: { type: 'string' },
      skipReason: { type: 'string' },
      /** The item's send-log partition (`sendLogPartitions`), from its tenant and id on every write: the `log` index's one composite. */
      logPk: {
        type: 'string',
        hidden: true,
        watch: ['tenantId', 'id'],
        set: (_, { tenantId, id }) => sendLogPkOf(tenantId as string, id as string),
      },
      /** When the dispatcher should look at it next; `unknown` while a person must decide; `none` once sent or failed (leaves the index). */
      queueAt: { type: 'string', required: true },
      /**
       * The item's queue partition, always from its tenant and id (set on every write). The queue key's one
       * composite, so a reader can also name the unsharded partition of items written before the split.
       */
      queuePk: {
        type: 'string',
        hidden: true,
        watch: ['tenantId', 'id'],
        set: (_, { tenantId, id }) => outboxQueue.of(outboxShardKey(tenantId as string, id as string)),
      },
    },
    indexes: {
      /** The tenant's send log, newest first by creation (collection messages only: sparse), in SEND_LOG_SHARDS partitions. */
      log: {
        index: keyFields.gsi1.index,
        condition: (attr) => attr.logClientId !== NOT_LOGGED,
        pk: { field: keyFields.gsi1.pk, composite: ['logPk'], template: '${logPk}', casing: 'none' },
        sk: { field: keyFields.gsi1.sk, composite: ['createdAt', 'id'], template: '${createdAt}#${id}', casing: 'none' },
      },
      /** One client's send log, newest first (sparse, as `log`). */
      clientLog: {
        index: keyFields.gsi3.index,
        condition: (attr) => attr.logClientId !== NOT_LOGGED,
        pk: { field: keyFields.gsi3.pk, composite: ['tenantId', 'logClientId'], template: 'T#${tenantId}#MESSAGES#CLIENT#${logClientId}', casing: 'none' },
        sk: { field: keyFields.gsi3.sk, composite: ['createdAt', 'id'], template: '${createdAt}#${id}', casing: 'none' },
      },
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

/** What picks an e-mail's queue partition (after the entity: the model test takes a module's first exported function). */
export const outboxShardKey = (tenantId: string, id: string) => `${tenantId}#${id}`;

/** The send-log partition of a message (after the entity, as outboxShardKey). */
export const sendLogPkOf = (tenantId: string, id: string) => `T#${tenantId}#MESSAGES#${stableShard(id, SEND_LOG_SHARDS)}`;

/** Every partition a reader of a tenant's whole log queries: the unsharded key of older items, then each shard. */
export const sendLogPartitions = (tenantId: string) => [
  `T#${tenantId}#MESSAGES`,
  ...Array.from({ length: SEND_LOG_SHARDS }, (_, n) => `T#${tenantId}#MESSAGES#${n}`),
];
