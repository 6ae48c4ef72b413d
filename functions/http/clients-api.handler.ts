import { Logger } from '@aws-lambda-powertools/logger';
import { createCatalogEntry, deleteCatalogEntry, getCatalogEntry, listCatalog, updateCatalogEntry } from '../../domain/clients/catalog.use-cases.ts';
import { clientHistory, createClient, getClient, listClients, setClientStatus, updateClient } from '../../domain/clients/client.use-cases.ts';
import { addContact, listContacts, messageRoutings, removeContact, updateContact } from '../../domain/clients/contact.use-cases.ts';
import { quickSearch } from '../../domain/clients/search.use-case.ts';
import { listAgentLoads, reassignAgents } from '../../domain/clients/agents.use-cases.ts';
import { requestMassPreview, requestMassUpdate } from '../../domain/clients/mass-update.use-case.ts';
import { clientOverview } from '../../domain/clients/overview.use-case.ts';
import { addNote, deleteNote, editNote, getNote, listClientNotes, notesReport } from '../../domain/notes/note.use-cases.ts';
import { notesOverviewSection } from '../../domain/notes/overview-section.ts';
import { receivablesOverviewSection } from '../../domain/receivables/overview-section.ts';
import { nameKeyOf } from '../../domain/shared/text.ts';
import { dynamoReceivablesAggregates } from '../adapters/dynamodb/receivables-aggregates.store.ts';
import { readConfig } from '../config.ts';
import { clientRepositories } from '../wiring/clients.ts';
import { noteRepositories } from '../wiring/notes.ts';
import { tableDependencies } from '../wiring/table.ts';
import { cursorKeySecret } from '../adapters/secrets/cursor-key.ts';
import { whileTimeLeft } from './deadline.ts';
import { tenantIdempotency } from './idempotency.ts';
import { httpApi } from './http-api.ts';
import { wordMassResult } from './messages/mass-failures.ts';
import { sealedCursors } from './sealed-cursor.ts';
import { clientRoutes } from './routes/clients.routes.ts';
import { noteRoutes } from './routes/notes.routes.ts';

const table = tableDependencies(readConfig(process.env, 'clients-api'));
const repositories = clientRepositories(table);
// The overview's receivables section: the client's balances from its receivables items (aggregate store).
repositories.overviewSections.push(
  receivablesOverviewSection({ aggregates: dynamoReceivablesAggregates(table.document, table.config.tableName), tenants: table.tenants, clock: table.clock }),
);
const deps = { ...table, ...repositories, ...noteRepositories(table) };
// The overview's notes section: the newest three notes the caller may see.
repositories.overviewSections.push(notesOverviewSection(deps));
const logger = new Logger({ serviceName: 'cobranza' });

const versioned = <T extends { version: number }>(body: T) => ({ body, etag: body.version });

const renameWarning = {
  es: 'Se cambió el nombre del cliente: las facturas ya emitidas conservan el nombre anterior.',
  en: 'The client was renamed: invoices already issued keep the previous name.',
};

/** A list filter as the domain takes it: the name as its folded prefix. */
const clientFilter = <F extends { name?: string | undefined }>({ name, ...filter }: F) => ({ ...filter, ...(name ? { namePrefix: nameKeyOf(name) } : {}) });

export const handler = httpApi({
  name: 'clients-api',
  routes: [...clientRoutes, ...noteRoutes],
  logger,
  idempotency: tenantIdempotency({ client: deps.dynamoClient, tableName: deps.config.tableName, logger }),
  cursors: sealedCursors({ secret: cursorKeySecret(deps.config), clock: deps.clock }),
  access: deps,
  impls: {
    listClients: async ({ actor, query: { limit, cursor, ...filter } }) => ({ body: await listClients(deps)(actor, clientFilter(filter), { limit, cursor }) }),
    searchClients: async ({ actor, query }) => ({ body: await quickSearch(deps)(actor, query.q, { limit: query.limit, cursor: query.cursor }, query.status) }),
    createClient: async ({ actor, body }) => versioned(await createClient(deps)(actor, body)),
    getClient: async ({ actor, params }) => versioned(await getClient(deps)(actor, params.clientId)),
    updateClient: async ({ actor, params, body, ifMatch, lang }) => {
      const { client, renamed } = await updateClient(deps)(actor, params.clientId, body, ifMatch);
      const warnings = renamed ? [{ code: 'client_renamed', message: renameWarning[lang], ...renamed }] : undefined;
      return { body: { ...client, ...(warnings ? { warnings } : {}) }, etag: client.version };
    },
    deactivateClient: async ({ actor, params, ifMatch }) => versioned(await setClientStatus(deps)(actor, params.clientId, 'inactive', ifMatch)),
    restoreClient: async ({ actor, params, ifMatch }) => versioned(await setClientStatus(deps)(actor, params.clientId, 'active', ifMatch)),
    getClientHistory: async ({ actor, params, query }) => ({ body: await clientHistory(deps)(actor, params.clientId, query) }),
    listContacts: async ({ actor, params }) => ({ body: { items: await listContacts(deps)(actor, params.clientId) } }),
    getMessageRouting: async ({ actor, params }) => ({ body: { items: await messageRoutings(deps)(actor, params.clientId) } }),
    addContact: async ({ actor, params, body }) => versioned(await addContact(deps)(actor, params.clientId, body)),
    updateContact: async ({ actor, params, body, ifMatch }) => versioned(await updateContact(deps)(actor, params.clientId, params.contactId, body, ifMatch)),
    removeContact: async ({ actor, params, ifMatch }) => {
      await removeContact(deps)(actor, params.clientId, params.contactId, ifMatch);
      return {};
    },
    massUpdateClients: async ({ actor, lang, timeLeftMs, body: { clientIds, filter, all, dryRun, patch } }) => {
      const target = { clientIds, filter: filter && clientFilter(filter), all };
      const result = dryRun
        ? await requestMassPreview(deps)(actor, target, patch)
        : await requestMassUpdate(deps)(actor, target, patch, whileTimeLeft(timeLeftMs));
      return { body: wordMassResult(result, lang) };
    },
    getClientOverview: async ({ actor, params }) => ({ body: await clientOverview(deps)(actor, params.clientId) }),
    listAgents: async ({ actor }) => ({ body: { items: await listAgentLoads(deps)(actor) } }),
    reassignAgents: async ({ actor, lang, timeLeftMs, body }) => {
      const results = await reassignAgents(deps)(actor, body.moves, whileTimeLeft(timeLeftMs));
      const complete = Object.values(results).every((r) => r.complete);
      return { body: { complete, results: Object.fromEntries(Object.entries(results).map(([agent, result]) => [agent, wordMassResult(result, lang)])) } };
    },
    listCategories: async ({ actor, query }) => ({ body: await listCatalog(deps)(actor, 'category', query) }),
    createCategory: async ({ actor, body }) => versioned(await createCatalogEntry(deps)(actor, 'category', body)),
    getCategory: async ({ actor, params }) => versioned(await getCatalogEntry(deps)(actor, 'category', params.categoryId)),
    updateCategory: async ({ actor, params, body, ifMatch }) => versioned(await updateCatalogEntry(deps)(actor, 'category', params.categoryId, body, ifMatch)),
    deleteCategory: async ({ actor, params, ifMatch }) => {
      await deleteCatalogEntry(deps)(actor, 'category', params.categoryId, ifMatch);
      return {};
    },
    listZones: async ({ actor, query }) => ({ body: await listCatalog(deps)(actor, 'zone', query) }),
    createZone: async ({ actor, body }) => versioned(await createCatalogEntry(deps)(actor, 'zone', body)),
    getZone: async ({ actor, params }) => versioned(await getCatalogEntry(deps)(actor, 'zone', params.zoneId)),
    updateZone: async ({ actor, params, body, ifMatch }) => versioned(await updateCatalogEntry(deps)(actor, 'zone', params.zoneId, body, ifMatch)),
    deleteZone: async ({ actor, params, ifMatch }) => {
      await deleteCatalogEntry(deps)(actor, 'zone', params.zoneId, ifMatch);
      return {};
    },
    addClientNote: async ({ actor, params, body }) => versioned(await addNote(deps)(actor, params.clientId, body)),
    listClientNotes: async ({ actor, params, query: { limit, cursor, ...dates } }) => ({
      body: await listClientNotes(deps)(actor, params.clientId, dates, { limit, cursor }),
    }),
    getNote: async ({ actor, params }) => versioned(await getNote(deps)(actor, params.noteId)),
    updateNote: async ({ actor, params, body, ifMatch }) => versioned(await editNote(deps)(actor, params.noteId, body, ifMatch)),
    deleteNote: async ({ actor, params, ifMatch }) => {
      await deleteNote(deps)(actor, params.noteId, ifMatch);
      return {};
    },
    listNotes: async ({ actor, query: { limit, cursor, ...filter } }) => ({ body: await notesReport(deps)(actor, filter, { limit, cursor }) }),
  },
});
