import { Entity } from 'electrodb';
import { invoicePk } from './invoice.entity.ts';
import { SERVICE, keyFields } from './model.ts';

/** The lines of an invoice (≤ 200), beside its header and in no index: index writes bill the header only. */
export const invoiceLinesEntity = () =>
  new Entity({
    model: { entity: 'invoiceLines', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      id: { type: 'string', required: true },
      lines: { type: 'any', required: true },
    },
    indexes: {
      byId: { pk: invoicePk, sk: { field: keyFields.sk, composite: [], template: 'LINES', casing: 'none' } },
    },
  });
