import { Logger } from '@aws-lambda-powertools/logger';
import type { CatalogInput, CatalogKind } from '../../domain/clients/catalog.schema.ts';
import { createCatalogEntry, deleteCatalogEntry, getCatalogEntry, listCatalog, updateCatalogEntry } from '../../domain/clients/catalog.use-cases.ts';
import type { ClientPatch, NewClient } from '../../domain/clients/client.schema.ts';
import { clientHistory, createClient, getClient, listClients, setClientStatus, updateClient } from '../../domain/clients/client.use-cases.ts';
import type { ContactPatch, NewContact } from '../../domain/clients/contact.schema.ts';
import { addContact, listContacts, messageRoutings, removeContact, updateContact } from '../../domain/clients/contact.use-cases.ts';
import type { ClientFilter } from '../../domain/clients/ports.ts';
import { quickSearch } from '../../domain/clients/search.use-case.ts';
import { listAgentLoads, reassignAgents } from '../../domain/clients/agents.use-cases.ts';
import { requestMassUpdate, type MassPatch } from '../../domain/clients/mass-update.use-case.ts';
import { clientOverview } from '../../domain/clients/overview.use-case.ts';
import { nameKeyOf } from '../../domain/shared/text.ts';
import { readConfig } from '../config.ts';
import { clientRepositories } from '../wiring/clients.ts';
import { tableDependencies } from '../wiring/table.ts';
import { cursorKeySecret } from '../adapters/secrets/cursor-key.ts';
import { tenantIdempotency } from './idempotency.ts';
import { httpApi, type RouteImpl } from './http-api.ts';
import { sealedCursors } from './sealed-cursor.ts';
import { clientRoutes } from './routes/clients.routes.ts';

const table = tableDependencies(readConfig());
const deps = { ...table, ...clientRepositories(table) };
const logger = new Logger({ serviceName: 'cobranza' });

const page = (q: Record<string, unknown>) => ({ limit: q.limit as number, cursor: q.cursor as string | undefined });
const versioned = <T extends { version: number }>(body: T) => ({ body, etag: body.version });

const renameWarning = {
  es: 'Se cambió el nombre del cliente: las facturas ya emitidas conservan el nombre anterior.',
  en: 'The client was renamed: invoices already issued keep the previous name.',
};

const catalogImpls = (kind: CatalogKind, cap: string, plural: string): Record<string, RouteImpl> => {
  const id = (p: Record<string, string>) => p[`${kind}Id`]!;
  return {
    [`list${plural}`]: async ({ actor, query }) => ({ body: await listCatalog(deps)(actor, kind, page(query)) }),
    [`create${cap}`]: async ({ actor, body }) => versioned(await createCatalogEntry(deps)(actor, kind, body as CatalogInput)),
    [`get${cap}`]: async ({ actor, params }) => versioned(await getCatalogEntry(deps)(actor, kind, id(params))),
    [`update${cap}`]: async ({ actor, params, body, ifMatch }) =>
      versioned(await updateCatalogEntry(deps)(actor, kind, id(params), body as Partial<CatalogInput>, ifMatch)),
    [`delete${cap}`]: async ({ actor, params, ifMatch }) => {
      await deleteCatalogEntry(deps)(actor, kind, id(params), ifMatch);
      return {};
    },
  };
};

export const handler = httpApi({
  name: 'clients-api',
  routes: clientRoutes,
  logger,
  idempotency: tenantIdempotency({ client: deps.dynamoClient, tableName: deps.config.tableName, logger }),
  cursors: sealedCursors({ secret: cursorKeySecret(deps.config), clock: deps.clock }),
  access: deps,
  impls: {
    listClients: async ({ actor, query }) => {
      const { limit: _l, cursor: _c, name, ...filters } = query;
      const clientQuery = { ...filters, ...(name ? { namePrefix: nameKeyOf(name as string) } : {}) } as ClientFilter;
      return { body: await listClients(deps)(actor, clientQuery, page(query)) };
    },
    searchClients: async ({ actor, query }) => ({ body: { items: await quickSearch(deps)(actor, query.q as string, query.limit as number, query.status as ClientFilter['status']) } }),
    createClient: async ({ actor, body }) => versioned(await createClient(deps)(actor, body as NewClient)),
    getClient: async ({ actor, params }) => versioned(await getClient(deps)(actor, params.clientId!)),
    updateClient: async ({ actor, params, body, ifMatch, lang }) => {
      const { client, renamed } = await updateClient(deps)(actor, params.clientId!, body as ClientPatch, ifMatch);
      const warnings = renamed ? [{ code: 'client_renamed', message: renameWarning[lang], ...renamed }] : undefined;
      return { body: { ...client, ...(warnings ? { warnings } : {}) }, etag: client.version };
    },
    deactivateClient: async ({ actor, params, ifMatch }) => versioned(await setClientStatus(deps)(actor, params.clientId!, 'inactive', ifMatch)),
    restoreClient: async ({ actor, params, ifMatch }) => versioned(await setClientStatus(deps)(actor, params.clientId!, 'active', ifMatch)),
    getClientHistory: async ({ actor, params, query }) => ({ body: await clientHistory(deps)(actor, params.clientId!, page(query)) }),
    listContacts: async ({ actor, params }) => ({ body: { items: await listContacts(deps)(actor, params.clientId!) } }),
    getMessageRouting: async ({ actor, params }) => ({ body: { items: await messageRoutings(deps)(actor, params.clientId!) } }),
    addContact: async ({ actor, params, body }) => versioned(await addContact(deps)(actor, params.clientId!, body as NewContact)),
    updateContact: async ({ actor, params, body, ifMatch }) =>
      versioned(await updateContact(deps)(actor, params.clientId!, params.contactId!, body as ContactPatch, ifMatch)),
    removeContact: async ({ actor, params, ifMatch }) => {
      await removeContact(deps)(actor, params.clientId!, params.contactId!, ifMatch);
      return {};
    },
    massUpdateClients: async ({ actor, body }) => {
      const { clientIds, filter, patch } = body as { clientIds?: string[]; filter?: Record<string, unknown>; patch: MassPatch };
      const target = clientIds
        ? { clientIds }
        : { filter: { ...filter, ...(filter?.name ? { namePrefix: nameKeyOf(filter.name as string) } : {}) } as ClientFilter };
      return { body: await requestMassUpdate(deps)(actor, target, patch) };
    },
    getClientOverview: async ({ actor, params }) => ({ body: await clientOverview(deps)(actor, params.clientId!) }),
    listAgents: async ({ actor }) => ({ body: { items: await listAgentLoads(deps)(actor) } }),
    reassignAgents: async ({ actor, body }) =>
      ({ body: { results: await reassignAgents(deps)(actor, (body as { moves: Record<string, string> }).moves) } }),
    ...catalogImpls('category', 'Category', 'Categories'),
    ...catalogImpls('zone', 'Zone', 'Zones'),
  },
});
