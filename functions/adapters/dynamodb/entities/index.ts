import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Service, type ServiceConfiguration } from 'electrodb';
import { catalogEntryEntity } from './catalog-entry.entity.ts';
import { catalogUsageEntity } from './catalog-usage.entity.ts';
import { clientEstimatesEntity } from './client-estimates.entity.ts';
import { clientNoticeSettingsEntity } from './client-notice-settings.entity.ts';
import { collectionsSettingsEntity } from './collections-settings.entity.ts';
import { clientHistoryEntity } from './client-history.entity.ts';
import { clientImageUploadEntity } from './client-image-upload.entity.ts';
import { clientEntity } from './client.entity.ts';
import { collectionsPlannerEntity } from './collections-planner.entity.ts';
import { contactEntity } from './contact.entity.ts';
import { estimateLinesEntity } from './estimate-lines.entity.ts';
import { estimateEntity } from './estimate.entity.ts';
import { exportJobEntity } from './export-job.entity.ts';
import { importFailureEntity } from './import-failure.entity.ts';
import { importJobEntity } from './import-job.entity.ts';
import { invoiceLinesEntity } from './invoice-lines.entity.ts';
import { invoiceEntity } from './invoice.entity.ts';
import { noteEntity, noteVersionEntity } from './note.entity.ts';
import { noticeConceptEntity } from './notice-concept.entity.ts';
import { creditNoteEntity, paymentEntity } from './money-source.entity.ts';
import { SERVICE } from './model.ts';
import { orgUnitEntity } from './org-unit.entity.ts';
import { outboundEmailEntity } from './outbound-email.entity.ts';
import { searchTermEntity } from './search-term.entity.ts';
import { estimateSequenceEntity, invoiceSequenceEntity } from './sequence.entity.ts';
import { prevalidated } from './prevalidated.ts';
import { tenantEntity } from './tenant.entity.ts';
import { uniqueGuardEntity } from './unique-guard.entity.ts';
import { userPreferencesEntity } from './user-preferences.entity.ts';
import { userEntity } from './user.entity.ts';

const factories = {
  tenant: tenantEntity,
  user: userEntity,
  uniqueGuard: uniqueGuardEntity,
  orgUnit: orgUnitEntity,
  outboundEmail: outboundEmailEntity,
  importJob: importJobEntity,
  importFailure: importFailureEntity,
  client: clientEntity,
  clientHistory: clientHistoryEntity,
  catalogEntry: catalogEntryEntity,
  catalogUsage: catalogUsageEntity,
  contact: contactEntity,
  searchTerm: searchTermEntity,
  invoice: invoiceEntity,
  invoiceLines: invoiceLinesEntity,
  invoiceSequence: invoiceSequenceEntity,
  userPreferences: userPreferencesEntity,

  payment: paymentEntity,
  creditNote: creditNoteEntity,
  estimate: estimateEntity,
  estimateLines: estimateLinesEntity,
  estimateSequence: estimateSequenceEntity,
  clientEstimates: clientEstimatesEntity,
  exportJob: exportJobEntity,
  note: noteEntity,
  noteVersion: noteVersionEntity,
  collectionsPlanner: collectionsPlannerEntity,
  collectionsSettings: collectionsSettingsEntity,
  noticeConcept: noticeConceptEntity,
  clientNoticeSettings: clientNoticeSettingsEntity,
  clientImageUpload: clientImageUploadEntity,
};

type Entities = { [K in keyof typeof factories]: ReturnType<(typeof factories)[K]> };

/** ElectroDB's own way to start a service empty and join entities to it later (not in its typings). */
interface JoinableService {
  join(name: string, entity: unknown): unknown;
  transaction: Service<Entities>['transaction'];
}
const emptyService = Service as unknown as new (name: string, config: ServiceConfiguration) => JoinableService;

/**
 * Every entity of the table, bound to one table and client; transactions span them. An entity is built
 * (and joined to the service) the first time it is used: building one costs ≈ 1–2 ms of CPU, and a cold
 * start needs few of them (the access check reads tenants and users, a route one or two more), so a
 * function builds only the entities its requests touch. A transaction's callback gets the same lazy
 * entities, so whatever it writes is joined before ElectroDB reads the answer. Models are checked by
 * tests, not here (prevalidated.ts).
 */
export function createDataService(client: DynamoDBDocumentClient, table: string) {
  const service = new emptyService(SERVICE, { client, table });
  const built: Partial<Entities> = {};
  const entities = {} as Entities;
  for (const name of Object.keys(factories) as Array<keyof Entities>) {
    Object.defineProperty(entities, name, {
      enumerable: true,
      get: () => {
        if (!built[name]) {
          const entity = prevalidated(() => factories[name]());
          service.join(name, entity);
          (built as Record<string, unknown>)[name] = entity;
        }
        return built[name];
      },
    });
  }
  const transaction: Pick<Service<Entities>['transaction'], 'write'> = {
    write: (fn) => {
      // ElectroDB sends a transaction through the service's first entity, which it looks for before the
      // callback runs: a transaction that is the service's first use needs one joined already.
      if (Object.keys(built).length === 0) void entities.tenant;
      return service.transaction.write(() => fn(entities as never));
    },
  };
  return { entities, transaction };
}

export type DataService = ReturnType<typeof createDataService>;
