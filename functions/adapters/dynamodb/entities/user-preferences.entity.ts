import { Entity } from 'electrodb';
import { SERVICE, keyFields } from './model.ts';

/** One user's saved view choices, apart from the user record (its writes never touch the user's version or caches). */
export const userPreferencesEntity = () =>
  new Entity({
    model: { entity: 'userPreferences', version: '1', service: SERVICE },
    attributes: {
      tenantId: { type: 'string', required: true },
      userId: { type: 'string', required: true },
      /** The client's invoice summary blocks: the current year or all time. */
      summaryPeriod: { type: ['year', 'all'] as const },
      updatedAt: { type: 'string' },
    },
    indexes: {
      byUser: {
        pk: { field: keyFields.pk, composite: ['tenantId'], template: 'T#${tenantId}', casing: 'none' },
        sk: { field: keyFields.sk, composite: ['userId'], template: 'PREFS#${userId}', casing: 'none' },
      },
    },
  });
