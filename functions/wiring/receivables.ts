import { dynamoInvoiceRepository } from '../adapters/dynamodb/invoice.repository.ts';
import { dynamoMoneySourceRepository } from '../adapters/dynamodb/money-source.repository.ts';
import { dynamoReceivablesAggregates } from '../adapters/dynamodb/receivables-aggregates.store.ts';
import type { TableDependencies } from './table.ts';

/** The receivables records: invoices, payments and credit notes (estimates join here), and the aggregates their writes keep. */
export const receivableRepositories = ({ data, document, config }: Pick<TableDependencies, 'data' | 'document' | 'config'>) => {
  const aggregates = dynamoReceivablesAggregates(document, config.tableName);
  return {
    invoices: dynamoInvoiceRepository(data),
    aggregates,
    sources: dynamoMoneySourceRepository(data, document, config.tableName, aggregates),
  };
};
