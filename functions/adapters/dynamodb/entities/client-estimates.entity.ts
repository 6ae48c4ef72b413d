import { Entity } from 'electrodb';
import { SERVICE, keyFields } from './model.ts';

/**
 * The estimates tab's blocks of one client in one currency (seed 004: outstanding, accepted, rejected,
 * count and amount), under the client's receivables partition (`T#<t>#AR#CLIENT#<c>`, sk
 * `ESTIMATES#<cur>`), beside the aggregate store's items but apart from them: every estimate write
 * puts it in its own transaction, conditioned on `version`.
 */
export const clientEstimatesEntity = () =>
  new Entity({
    model: { entity: 'clientEstimates', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      clientId: { type: 'string', required: true },
      currency: { type: 'string', required: true },
      /** `{ outstanding, accepted, rejected }`, each `{ count, amount }` (minor units). */
      blocks: { type: 'any', required: true },
      version: { type: 'number', required: true },
    },
    indexes: {
      byClient: {
        pk: { field: keyFields.pk, composite: ['tenantId', 'clientId'], template: 'T#${tenantId}#AR#CLIENT#${clientId}', casing: 'none' },
        sk: { field: keyFields.sk, composite: ['currency'], template: 'ESTIMATES#${currency}', casing: 'none' },
      },
    },
  });
