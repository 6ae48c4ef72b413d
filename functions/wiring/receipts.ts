import type { ReceiptPlannerDeps } from '../../domain/collections/receipts.use-case.ts';
import { renderCollectionMessage } from '../../domain/collections/render.ts';
import { dynamoCollectionMessageStore } from '../adapters/dynamodb/collection-messages.store.ts';
import { dynamoCollectorDirectory, dynamoPlannerClients } from '../adapters/dynamodb/planner-reads.ts';
import { dynamoReceiptRequests } from '../adapters/dynamodb/receipt-requests.store.ts';
import { dynamoSuppressionStore } from '../adapters/dynamodb/suppression.store.ts';
import { collectionsRepositories } from './collections.ts';
import { settleEscalations } from './escalation-settlement.ts';
import type { TableDependencies } from './table.ts';

/** The receipt planner's dependencies: the request queue, the tenant's settings, the planner's client and collector reads, suppression, the renderer. */
export const receiptPlannerDependencies = (table: Pick<TableDependencies, 'data' | 'document' | 'tenants' | 'clock' | 'config'>): ReceiptPlannerDeps => ({
  requests: dynamoReceiptRequests(table.document, table.config.tableName),
  tenants: table.tenants,
  settings: collectionsRepositories(table).settings,
  clients: dynamoPlannerClients(table.data),
  collectors: dynamoCollectorDirectory(table.data),
  suppression: dynamoSuppressionStore(table.document, table.config.tableName),
  messages: dynamoCollectionMessageStore(table.data),
  render: renderCollectionMessage,
  defaultSender: table.config.defaultSender,
  clock: table.clock,
  // Imported payments too: escalations among the invoices paid get their settlement check.
  paymentRecorded: settleEscalations(table),
});
