import { Logger } from '@aws-lambda-powertools/logger';
import { verifyMailbox } from '../../domain/collections/mailbox.use-cases.ts';
import { renderCollectionMessage } from '../../domain/collections/render.ts';
import {
  createNoticeConcept,
  deleteNoticeConcept,
  getClientNoticeSettings,
  getCollectionsSettings,
  listNoticeConcepts,
  previewCollectionMessage,
  putClientNoticeSettings,
  putCollectionsSettings,
  updateNoticeConcept,
  type OpenInvoice,
} from '../../domain/collections/settings.use-cases.ts';
import { readConfig } from '../config.ts';
import { clientRecords } from '../wiring/clients.ts';
import { collectionsRepositories } from '../wiring/collections.ts';
import { onFirstUse } from '../wiring/on-first-use.ts';
import { receivableRepositories } from '../wiring/receivables.ts';
import { senderIdentities } from '../wiring/sender-identities.ts';
import { tableDependencies } from '../wiring/table.ts';
import { tenantIdempotency } from './idempotency.ts';
import { httpApi } from './http-api.ts';
import { collectionsApiRoutes } from './routes/collections-api.routes.ts';
import { collectionsPlanningImpls } from './collections-planning.impls.ts';
import { plannerDependencies } from '../wiring/collections-planner.ts';

const table = tableDependencies(readConfig(process.env, 'collections-api'));
const receivables = onFirstUse(() => receivableRepositories(table));

/** A preview reads at most this many pages of the client's open invoices (each page is bounded in reads). */
const MAX_PAGES = 5;

/** The client's open invoices, oldest due first, from the open-invoices-by-client index. */
async function openInvoices(tenantId: string, clientId: string, limit: number): Promise<OpenInvoice[]> {
  const found: OpenInvoice[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES && found.length < limit; page++) {
    // `overdue` with a today past every due date: every open invoice of the client, by due date.
    const result = await receivables.invoices.list(
      tenantId,
      { scope: { kind: 'all' }, clientId, status: 'overdue', today: '9999-12-31' },
      { limit: limit - found.length, cursor },
    );
    for (const i of result.items) {
      found.push({
        id: i.id,
        number: i.number,
        issueDate: i.issueDate,
        dueDate: i.dueDate,
        total: i.totals.total,
        balance: i.balance,
        currency: i.currency as OpenInvoice['currency'],
      });
    }
    cursor = result.cursor;
    if (!cursor) break;
  }
  return found;
}

const deps = {
  ...table,
  ...collectionsRepositories(table),
  clients: clientRecords(table),
  identities: onFirstUse(() => senderIdentities(table.config)),
  openInvoices,
  render: renderCollectionMessage,
};
// The planner's preview and send-now are built by the first request that uses them.
const planning = onFirstUse(() =>
  collectionsPlanningImpls({ ...plannerDependencies(table), invoiceRecords: receivables.invoices, clientRecords: deps.clients }),
);
const logger = new Logger({ serviceName: 'cobranza' });
const versioned = <T extends { version: number }>(body: T) => ({ body, etag: body.version });

export const handler = httpApi({
  name: 'collections-api',
  routes: collectionsApiRoutes,
  logger,
  idempotency: tenantIdempotency({ client: deps.dynamoClient, tableName: deps.config.tableName, logger }),
  access: deps,
  impls: {
    getCollectionsSettings: async ({ actor }) => versioned(await getCollectionsSettings(deps)(actor)),
    putCollectionsSettings: async ({ actor, body, ifMatch }) => versioned(await putCollectionsSettings(deps)(actor, body, ifMatch)),
    listNoticeConcepts: async ({ actor }) => ({ body: { items: await listNoticeConcepts(deps)(actor) } }),
    createNoticeConcept: async ({ actor, body }) => versioned(await createNoticeConcept(deps)(actor, body)),
    updateNoticeConcept: async ({ actor, params, body, ifMatch }) => versioned(await updateNoticeConcept(deps)(actor, params.conceptId, body, ifMatch)),
    deleteNoticeConcept: async ({ actor, params, ifMatch }) => {
      await deleteNoticeConcept(deps)(actor, params.conceptId, ifMatch);
      return {};
    },
    getClientNoticeSettings: async ({ actor, params }) => versioned(await getClientNoticeSettings(deps)(actor, params.clientId)),
    putClientNoticeSettings: async ({ actor, params, body, ifMatch }) => versioned(await putClientNoticeSettings(deps)(actor, params.clientId, body, ifMatch)),
    previewCollectionMessage: async ({ actor, body }) => ({ body: await previewCollectionMessage(deps)(actor, body) }),
    verifyMailbox: async ({ actor }) => ({ body: await verifyMailbox(deps)(actor) }),
    previewCollections: (input) => planning.previewCollections(input),
    sendReminderNow: (input) => planning.sendReminderNow(input),
  },
});
