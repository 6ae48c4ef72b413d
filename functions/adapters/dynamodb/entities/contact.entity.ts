import { Entity } from 'electrodb';
import { SERVICE, keyFields, tenantPk } from './model.ts';

/** A client's contacts sit next to each other: one query reads them all. */
export const contactEntity = () =>
  new Entity({
    model: { entity: 'contact', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      clientId: { type: 'string', required: true },
      id: { type: 'string', required: true },
      type: { type: 'string', required: true },
      name: { type: 'string', required: true },
      email: { type: 'string' },
      phone: { type: 'string' },
      receives: { type: 'list', items: { type: 'string' }, required: true },
      /** Set by the ses-events function when the address hard-bounced or complained: `{ reason, at }`. */
      emailSuppressed: { type: 'any' },
      version: { type: 'number', required: true },
      createdAt: { type: 'string', required: true },
      updatedAt: { type: 'string', required: true },
    },
    indexes: {
      byClient: { pk: tenantPk, sk: { field: keyFields.sk, composite: ['clientId', 'id'], template: 'CONTACT#${clientId}#${id}', casing: 'none' } },
    },
  });
