import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Service } from 'electrodb';
import { catalogEntryEntity } from './catalog-entry.entity.ts';
import { catalogUsageEntity } from './catalog-usage.entity.ts';
import { clientHistoryEntity } from './client-history.entity.ts';
import { clientEntity } from './client.entity.ts';
import { contactEntity } from './contact.entity.ts';
import { importJobEntity } from './import-job.entity.ts';
import { orgUnitEntity } from './org-unit.entity.ts';
import { outboundEmailEntity } from './outbound-email.entity.ts';
import { searchTermEntity } from './search-term.entity.ts';
import { prevalidated } from './prevalidated.ts';
import { tenantEntity } from './tenant.entity.ts';
import { uniqueGuardEntity } from './unique-guard.entity.ts';
import { userEntity } from './user.entity.ts';

/** All entities bound to one table and client; transactions span them. Models are checked by tests (prevalidated.ts). */
export function createDataService(client: DynamoDBDocumentClient, table: string) {
  return prevalidated(() => new Service(
    {
      tenant: tenantEntity(),
      user: userEntity(),
      uniqueGuard: uniqueGuardEntity(),
      orgUnit: orgUnitEntity(),
      outboundEmail: outboundEmailEntity(),
      importJob: importJobEntity(),
      client: clientEntity(),
      clientHistory: clientHistoryEntity(),
      catalogEntry: catalogEntryEntity(),
      catalogUsage: catalogUsageEntity(),
      contact: contactEntity(),
      searchTerm: searchTermEntity(),
    },
    { client, table },
  ));
}

export type DataService = ReturnType<typeof createDataService>;
