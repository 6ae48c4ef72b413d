import { Entity } from 'electrodb';
import { SERVICE, keyFields, tenantPk } from './model.ts';

/**
 * How many clients (any status) point at one category or zone. Every client write that sets or
 * clears a reference moves this count in the same transaction, and a delete of the entry requires
 * it to be zero in its own transaction, so no client can be left pointing at a deleted entry.
 */
export const catalogUsageEntity = () =>
  new Entity({
    model: { entity: 'catalogUsage', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      kind: { type: 'string', required: true },
      id: { type: 'string', required: true },
      clients: { type: 'number' },
    },
    indexes: {
      byEntry: { pk: tenantPk, sk: { field: keyFields.sk, composite: ['kind', 'id'], template: 'CATUSE#${kind}#${id}', casing: 'none' } },
    },
  });
