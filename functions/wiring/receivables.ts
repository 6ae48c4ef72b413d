import { dynamoEstimateRepository } from '../adapters/dynamodb/estimate.repository.ts';
import { dynamoInvoiceRepository } from '../adapters/dynamodb/invoice.repository.ts';
import { dynamoMoneySourceRepository } from '../adapters/dynamodb/money-source.repository.ts';
import { dynamoPreferenceStore } from '../adapters/dynamodb/preference.store.ts';
import { dynamoReceivablesAggregates } from '../adapters/dynamodb/receivables-aggregates.store.ts';
import { rekeyOf } from './receivables-rekey.ts';
import type { TableDependencies } from './table.ts';

/**
 * The receivables records: invoices, payments, credit notes and estimates, and the aggregates their writes
 * keep in the same transaction and the delinquency reads use; the users' saved summary period. Converting an
 * estimate writes through the invoices' own create.
 */
export const receivableRepositories = ({ data, document, config, clock }: Pick<TableDependencies, 'data' | 'document' | 'config' | 'clock'>) => {
  const aggregates = dynamoReceivablesAggregates(document, config.tableName);
  const rekey = rekeyOf({ data, document, config });
  const invoices = dynamoInvoiceRepository(data, document, aggregates);
  return {
    aggregates,
    invoices,
    estimates: dynamoEstimateRepository(data, invoices),
    sources: dynamoMoneySourceRepository(data, document, config.tableName, aggregates),
    preferences: dynamoPreferenceStore(data, clock),
    pendingMoves: { settle: (tenantId: string) => rekey.settlePendingMoves(tenantId) },
  };
};
