import type { ImportProcessor, ImportType } from '../../domain/imports/rows.ts';
import { dynamoClientBatchLookup } from '../adapters/dynamodb/client-batch-lookup.ts';
import { dynamoClientBatchReader } from '../adapters/dynamodb/client-batch.reader.ts';
import { dynamoClientImportWriter } from '../adapters/dynamodb/client-import.writer.ts';
import { dynamoReceivableImportReader } from '../adapters/dynamodb/receivable-import.reader.ts';
import { clientTermsImportProcessor } from '../imports/client-terms-processor.ts';
import { clientsImportProcessor } from '../imports/clients-processor.ts';
import { contactsImportProcessor } from '../imports/contacts-processor.ts';
import { invoicesImportProcessor } from '../imports/invoices-processor.ts';
import { paymentsImportProcessor } from '../imports/payments-processor.ts';
import { clientRepositories } from './clients.ts';
import { receivableRepositories } from './receivables.ts';
import type { TableDependencies } from './table.ts';

/** Builds an import type's processor from the runner's table dependencies. */
export type ImportProcessorFactory = (table: TableDependencies) => ImportProcessor;

/**
 * The processor of each import type the runner can run. A type without one fails its jobs with
 * `type_not_supported`. Client terms and contacts name their client by the same keys as clients, read in
 * batches (client-batch.reader.ts); terms update clients through the clients' writer. Invoices and payments
 * go through the receivables use cases themselves, one transaction per row, reading a batch's clients and
 * invoice numbers in BatchGetItem rounds.
 */
export const importProcessorFactories: Partial<Record<ImportType, ImportProcessorFactory>> = {
  clients: (table) => {
    const deps = { ...table, ...clientRepositories(table) };
    // Whole batches in grouped transactions (decision "grouped client transactions"); the per-row writer
    // (per-row-client-writer.ts) stays the reference the writer's tests compare with.
    return clientsImportProcessor({ ...deps, writer: dynamoClientImportWriter(deps), lookup: dynamoClientBatchLookup(table.data) });
  },
  client_terms: (table) => {
    const deps = { ...table, ...clientRepositories(table) };
    return clientTermsImportProcessor({ ...deps, writer: dynamoClientImportWriter(deps), reader: dynamoClientBatchReader(table.data) });
  },
  contacts: (table) => contactsImportProcessor({ ...table, ...clientRepositories(table), reader: dynamoClientBatchReader(table.data) }),
  invoices: (table) =>
    invoicesImportProcessor({
      ...table,
      ...receivableRepositories(table),
      clients: clientRepositories(table).clients,
      reader: dynamoReceivableImportReader(table.data),
    }),
  payments: (table) =>
    paymentsImportProcessor({
      ...table,
      ...receivableRepositories(table),
      clients: clientRepositories(table).clients,
      reader: dynamoReceivableImportReader(table.data),
    }),
};
