import { Entity } from 'electrodb';
import { SERVICE, keyFields } from './model.ts';

/** The tenant's invoice sequence: `last` is the last number drawn (decision on gap-free numbering). */
export const invoiceSequenceEntity = () =>
  new Entity({
    model: { entity: 'invoiceSequence', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      last: { type: 'number', required: true },
    },
    indexes: {
      byTenant: {
        pk: { field: keyFields.pk, composite: ['tenantId'], template: 'T#${tenantId}', casing: 'none' },
        sk: { field: keyFields.sk, composite: [], template: 'SEQUENCE#invoice', casing: 'none' },
      },
    },
  });
