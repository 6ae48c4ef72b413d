import type { PlannerFanOut } from '../../domain/collections/planner-ports.ts';
import type { CollectionMessageStore, SuppressionList } from '../../domain/collections/ports.ts';
import type { PlannerDeps } from '../../domain/collections/plan-tenant.use-case.ts';
import { renderCollectionMessage } from '../../domain/collections/render.ts';
import { dynamoCollectionMessageStore } from '../adapters/dynamodb/collection-messages.store.ts';
import { dynamoCollectorDirectory, dynamoOpenInvoicesByDue, dynamoPlannerClients } from '../adapters/dynamodb/planner-reads.ts';
import { dynamoPlannerStateStore } from '../adapters/dynamodb/planner-state.store.ts';
import { dynamoEscalatedInvoices } from '../adapters/dynamodb/escalation-keys.ts';
import { dynamoSuppressionStore } from '../adapters/dynamodb/suppression.store.ts';
import { lambdaClient } from '../adapters/aws-clients.ts';
import { lambdaPlannerFanOut } from '../adapters/lambda/planner-fan-out.ts';
import type { RuntimeConfig } from '../config.ts';
import { collectionsRepositories } from './collections.ts';
import type { TableDependencies } from './table.ts';

/**
 * The collections planner's dependencies: its own reads, marker and message store over the table, the
 * tenant's settings, notice catalogue and clients' notice settings (collections.ts), the renderer and the
 * suppression list SES events fill. Tests may give their own collaborators.
 */
export function plannerDependencies(
  table: Pick<TableDependencies, 'data' | 'document' | 'tenants' | 'clock' | 'config'>,
  collaborators: Partial<
    Pick<PlannerDeps, 'settings' | 'concepts' | 'notices' | 'render'> & { suppression: SuppressionList; messages: CollectionMessageStore }
  > = {},
): PlannerDeps {
  const { data } = table;
  const repositories = collectionsRepositories(table);
  return {
    settings: repositories.settings,
    concepts: repositories.catalogue,
    notices: repositories.clientNotices,
    suppression: dynamoSuppressionStore(table.document, table.config.tableName),
    render: renderCollectionMessage,
    tenants: table.tenants,
    invoices: dynamoOpenInvoicesByDue(data),
    clients: dynamoPlannerClients(data),
    collectors: dynamoCollectorDirectory(data),
    messages: dynamoCollectionMessageStore(data),
    escalations: dynamoEscalatedInvoices(table.document, table.config.tableName),
    state: dynamoPlannerStateStore(data),
    clock: table.clock,
    defaultSender: table.config.defaultSender,
    ...collaborators,
  };
}

/**
 * A tick's fan-out: each batch is an asynchronous invocation of this same function (its deployed name in
 * AWS; locally the catalogue name, which the local runtime's Invoke API resolves).
 */
export const plannerFanOut = (config: RuntimeConfig): PlannerFanOut => lambdaPlannerFanOut(lambdaClient(config), config.deployedName ?? 'collections-planner');
