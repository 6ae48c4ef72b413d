import { Entity } from 'electrodb';
import { tableSchema } from '../table-schema.ts';
import { SERVICE, keyFields, tenantPk } from './model.ts';

/**
 * One requested client-image upload (domain/clients/client-image.schema.ts), beside its client in the
 * tenant's partition: `IMAGEUPLOAD#<clientId>#<imageId>`, so a client's newest upload is one query of
 * `Limit` 1 (image ids are ULIDs). Pending and rejected ones expire (`expiresAt`, TTL); ready ones stay,
 * as the record of an image the client had.
 */
export const clientImageUploadEntity = () =>
  new Entity({
    model: { entity: 'clientImageUpload', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      clientId: { type: 'string', required: true },
      id: { type: 'string', required: true },
      status: { type: 'string', required: true },
      declaredContentType: { type: 'string', required: true },
      declaredSizeBytes: { type: 'number', required: true },
      requestedBy: { type: 'string', required: true },
      requestedAt: { type: 'string', required: true },
      uploadExpiresAt: { type: 'string', required: true },
      completedAt: { type: 'string' },
      rejection: { type: 'any' },
      image: { type: 'any' },
      version: { type: 'number', required: true },
      expiresAt: { type: 'number', field: tableSchema.ttlAttribute },
    },
    indexes: {
      byId: {
        pk: tenantPk,
        sk: { field: keyFields.sk, composite: ['clientId', 'id'], template: 'IMAGEUPLOAD#${clientId}#${id}', casing: 'none' },
      },
    },
  });
