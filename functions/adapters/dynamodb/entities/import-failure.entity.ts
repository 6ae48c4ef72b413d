import { Entity } from 'electrodb';
import { tableSchema } from '../table-schema.ts';
import { SERVICE, keyFields } from './model.ts';

/**
 * A failed row of an import job, kept until the error workbook is written (and after, for a rewrite): one
 * item per row in the job's own partition, so a job's failures read in row order and never mix with the
 * tenant's other items.
 */
export const importFailureEntity = () =>
  new Entity({
    model: { entity: 'importFailure', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      jobId: { type: 'string', required: true },
      row: { type: 'number', required: true },
      rowKey: { type: 'string', required: true },
      cells: { type: 'list', items: { type: 'string' }, required: true },
      errors: { type: 'any', required: true },
      /** DynamoDB TTL (epoch seconds): gone 30 days after it was written, with the uploaded file and the error workbook. */
      expiresAt: { type: 'number', field: tableSchema.ttlAttribute },
    },
    indexes: {
      byJob: {
        pk: { field: keyFields.pk, composite: ['tenantId', 'jobId'], template: 'T#${tenantId}#IMPORT#${jobId}', casing: 'none' },
        sk: { field: keyFields.sk, composite: ['rowKey'], template: 'ROW#${rowKey}', casing: 'none' },
      },
    },
  });
