import type { CollectionMessageStore, SuppressionList } from '../../domain/collections/ports.ts';
import type { PlannerDeps } from '../../domain/collections/plan-tenant.use-case.ts';
import { dynamoCollectionMessageStore } from '../adapters/dynamodb/collection-messages.store.ts';
import { dynamoCollectorDirectory, dynamoOpenInvoicesByDue, dynamoPlannerClients } from '../adapters/dynamodb/planner-reads.ts';
import { dynamoPlannerStateStore } from '../adapters/dynamodb/planner-state.store.ts';
import { standInCollaborators } from './collections-stand-ins.ts';
import type { TableDependencies } from './table.ts';

/**
 * The collections planner's dependencies: its own reads, marker and message store over the table, and
 * the settings/renderer/suppression collaborators (given, or the stand-ins until the merge wires the
 * real ones: MERGE).
 */
export function plannerDependencies(
  table: Pick<TableDependencies, 'data' | 'tenants' | 'clock' | 'config'>,
  collaborators: Partial<
    Pick<PlannerDeps, 'settings' | 'concepts' | 'notices' | 'render'> & { suppression: SuppressionList; messages: CollectionMessageStore }
  > = {},
): PlannerDeps {
  const { data } = table;
  return {
    ...standInCollaborators(),
    tenants: table.tenants,
    invoices: dynamoOpenInvoicesByDue(data),
    clients: dynamoPlannerClients(data),
    collectors: dynamoCollectorDirectory(data),
    messages: dynamoCollectionMessageStore(data),
    state: dynamoPlannerStateStore(data),
    clock: table.clock,
    defaultSender: table.config.defaultSender,
    ...collaborators,
  };
}
