import type { PreferenceStore } from '../../../domain/receivables/delinquency.use-cases.ts';
import type { Clock } from '../../../domain/shared/ports.ts';
import type { DataService } from './entities/index.ts';

/** The users' saved preferences (`T#<t>` / `PREFS#<userId>`): one GetItem to read, one PutItem to save. */
export function dynamoPreferenceStore(data: DataService, clock: Clock): PreferenceStore {
  const { userPreferences } = data.entities;
  return {
    async summaryPeriod(tenantId, userId) {
      const { data: item } = await userPreferences.get({ tenantId, userId }).go();
      return item?.summaryPeriod;
    },
    async setSummaryPeriod(tenantId, userId, period) {
      await userPreferences.put({ tenantId, userId, summaryPeriod: period, updatedAt: clock.now().toISOString() }).go();
    },
  };
}
