import { Entity } from 'electrodb';
import { SERVICE, keyFields, tenantPk } from './model.ts';

/** A client's notice settings, written the first time someone sets them (absent: the defaults). */
export const clientNoticeSettingsEntity = () =>
  new Entity({
    model: { entity: 'clientNoticeSettings', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      clientId: { type: 'string', required: true },
      enabled: { type: 'boolean', required: true },
      toContacts: { type: 'boolean', required: true },
      beforeConceptIds: { type: 'list', items: { type: 'string' }, required: true },
      afterConceptIds: { type: 'list', items: { type: 'string' }, required: true },
      template: { type: 'any' },
      version: { type: 'number', required: true },
      updatedAt: { type: 'string', required: true },
    },
    indexes: {
      byClient: { pk: tenantPk, sk: { field: keyFields.sk, composite: ['clientId'], template: 'CNOTICE#${clientId}', casing: 'none' } },
    },
  });
