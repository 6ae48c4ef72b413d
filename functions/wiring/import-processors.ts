import type { ImportProcessor, ImportType } from '../../domain/imports/rows.ts';
import { dynamoClientBatchLookup } from '../adapters/dynamodb/client-batch-lookup.ts';
import { dynamoClientImportWriter } from '../adapters/dynamodb/client-import.writer.ts';
import { clientsImportProcessor } from '../imports/clients-processor.ts';
import { clientRepositories } from './clients.ts';
import type { TableDependencies } from './table.ts';

/** Builds an import type's processor from the runner's table dependencies. */
export type ImportProcessorFactory = (table: TableDependencies) => ImportProcessor;

/**
 * The processor of each import type the runner can run. A type without one fails its jobs with
 * `type_not_supported` (client terms, contacts, invoices and payments have templates but no processor yet).
 */
export const importProcessorFactories: Partial<Record<ImportType, ImportProcessorFactory>> = {
  clients: (table) => {
    const deps = { ...table, ...clientRepositories(table) };
    // Whole batches in grouped transactions (decision "grouped client transactions"); the per-row writer
    // (per-row-client-writer.ts) stays the reference the writer's tests compare with.
    return clientsImportProcessor({ ...deps, writer: dynamoClientImportWriter(deps), lookup: dynamoClientBatchLookup(table.data) });
  },
};
