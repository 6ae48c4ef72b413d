import { dynamoEstimateRepository } from '../adapters/dynamodb/estimate.repository.ts';
import { dynamoInvoiceRepository } from '../adapters/dynamodb/invoice.repository.ts';
import { dynamoMoneySourceRepository } from '../adapters/dynamodb/money-source.repository.ts';
import { dynamoPreferenceStore } from '../adapters/dynamodb/preference.store.ts';
import { dynamoReceivablesAggregates } from '../adapters/dynamodb/receivables-aggregates.store.ts';
import { onFirstUse } from './on-first-use.ts';
import { rekeyOf } from './receivables-rekey.ts';
import type { TableDependencies } from './table.ts';

/**
 * The receivables records: invoices, payments, credit notes and estimates, and the aggregates their writes
 * keep in the same transaction and the delinquency reads use; the users' saved summary period. Converting an
 * estimate writes through the invoices' own create. Each repository builds its entities on first use
 * (on-first-use.ts): a request reads invoices or estimates or payments, not all of them.
 */
export const receivableRepositories = ({ data, document, config, clock }: Pick<TableDependencies, 'data' | 'document' | 'config' | 'clock'>) => {
  const aggregates = dynamoReceivablesAggregates(document, config.tableName);
  const rekey = rekeyOf({ data, document, config });
  const invoices = onFirstUse(() => dynamoInvoiceRepository(data, document, aggregates));
  return {
    aggregates,
    invoices,
    estimates: onFirstUse(() => dynamoEstimateRepository(data, invoices)),
    sources: onFirstUse(() => dynamoMoneySourceRepository(data, document, config.tableName, aggregates)),
    preferences: onFirstUse(() => dynamoPreferenceStore(data, clock)),
    pendingMoves: { settle: (tenantId: string) => rekey.settlePendingMoves(tenantId) },
  };
};
