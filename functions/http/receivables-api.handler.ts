import { Logger } from '@aws-lambda-powertools/logger';
import {
  ageingFor,
  clientBalanceFor,
  clientSummaryFor,
  dashboardFor,
  readPreferences,
  saveSummaryPeriod,
} from '../../domain/receivables/delinquency.use-cases.ts';
import {
  createInvoice,
  getInvoice,
  holdExistingInvoice,
  issueExistingInvoice,
  listInvoices,
  releaseInvoiceHold,
  voidExistingInvoice,
} from '../../domain/receivables/invoice.use-cases.ts';
import { readStatement } from '../../domain/receivables/statement.use-case.ts';
import { dynamoClientLedger } from '../adapters/dynamodb/client-ledger.store.ts';

import { createCreditNote, getCreditNote, reverseCreditNote } from '../../domain/receivables/credit-note.use-cases.ts';
import {
  applyPaymentCredit,
  clientPaymentsOverview,
  getPayment,
  listSources,
  recordClientPayment,
  reverseClientPayment,
} from '../../domain/receivables/payment.use-cases.ts';

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
import { settleEscalations } from '../wiring/escalation-settlement.ts';
import { receivableRepositories } from '../wiring/receivables.ts';
import { tableDependencies } from '../wiring/table.ts';
import { httpApi } from './http-api.ts';
import { tenantIdempotency } from './idempotency.ts';
import { receivablesRoutes } from './routes/receivables.routes.ts';
import { sealedCursors } from './sealed-cursor.ts';

const table = tableDependencies(readConfig(process.env, 'receivables-api'));
const deps = { ...table, clients: clientRecords(table), ...receivableRepositories(table) };
const ledger = dynamoClientLedger(table.document, table.config.tableName);
const logger = new Logger({ serviceName: 'cobranza' });

const versioned = <T extends { version: number }>(body: T) => ({ body, etag: body.version });
/** Escalation hook: a settlement check for the escalations among the invoices (the escalation dispatcher closes what was paid). */
const settle = settleEscalations(table);
const settling = async <T extends { allocations: Array<{ invoiceId: string }> }>(actor: { tenantId: string }, source: T) => {
  await settle(
    actor.tenantId,
    source.allocations.map((a) => a.invoiceId),
  );
  return source;
};

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
    getClientStatement: async ({ actor, params, query }) => ({ body: await readStatement({ ...deps, ledger })(actor, { ...params, ...query }) }),

    getReceivablesDashboard: async ({ actor }) => ({ body: await dashboardFor(deps)(actor) }),
    getReceivablesAgeing: async ({ actor, query: { basis, ...filter } }) => ({ body: await ageingFor(deps)(actor, basis, filter) }),
    getClientBalance: async ({ actor, params }) => ({ body: await clientBalanceFor(deps)(actor, params.clientId) }),
    getClientReceivablesSummary: async ({ actor, params, query }) => ({ body: await clientSummaryFor(deps)(actor, params.clientId, query.period) }),
    getReceivablesPreferences: async ({ actor }) => ({ body: await readPreferences(deps)(actor) }),
    saveReceivablesPreferences: async ({ actor, body }) => ({ body: await saveSummaryPeriod(deps)(actor, body.summaryPeriod) }),

    listPayments: async ({ actor, query: { limit, cursor, ...filter } }) => ({ body: await listSources(deps, 'payment')(actor, filter, { limit, cursor }) }),
    createPayment: async ({ actor, body }) => versioned(await settling(actor, await recordClientPayment(deps)(actor, body))),
    getPayment: async ({ actor, params }) => versioned(await getPayment(deps)(actor, params.paymentId)),
    applyPayment: async ({ actor, params, body }) =>
      versioned(await settling(actor, await applyPaymentCredit(deps)(actor, params.paymentId, body.allocations))),
    reversePayment: async ({ actor, params }) => versioned(await reverseClientPayment(deps)(actor, params.paymentId)),
    listCreditNotes: async ({ actor, query: { limit, cursor, ...filter } }) => ({
      body: await listSources(deps, 'credit_note')(actor, filter, { limit, cursor }),
    }),
    createCreditNote: async ({ actor, body }) => versioned(await settling(actor, await createCreditNote(deps)(actor, body))),
    getCreditNote: async ({ actor, params }) => versioned(await getCreditNote(deps)(actor, params.creditNoteId)),
    reverseCreditNote: async ({ actor, params }) => versioned(await reverseCreditNote(deps)(actor, params.creditNoteId)),
    getClientPaymentsOverview: async ({ actor, params }) => ({ body: await clientPaymentsOverview(deps)(actor, params.clientId) }),

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
