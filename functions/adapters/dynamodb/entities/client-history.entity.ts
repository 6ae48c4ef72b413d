import { Entity } from 'electrodb';
import { SERVICE, keyFields, tenantPk } from './model.ts';

/**
 * One change of a client or of one of its contacts, with the fields it touched inside (`changes`); the
 * sort key orders a client's history by time. Version 2: version 1 stored one item per changed field.
 */
export const clientHistoryEntity = () =>
  new Entity({
    model: { entity: 'clientHistory', version: '2', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      clientId: { type: 'string', required: true },
      at: { type: 'string', required: true },
      by: { type: 'string', required: true },
      operation: { type: 'string', required: true },
      operationId: { type: 'string' },
      version: { type: 'number', required: true },
      contactId: { type: 'string' },
      invoiceId: { type: 'string' },
      sourceId: { type: 'string' },
      estimateId: { type: 'string' },
      importJobId: { type: 'string' },
      /** `[{ field, from?, to? }]`, in field order. */
      changes: { type: 'any', required: true },
      change: { type: 'string', required: true },
    },
    indexes: {
      byClient: {
        pk: tenantPk,
        sk: { field: keyFields.sk, composite: ['clientId', 'at', 'change'], template: 'HISTORY#${clientId}#${at}#${change}', casing: 'none' },
      },
    },
  });
