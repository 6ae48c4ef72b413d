import { Entity } from 'electrodb';
import { SERVICE, keyFields, tenantPk } from './model.ts';

export const orgUnitEntity = () =>
  new Entity({
    model: { entity: 'orgUnit', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      kind: { type: 'string', required: true },
      id: { type: 'string', required: true },
      name: { type: 'string', required: true },
      version: { type: 'number', required: true },
      createdAt: { type: 'string', required: true },
      updatedAt: { type: 'string', required: true },
    },
    indexes: {
      byKind: {
        pk: tenantPk,
        sk: { field: keyFields.sk, composite: ['kind', 'id'], template: 'ORG#${kind}#${id}', casing: 'none' },
      },
    },
  });
