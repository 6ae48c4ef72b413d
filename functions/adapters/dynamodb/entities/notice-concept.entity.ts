import { Entity } from 'electrodb';
import { SERVICE, keyFields, tenantPk } from './model.ts';

/**
 * The notice catalogue ("avisos"): one item per concept, and one marker item (`id` CATALOGUE_MARKER_ID)
 * that says the tenant's catalogue was written, so one Query tells an untouched catalogue (the built-in
 * concepts) from an emptied one.
 */
export const noticeConceptEntity = () =>
  new Entity({
    model: { entity: 'noticeConcept', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      id: { type: 'string', required: true },
      description: { type: 'string' },
      days: { type: 'number' },
      relation: { type: ['before', 'after'] as const },
      version: { type: 'number', required: true },
      createdAt: { type: 'string', required: true },
      updatedAt: { type: 'string', required: true },
    },
    indexes: {
      byId: { pk: tenantPk, sk: { field: keyFields.sk, composite: ['id'], template: 'NOTICE#${id}', casing: 'none' } },
    },
  });
