import { Entity } from 'electrodb';
import { SERVICE, keyFields } from './model.ts';

/**
 * A tenant's document sequence (`SEQUENCE#invoice`, `SEQUENCE#estimate`): `last` is the last number drawn,
 * and who holds it now (decision on gap-free numbering). One model for every numbered document, so one
 * lease (document-sequence.ts) serves them all.
 */
const sequenceEntity = (entity: string, kind: string) =>
  new Entity({
    model: { entity, version: '1', service: SERVICE },
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
        sk: { field: keyFields.sk, composite: [], template: `SEQUENCE#${kind}`, casing: 'none' },
      },
    },
  });

export const invoiceSequenceEntity = () => sequenceEntity('invoiceSequence', 'invoice');
export const estimateSequenceEntity = () => sequenceEntity('estimateSequence', 'estimate');

export type SequenceEntity = ReturnType<typeof sequenceEntity>;
