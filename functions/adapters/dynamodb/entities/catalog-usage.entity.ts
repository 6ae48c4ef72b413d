import { Entity } from 'electrodb';
import { SERVICE, keyFields, tenantPk } from './model.ts';

/**
 * How many clients point at one category or zone: `clients` of any status, `inactive` of them
 * deactivated (active = clients - inactive). Every client write that sets or clears a reference, or
 * deactivates or restores a client holding one, moves them in the same transaction (catalog-usage.ts),
 * and a delete of the entry requires `clients` to be zero in its own transaction, so no client can be
 * left pointing at a deleted entry.
 */
export const catalogUsageEntity = () =>
  new Entity({
    model: { entity: 'catalogUsage', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      kind: { type: 'string', required: true },
      id: { type: 'string', required: true },
      clients: { type: 'number' },
      inactive: { type: 'number' },
    },
    indexes: {
      byEntry: { pk: tenantPk, sk: { field: keyFields.sk, composite: ['kind', 'id'], template: 'CATUSE#${kind}#${id}', casing: 'none' } },
    },
  });
