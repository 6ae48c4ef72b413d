import { Entity } from 'electrodb';
import { NONE, SERVICE, keyFields, tenantPk } from './model.ts';

/** Sort key of every client list: status first (active before inactive), then the folded name. */
const listSk = (field: string) => ({ field, composite: ['status', 'nameKey', 'id'], template: '${status}#${nameKey}#${id}', casing: 'none' }) as const;

/**
 * A sparse index: an item is in it only while `key` holds a value other than `none` (ElectroDB's index
 * condition; ElectroDB wants every composite present, so absence is written as `none`).
 */
const scopeIndex = <K extends string>(gsi: { index: string; pk: string; sk: string }, key: K, label: string) =>
  ({
    index: gsi.index,
    condition: (attr: Record<string, unknown>) => typeof attr[key] === 'string' && attr[key] !== NONE,
    pk: { field: gsi.pk, composite: ['tenantId', key], template: `T#\${tenantId}#CLIENTS#${label}#\${${key}}`, casing: 'none' },
    sk: listSk(gsi.sk),
  }) as const;

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
      sortName: { type: 'string' },
      nameKey: { type: 'string', required: true },
      email: { type: 'string' },
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
      branchId: { type: 'string' },
      assignedDepartmentIds: { type: 'list', items: { type: 'string' } },
      paymentTermsDays: { type: 'number' },
      billing: { type: 'any' },
      collectionsEnabled: { type: 'boolean', required: true },
      // The client image's metadata (domain/clients/client-image.schema.ts); set and removed only by the image writes.
      image: { type: 'any' },
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
      // Keys of the sparse scope indexes: `none` (and out of the index) when the client has no such seller, branch or department.
      sellerKey: { type: 'string' },
      branchKey: { type: 'string' },
      department1Key: { type: 'string' },
      department2Key: { type: 'string' },
      department3Key: { type: 'string' },
      // Folded city and region: the list filters on them ignore case and accents.
      cityKey: { type: 'string' },
      regionKey: { type: 'string' },
      // The indexed e-mails of the client's contacts (search terms), kept by contact writes, which count
      // `contactsRev` up so a client write and a contact write on the same client never both pass.
      contactEmails: { type: 'list', items: { type: 'string' } },
      contactsRev: { type: 'number' },
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
      // Access scopes (client-scope.ts): level 4 reads bySeller + byCollector + byAgent for the user,
      // level 2 byBranch, level 3 the three department slots; all sorted like the default list.
      bySeller: scopeIndex(keyFields.gsi6, 'sellerKey', 'SELLER'),
      byBranch: scopeIndex(keyFields.gsi7, 'branchKey', 'BRANCH'),
      byDepartment1: scopeIndex(keyFields.gsi8, 'department1Key', 'DEPARTMENT'),
      byDepartment2: scopeIndex(keyFields.gsi9, 'department2Key', 'DEPARTMENT'),
      byDepartment3: scopeIndex(keyFields.gsi10, 'department3Key', 'DEPARTMENT'),
    },
  });
