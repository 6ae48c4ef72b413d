import { Entity } from 'electrodb';
import { SERVICE, keyFields, tenantPk } from './model.ts';

/** One changed field of a client or of its contacts; the sort key orders a client's history by time. */
export const clientHistoryEntity = () =>
  new Entity({
    model: { entity: 'clientHistory', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      clientId: { type: 'string', required: true },
      at: { type: 'string', required: true },
      seq: { type: 'string', required: true },
      by: { type: 'string', required: true },
      operation: { type: 'string', required: true },
      field: { type: 'string', required: true },
      from: { type: 'any' },
      to: { type: 'any' },
      operationId: { type: 'string' },
      version: { type: 'number', required: true },
      contactId: { type: 'string' },
      change: { type: 'string', required: true },
    },
    indexes: {
      byClient: {
        pk: tenantPk,
        sk: { field: keyFields.sk, composite: ['clientId', 'at', 'change', 'seq'], template: 'HISTORY#${clientId}#${at}#${change}#${seq}', casing: 'none' },
      },
    },
  });
