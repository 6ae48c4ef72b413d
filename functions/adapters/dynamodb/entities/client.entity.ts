import { Entity } from 'electrodb';
import { SERVICE, keyFields, tenantPk } from './model.ts';

/** Sort key of every client list: status first (active before inactive), then the folded name. */
const listSk = (field: string) => ({ field, composite: ['status', 'nameKey', 'id'], template: '${status}#${nameKey}#${id}', casing: 'none' }) as const;

export const clientEntity = () =>
  new Entity({
    model: { entity: 'client', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      id: { type: 'string', required: true },
      personType: { type: 'string', required: true },
      name: { type: 'string' },
      firstName: { type: 'string' },
      middleName: { type: 'string' },
      firstSurname: { type: 'string' },
      secondSurname: { type: 'string' },
      legalName: { type: 'string' },
      tradeName: { type: 'string' },
      displayName: { type: 'string', required: true },
      nameKey: { type: 'string', required: true },
      email: { type: 'string', required: true },
      notifyEmails: { type: 'list', items: { type: 'string' }, required: true },
      phone: { type: 'string' },
      mobile: { type: 'string' },
      address: { type: 'string' },
      neighbourhood: { type: 'string' },
      city: { type: 'string' },
      region: { type: 'string' },
      zoneId: { type: 'string' },
      customId: { type: 'string' },
      nationalDocument: { type: 'string' },
      observations: { type: 'string' },
      taxId: { type: 'any' },
      sellerId: { type: 'string' },
      collectorId: { type: 'string' },
      agentId: { type: 'string' },
      categoryId: { type: 'string' },
      paymentTermsDays: { type: 'number' },
      billing: { type: 'any' },
      collectionsEnabled: { type: 'boolean', required: true },
      status: { type: 'string', required: true },
      provenance: { type: 'any', required: true },
      version: { type: 'number', required: true },
      createdAt: { type: 'string', required: true },
      createdBy: { type: 'string', required: true },
      updatedAt: { type: 'string', required: true },
      updatedBy: { type: 'string', required: true },
      // Index keys for "none" buckets: clients without a category, collector or agent are listable too.
      categoryKey: { type: 'string', required: true },
      collectorKey: { type: 'string', required: true },
      agentKey: { type: 'string', required: true },
    },
    indexes: {
      byId: { pk: tenantPk, sk: { field: keyFields.sk, composite: ['id'], template: 'CLIENT#${id}', casing: 'none' } },
      byName: {
        index: keyFields.gsi1.index,
        pk: { field: keyFields.gsi1.pk, composite: ['tenantId'], template: 'T#${tenantId}#CLIENTS', casing: 'none' },
        sk: listSk(keyFields.gsi1.sk),
      },
      byCategory: {
        index: keyFields.gsi3.index,
        pk: { field: keyFields.gsi3.pk, composite: ['tenantId', 'categoryKey'], template: 'T#${tenantId}#CLIENTS#CATEGORY#${categoryKey}', casing: 'none' },
        sk: listSk(keyFields.gsi3.sk),
      },
      byCollector: {
        index: keyFields.gsi4.index,
        pk: { field: keyFields.gsi4.pk, composite: ['tenantId', 'collectorKey'], template: 'T#${tenantId}#CLIENTS#COLLECTOR#${collectorKey}', casing: 'none' },
        sk: listSk(keyFields.gsi4.sk),
      },
      byAgent: {
        index: keyFields.gsi5.index,
        pk: { field: keyFields.gsi5.pk, composite: ['tenantId', 'agentKey'], template: 'T#${tenantId}#CLIENTS#AGENT#${agentKey}', casing: 'none' },
        sk: listSk(keyFields.gsi5.sk),
      },
    },
  });
