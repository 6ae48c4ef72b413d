import { Entity } from 'electrodb';
import { SERVICE, keyFields, tenantPk } from './model.ts';

export const userEntity = () =>
  new Entity({
    model: { entity: 'user', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      id: { type: 'string', required: true },
      email: { type: 'string', required: true },
      name: { type: 'string', required: true },
      /** Lower-cased, accent-free name for sorting lists. */
      nameKey: { type: 'string', required: true },
      accessLevel: { type: 'number', required: true },
      branchId: { type: 'string' },
      departmentId: { type: 'string' },
      permissions: { type: 'list', items: { type: 'string' }, required: true },
      mailbox: { type: 'string' },
      /** { email, status, requestedAt, checkedAt }: the mailbox's verification as a sender. */
      mailboxVerification: { type: 'any' },
      status: { type: 'string', required: true },
      version: { type: 'number', required: true },
      createdAt: { type: 'string', required: true },
      updatedAt: { type: 'string', required: true },
      createdBy: { type: 'string', required: true },
      updatedBy: { type: 'string', required: true },
    },
    indexes: {
      byId: {
        pk: tenantPk,
        sk: { field: keyFields.sk, composite: ['id'], template: 'USER#${id}', casing: 'none' },
      },
      /** Users of one status, sorted by name. */
      byStatus: {
        index: keyFields.gsi1.index,
        pk: { field: keyFields.gsi1.pk, composite: ['tenantId', 'status'], template: 'T#${tenantId}#USER#${status}', casing: 'none' },
        sk: { field: keyFields.gsi1.sk, composite: ['nameKey', 'id'], template: '${nameKey}#${id}', casing: 'none' },
      },
    },
  });
