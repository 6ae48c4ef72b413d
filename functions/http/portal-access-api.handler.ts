import { Logger } from '@aws-lambda-powertools/logger';
import { regeneratePortalPassword } from '../../domain/portal/portal-access.use-cases.ts';
import { dynamoOutboxRepository } from '../adapters/dynamodb/outbox.repository.ts';
import { readConfig } from '../config.ts';
import { clientRecords } from '../wiring/clients.ts';
import { onFirstUse } from '../wiring/on-first-use.ts';
import { portalAccessRecords } from '../wiring/portal.ts';
import { tableDependencies } from '../wiring/table.ts';
import { httpApi } from './http-api.ts';
import { tenantIdempotency } from './idempotency.ts';
import { portalAccessRoutes } from './routes/portal-access.routes.ts';

const table = tableDependencies(readConfig(process.env, 'portal-access-api'));
const deps = {
  ...table,
  clients: clientRecords(table),
  outbox: onFirstUse(() => dynamoOutboxRepository(table.data)),
  ...portalAccessRecords(table),
  fallbackSender: table.config.defaultSender,
};
const logger = new Logger({ serviceName: 'cobranza' });

/** Tenant users' side of the client portal: handing a client its password (Cognito tokens, like every tenant route). */
export const handler = httpApi({
  name: 'portal-access-api',
  routes: portalAccessRoutes,
  logger,
  idempotency: tenantIdempotency({ client: deps.dynamoClient, tableName: deps.config.tableName, logger }),
  access: deps,
  impls: {
    regeneratePortalPassword: async ({ actor, params }) => ({ body: await regeneratePortalPassword(deps)(actor, params.clientId) }),
  },
});
