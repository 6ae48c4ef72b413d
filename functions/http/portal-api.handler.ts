import { Logger } from '@aws-lambda-powertools/logger';
import { signInToPortal } from '../../domain/portal/portal-access.use-cases.ts';
import { portalOpenInvoices, portalPayments, portalStatement } from '../../domain/portal/portal-reads.use-cases.ts';
import { dynamoClientLedger } from '../adapters/dynamodb/client-ledger.store.ts';
import { dynamoMoneySourceRepository } from '../adapters/dynamodb/money-source.repository.ts';
import { dynamoReceivablesAggregates } from '../adapters/dynamodb/receivables-aggregates.store.ts';
import { cursorKeySecret } from '../adapters/secrets/cursor-key.ts';
import { readConfig } from '../config.ts';
import { clientRecords } from '../wiring/clients.ts';
import { onFirstUse } from '../wiring/on-first-use.ts';
import { portalAccessRecords, portalSessions } from '../wiring/portal.ts';
import { tableDependencies } from '../wiring/table.ts';
import { httpApi } from './http-api.ts';
import { portalAuthenticator } from './portal-auth.ts';
import { portalRoutes } from './routes/portal.routes.ts';
import { sealedCursors } from './sealed-cursor.ts';

const table = tableDependencies(readConfig(process.env, 'portal-api'));
const { config, document } = table;
const deps = {
  ...table,
  clients: clientRecords(table),
  ...portalAccessRecords(table),
  ...portalSessions(table),
  sources: onFirstUse(() => dynamoMoneySourceRepository(table.data, document, config.tableName, dynamoReceivablesAggregates(document, config.tableName))),
  ledger: dynamoClientLedger(document, config.tableName),
};
const logger = new Logger({ serviceName: 'cobranza' });

/**
 * The client portal: sign-in and the read-only routes of the signed-in client. No route here accepts a
 * tenant user's token, and a portal token opens nothing outside this function.
 */
export const handler = httpApi({
  name: 'portal-api',
  routes: portalRoutes,
  logger,
  cursors: sealedCursors({ secret: cursorKeySecret(config), clock: table.clock }),
  portal: portalAuthenticator(deps),
  impls: {
    signInToPortal: async ({ params, body, sourceIp }) => {
      // The per-source limit counts by the address API Gateway saw (never a header the caller writes).
      const session = await signInToPortal(deps)({ tenantId: params.tenantId, email: body.email, password: body.password, source: sourceIp || 'unknown' });
      return {
        body: { token: session.token, tokenType: 'Bearer' as const, expiresIn: session.expiresIn, expiresAt: session.expiresAt, clientId: session.clientId },
      };
    },
    listPortalInvoices: async ({ portal }) => ({ body: await portalOpenInvoices(deps)(portal!) }),
    listPortalPayments: async ({ portal, query }) => ({ body: await portalPayments(deps)(portal!, query) }),
    getPortalStatement: async ({ portal, query }) => ({ body: await portalStatement(deps)(portal!, query) }),
  },
});
