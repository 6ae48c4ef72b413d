import { dynamoCollectionRecheck } from '../adapters/dynamodb/collection-recheck.ts';
import { readConfig } from '../config.ts';
import { pacedMailer } from '../wiring/mailer.ts';
import { tableDependencies } from '../wiring/table.ts';
import { workspaceRepositories } from '../wiring/workspace.ts';
import { createOutboxDispatcher } from './outbox-dispatcher.ts';

const table = tableDependencies(readConfig(process.env, 'outbox-dispatcher'));
const { mailer, rate } = pacedMailer(table.config);

/** EventBridge schedule → send what is due, within the account's send rate. Level-triggered: a missed run is caught up by the next. */
export const handler = createOutboxDispatcher({
  outbox: workspaceRepositories(table).outbox,
  mailer,
  clock: table.clock,
  rate,
  recheck: dynamoCollectionRecheck(table.document, table.config.tableName),
});
