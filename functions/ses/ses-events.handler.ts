import { dynamoContactFlags } from '../adapters/dynamodb/contact-flags.ts';
import { dynamoOutboxRepository } from '../adapters/dynamodb/outbox.repository.ts';
import { dynamoSuppressionStore } from '../adapters/dynamodb/suppression.store.ts';
import { readConfig } from '../config.ts';
import { tableDependencies } from '../wiring/table.ts';
import { createSesEventsHandler } from './ses-events.ts';

const table = tableDependencies(readConfig(process.env, 'ses-events'));
const store = dynamoSuppressionStore(table.document, table.config.tableName);
const flags = dynamoContactFlags(table.data, table.document, table.config.tableName);

/** The configuration set's events (EventBridge) → the message they are about, the suppression list and the contacts. */
export const handler = createSesEventsHandler({
  outbox: dynamoOutboxRepository(table.data),
  suppressions: { suppress: store.suppress, flagContacts: flags.flagContacts },
});
