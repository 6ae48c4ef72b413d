import { Logger } from '@aws-lambda-powertools/logger';
import { cursorKeySecret } from '../adapters/secrets/cursor-key.ts';
import { dynamoOutboxRepository } from '../adapters/dynamodb/outbox.repository.ts';
import { dynamoSendLogRepository } from '../adapters/dynamodb/send-log.repository.ts';
import { readConfig } from '../config.ts';
import { clientRecords } from '../wiring/clients.ts';
import { tableDependencies } from '../wiring/table.ts';
import { tenantIdempotency } from './idempotency.ts';
import { httpApi } from './http-api.ts';
import { sendLogRoutes } from './routes/send-log.routes.ts';
import { sealedCursors } from './sealed-cursor.ts';
import { sendLogImpls } from './send-log-api.ts';

/** The send log of reminders and notices, and the decision on messages of unknown outcome (a function of its own: collections-api is at its bundle budget). */
const table = tableDependencies(readConfig(process.env, 'send-log-api'));
const logger = new Logger({ serviceName: 'cobranza' });
const impls = sendLogImpls({
  sendLog: dynamoSendLogRepository(table.data),
  clients: clientRecords(table),
  outbox: dynamoOutboxRepository(table.data),
  clock: table.clock,
});

export const handler = httpApi({
  name: 'send-log-api',
  routes: sendLogRoutes,
  logger,
  idempotency: tenantIdempotency({ client: table.dynamoClient, tableName: table.config.tableName, logger }),
  cursors: sealedCursors({ secret: cursorKeySecret(table.config), clock: table.clock }),
  access: table,
  impls,
});
