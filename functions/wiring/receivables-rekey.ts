import { dynamoReceivablesAggregates } from '../adapters/dynamodb/receivables-aggregates.store.ts';
import { receivablesRekey } from '../adapters/dynamodb/receivables-rekey.ts';
import type { TableDependencies } from './table.ts';

/**
 * The rekey of client copies (open invoices' headers and their aggregates): clients-api follows a client's
 * change with it; the receivables reads call its `settlePendingMoves(tenantId)` before reading aggregates.
 */
export const rekeyOf = ({ data, document, config }: Pick<TableDependencies, 'data' | 'document' | 'config'>) =>
  receivablesRekey({ data, document, table: config.tableName, aggregates: dynamoReceivablesAggregates(document, config.tableName) });
