import { Entity } from 'electrodb';
import { SERVICE, keyFields, tenantPk } from './model.ts';

/** The platform-wide queue key: the dispatcher serves every tenant from one sparse index. */
export const OUTBOX_QUEUE = 'QUEUE#OUTBOX';
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
    },
    indexes: {
      byId: {
        pk: tenantPk,
        sk: { field: keyFields.sk, composite: ['id'], template: 'OUTBOX#${id}', casing: 'none' },
      },
      queue: {
        index: keyFields.gsi2.index,
        condition: (attr) => attr.queueAt !== OUT_OF_QUEUE,
        pk: { field: keyFields.gsi2.pk, composite: [], template: OUTBOX_QUEUE, casing: 'none' },
        sk: { field: keyFields.gsi2.sk, composite: ['queueAt', 'tenantId', 'id'], template: '${queueAt}#${tenantId}#${id}', casing: 'none' },
      },
    },
  });
