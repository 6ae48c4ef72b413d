import { Entity } from 'electrodb';
import { SERVICE, keyFields, tenantPk } from './model.ts';

/**
 * Uniqueness guard: one item per (tenant, scope, value), written in the same transaction as the
 * record that claims the value, so two concurrent creates cannot both win.
 */
export const uniqueGuardEntity = () =>
  new Entity({
    model: { entity: 'uniqueGuard', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      scope: { type: 'string', required: true },
      value: { type: 'string', required: true },
      ownerId: { type: 'string', required: true },
    },
    indexes: {
      byValue: {
        pk: tenantPk,
        sk: { field: keyFields.sk, composite: ['scope', 'value'], template: 'UNIQUE#${scope}#${value}', casing: 'none' },
      },
    },
  });
