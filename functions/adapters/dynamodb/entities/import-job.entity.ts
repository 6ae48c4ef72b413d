import { Entity } from 'electrodb';
import { SERVICE, keyFields, tenantPk } from './model.ts';

export const importJobEntity = () =>
  new Entity({
    model: { entity: 'importJob', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      id: { type: 'string', required: true },
      kind: { type: 'string', required: true },
      fileName: { type: 'string', required: true },
      objectKey: { type: 'string', required: true },
      status: { type: 'string', required: true },
      sizeBytes: { type: 'number' },
      sheets: { type: 'any' },
      error: { type: 'string' },
      version: { type: 'number', required: true },
      createdAt: { type: 'string', required: true },
      createdBy: { type: 'string', required: true },
      receivedAt: { type: 'string' },
    },
    indexes: {
      byId: {
        pk: tenantPk,
        sk: { field: keyFields.sk, composite: ['id'], template: 'IMPORT#${id}', casing: 'none' },
      },
    },
  });
