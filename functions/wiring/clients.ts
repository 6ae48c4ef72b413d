import { Logger } from '@aws-lambda-powertools/logger';
import type { OverviewSection } from '../../domain/clients/overview.use-case.ts';
import { dynamoCatalogRepository } from '../adapters/dynamodb/catalog.repository.ts';
import { dynamoAgentCounter, dynamoClientRepository } from '../adapters/dynamodb/client.repository.ts';
import { dynamoContactRepository } from '../adapters/dynamodb/contact.repository.ts';
import { dynamoOrgUnitRepository } from '../adapters/dynamodb/org-unit.repository.ts';
import { onFirstUse } from './on-first-use.ts';
import { clientCopiesFollowUp } from '../adapters/dynamodb/receivables-rekey.ts';
import { rekeyOf } from './receivables-rekey.ts';
import type { TableDependencies } from './table.ts';

/** The client records alone, for a function that only counts or moves clients (workspace-api's user hooks). */
export const clientRecords = ({ data, document }: Pick<TableDependencies, 'data' | 'document'>) => onFirstUse(() => dynamoClientRepository(data, document));

const followUpLogger = new Logger({ serviceName: 'cobranza' });

/**
 * The client book: clients, their contacts and history, categories and zones, agent loads. The client
 * use cases' other ports come from `tableDependencies`, which every client handler composes with this:
 * users, clock, ids, and `tenants` (read for a plain-string tax id, whose scheme is the tenant's).
 * Each is built when a request first uses it (on-first-use.ts).
 */
export const clientRepositories = ({ data, document, config }: Pick<TableDependencies, 'data' | 'document' | 'config'>) => ({
  orgUnits: onFirstUse(() => dynamoOrgUnitRepository(data)),
  clients: onFirstUse(() => dynamoClientRepository(data, document)),
  catalogs: onFirstUse(() => dynamoCatalogRepository(data)),
  contacts: onFirstUse(() => dynamoContactRepository(data)),
  counter: onFirstUse(() => dynamoAgentCounter(data, document)),
  /** Open invoices' copies of the client's category and scope, and their aggregates, follow a change of them. */
  copies: onFirstUse(() =>
    clientCopiesFollowUp(rekeyOf({ data, document, config }), (error, clientId) =>
      followUpLogger.error('client copies follow-up failed; the next receivables read finishes it', { clientId, error: error as Error }),
    ),
  ),
  /** What later modules (invoices, payments, notes, tasks) add to a client's overview: they register here. */
  overviewSections: [] as OverviewSection[],
});
