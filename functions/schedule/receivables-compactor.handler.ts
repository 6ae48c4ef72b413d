import { readConfig } from '../config.ts';
import { dynamoReceivablesAggregates } from '../adapters/dynamodb/receivables-aggregates.store.ts';
import { compactionRegistry } from '../adapters/dynamodb/receivables-compaction.ts';
import { tableDependencies } from '../wiring/table.ts';
import { createReceivablesCompactor } from './receivables-compactor.ts';

const table = tableDependencies(readConfig(process.env, 'receivables-compactor'));
const aggregates = dynamoReceivablesAggregates(table.document, table.config.tableName);

/** EventBridge schedule → compact the aggregates of the tenants due. Level-triggered: a missed run is caught up by the next. */
export const handler = createReceivablesCompactor({
  registry: compactionRegistry(table.document, table.config.tableName),
  compact: aggregates.compact,
  clock: table.clock,
});
