import { Entity } from 'electrodb';
import { estimatePk } from './estimate.entity.ts';
import { SERVICE, keyFields } from './model.ts';

/** The lines of an estimate (≤ 200), beside its header and in no index, as an invoice's. */
export const estimateLinesEntity = () =>
  new Entity({
    model: { entity: 'estimateLines', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      id: { type: 'string', required: true },
      lines: { type: 'any', required: true },
    },
    indexes: {
      byId: { pk: estimatePk, sk: { field: keyFields.sk, composite: [], template: 'LINES', casing: 'none' } },
    },
  });
