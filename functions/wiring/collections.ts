import { dynamoClientNoticeSettingsStore } from '../adapters/dynamodb/client-notice-settings.store.ts';
import { dynamoCollectionsSettingsStore } from '../adapters/dynamodb/collections-settings.store.ts';
import { dynamoMailboxVerificationStore } from '../adapters/dynamodb/mailbox-verification.store.ts';
import { dynamoNoticeCatalogStore } from '../adapters/dynamodb/notice-catalog.store.ts';
import { onFirstUse } from './on-first-use.ts';
import type { TableDependencies } from './table.ts';

/**
 * The collections settings: the tenant's settings, the notice catalogue, clients' notice settings (the
 * planner reads these three through their ports) and users' mailbox verifications.
 */
export const collectionsRepositories = ({ data, tenants }: Pick<TableDependencies, 'data' | 'tenants'>) => {
  const catalogue = onFirstUse(() => dynamoNoticeCatalogStore(data, tenants));
  return {
    settings: onFirstUse(() => dynamoCollectionsSettingsStore(data)),
    catalogue,
    clientNotices: onFirstUse(() => dynamoClientNoticeSettingsStore(data, catalogue)),
    verifications: onFirstUse(() => dynamoMailboxVerificationStore(data)),
  };
};
