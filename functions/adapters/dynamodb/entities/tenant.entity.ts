import { Entity } from 'electrodb';
import { SERVICE, keyFields, tenantPk } from './model.ts';

export const tenantEntity = () =>
  new Entity({
    model: { entity: 'tenant', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      name: { type: 'string', required: true },
      country: { type: 'string', required: true },
      currency: { type: 'string', required: true },
      timeZone: { type: 'string', required: true },
      locale: { type: 'string', required: true },
      mailHour: { type: 'number', required: true },
      senderEmail: { type: 'string' },
      taxIdScheme: { type: 'string' },
      allowForeignCurrency: { type: 'boolean' },
      ageingBounds: { type: 'list', items: { type: 'number' } },
      status: { type: ['active', 'suspended'] as const },
      suspendedAt: { type: 'string' },
      suspendedBy: { type: 'string' },
      version: { type: 'number', required: true },
      createdAt: { type: 'string', required: true },
      updatedAt: { type: 'string', required: true },
    },
    indexes: {
      byTenant: {
        pk: tenantPk,
        sk: { field: keyFields.sk, composite: [], template: 'TENANT', casing: 'none' },
      },
    },
  });
