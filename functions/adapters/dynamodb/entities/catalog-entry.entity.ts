import { Entity } from 'electrodb';
import { SERVICE, keyFields, tenantPk } from './model.ts';

/** Client categories and zones. */
export const catalogEntryEntity = () =>
  new Entity({
    model: { entity: 'catalogEntry', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      kind: { type: 'string', required: true },
      id: { type: 'string', required: true },
      name: { type: 'string', required: true },
      color: { type: 'string' },
      icon: { type: 'string' },
      version: { type: 'number', required: true },
      createdAt: { type: 'string', required: true },
      updatedAt: { type: 'string', required: true },
    },
    indexes: {
      byKind: { pk: tenantPk, sk: { field: keyFields.sk, composite: ['kind', 'id'], template: 'CATALOG#${kind}#${id}', casing: 'none' } },
    },
  });
