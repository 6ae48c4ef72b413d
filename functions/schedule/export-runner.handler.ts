import { dynamoCatalogRepository } from '../adapters/dynamodb/catalog.repository.ts';
import { dynamoClientBalances } from '../adapters/dynamodb/client-balances.reader.ts';
import { dynamoClientRepository } from '../adapters/dynamodb/client.repository.ts';
import { readConfig } from '../config.ts';
import { functionLimits } from '../function-limits.ts';
import { exportFiles } from '../wiring/export-files.ts';
import { exportRepositories } from '../wiring/exports.ts';
import { noteExportReads } from '../wiring/note-export.ts';
import { tableDependencies } from '../wiring/table.ts';
import { createExportRunner } from './export-runner.ts';

const table = tableDependencies(readConfig(process.env, 'export-runner'));

/**
 * EventBridge schedule → run the export jobs that are due (pending, or running past their lease).
 * Level-triggered: a missed run is caught up by the next. A claim lasts past the function's timeout, so a
 * live run is never taken over; a crashed one is, once its lease ends.
 */
export const handler = createExportRunner({
  jobs: exportRepositories(table).exportJobs,
  files: exportFiles(table.config, table.clock),
  clients: dynamoClientRepository(table.data, table.document),
  catalogs: dynamoCatalogRepository(table.data),
  users: table.users,
  tenants: table.tenants,
  balances: dynamoClientBalances(table.document, table.config.tableName),
  noteExport: noteExportReads(table),
  clock: table.clock,
  leaseMs: (functionLimits['export-runner'].timeoutSeconds + 60) * 1000,
  defaultSender: table.config.defaultSender,
});
