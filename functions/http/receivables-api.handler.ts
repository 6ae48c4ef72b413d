import { Logger } from '@aws-lambda-powertools/logger';
import {
  createInvoice,
  getInvoice,
  holdExistingInvoice,
  issueExistingInvoice,
  listInvoices,
  releaseInvoiceHold,
  voidExistingInvoice,
} from '../../domain/receivables/invoice.use-cases.ts';
import {
  convertExistingEstimate,
  createEstimate,
  estimatesTab,
  getEstimate,
  listEstimates,
  moveExistingEstimate,
  updateEstimate,
} from '../../domain/receivables/estimate.use-cases.ts';
import { cursorKeySecret } from '../adapters/secrets/cursor-key.ts';
import { readConfig } from '../config.ts';
import { clientRecords } from '../wiring/clients.ts';
import { receivableRepositories } from '../wiring/receivables.ts';
import { tableDependencies } from '../wiring/table.ts';
import { httpApi } from './http-api.ts';
import { tenantIdempotency } from './idempotency.ts';
import { receivablesRoutes } from './routes/receivables.routes.ts';
import { sealedCursors } from './sealed-cursor.ts';

const table = tableDependencies(readConfig(process.env, 'receivables-api'));
const deps = { ...table, clients: clientRecords(table), ...receivableRepositories(table) };
const logger = new Logger({ serviceName: 'cobranza' });

const versioned = <T extends { version: number }>(body: T) => ({ body, etag: body.version });

export const handler = httpApi({
  name: 'receivables-api',
  routes: receivablesRoutes,
  logger,
  idempotency: tenantIdempotency({ client: deps.dynamoClient, tableName: deps.config.tableName, logger }),
  cursors: sealedCursors({ secret: cursorKeySecret(deps.config), clock: deps.clock }),
  access: deps,
  impls: {
    listInvoices: async ({ actor, query: { limit, cursor, ...filter } }) => ({ body: await listInvoices(deps)(actor, filter, { limit, cursor }) }),
    createInvoice: async ({ actor, body }) => versioned(await createInvoice(deps)(actor, body)),
    getInvoice: async ({ actor, params }) => versioned(await getInvoice(deps)(actor, params.invoiceId)),
    issueInvoice: async ({ actor, params }) => versioned(await issueExistingInvoice(deps)(actor, params.invoiceId)),
    voidInvoice: async ({ actor, params }) => versioned(await voidExistingInvoice(deps)(actor, params.invoiceId)),
    holdInvoice: async ({ actor, params, body }) => versioned(await holdExistingInvoice(deps)(actor, params.invoiceId, body)),
    releaseInvoiceHold: async ({ actor, params }) => versioned(await releaseInvoiceHold(deps)(actor, params.invoiceId)),
    listEstimates: async ({ actor, query: { limit, cursor, ...filter } }) => ({ body: await listEstimates(deps)(actor, filter, { limit, cursor }) }),
    createEstimate: async ({ actor, body }) => versioned(await createEstimate(deps)(actor, body)),
    getEstimate: async ({ actor, params }) => versioned(await getEstimate(deps)(actor, params.estimateId)),
    updateEstimate: async ({ actor, params, body }) => versioned(await updateEstimate(deps)(actor, params.estimateId, body)),
    sendEstimate: async ({ actor, params }) => versioned(await moveExistingEstimate(deps)(actor, params.estimateId, 'send')),
    acceptEstimate: async ({ actor, params }) => versioned(await moveExistingEstimate(deps)(actor, params.estimateId, 'accept')),
    rejectEstimate: async ({ actor, params }) => versioned(await moveExistingEstimate(deps)(actor, params.estimateId, 'reject')),
    convertEstimate: async ({ actor, params, body }) => versioned(await convertExistingEstimate(deps)(actor, params.estimateId, body.issue)),
    getClientEstimatesTab: async ({ actor, params }) => ({ body: await estimatesTab(deps)(actor, params.clientId) }),
  },
});
