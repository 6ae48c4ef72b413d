import { Entity } from 'electrodb';
import { SERVICE, keyFields } from './model.ts';

/** The tenant's invoice sequence: `last` is the last number drawn, and who holds it now (decision on gap-free numbering). */
export const invoiceSequenceEntity = () =>
  new Entity({
    model: { entity: 'invoiceSequence', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      /** Absent until the first number is drawn. */
      last: { type: 'number' },
      /** The writer holding the sequence (drawSequence) and until when (epoch ms); removed by its write. */
      leaseOwner: { type: 'string' },
      leaseUntil: { type: 'number' },
    },
    indexes: {
      byTenant: {
        pk: { field: keyFields.pk, composite: ['tenantId'], template: 'T#${tenantId}', casing: 'none' },
        sk: { field: keyFields.sk, composite: [], template: 'SEQUENCE#invoice', casing: 'none' },
      },
    },
  });
