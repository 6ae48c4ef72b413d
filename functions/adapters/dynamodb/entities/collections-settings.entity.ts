import { Entity } from 'electrodb';
import { SERVICE, keyFields, tenantPk } from './model.ts';

/** A tenant's collections settings (reminder types, timing, templates): one item, absent until first saved. */
export const collectionsSettingsEntity = () =>
  new Entity({
    model: { entity: 'collectionsSettings', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      reminders: { type: 'any', required: true },
      businessDaysOnly: { type: 'boolean', required: true },
      version: { type: 'number', required: true },
      updatedAt: { type: 'string' },
    },
    indexes: {
      byTenant: { pk: tenantPk, sk: { field: keyFields.sk, composite: [], template: 'COLLECTIONS#SETTINGS', casing: 'none' } },
    },
  });
