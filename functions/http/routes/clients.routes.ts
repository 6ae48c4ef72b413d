import * as z from 'zod';
import { AgentLoad } from '../../../domain/clients/agents.use-cases.ts';
import { CatalogEntry, CategoryPatch, NewCategory, NewZone, ZonePatch } from '../../../domain/clients/catalog.schema.ts';
import { Client, ClientPatch, ClientStatus, NewClient, PersonType } from '../../../domain/clients/client.schema.ts';
import { Contact, ContactPatch, MessageRouting, NewContact } from '../../../domain/clients/contact.schema.ts';
import { HistoryEntry } from '../../../domain/clients/history.ts';
import { MassPatch, MassPreview, MassResult, MAX_MATCHED, MAX_SELECTED } from '../../../domain/clients/mass-update.use-case.ts';
import { ClientOverview } from '../../../domain/clients/overview.use-case.ts';
import { BoundedText } from '../../../domain/shared/fields.ts';
import { anyLevel, companyLevel, Id, pageOf, paginationQuery, type RouteSpec } from '../route-spec.ts';

const tag = 'Clients';
const clientId = z.strictObject({ clientId: Id });
const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/** The catalogue entry, once per kind, so the OpenAPI document names each (same shape). */
export const Category = CatalogEntry.describe('A client category: a name, a colour and an optional icon');
export const Zone = CatalogEntry.describe('A zone clients are grouped by (collection routes)');

export const ClientView = Client.extend({
  warnings: z
    .array(z.object({ code: z.string(), message: z.string(), from: z.string().optional(), to: z.string().optional() }))
    .optional()
    .describe('Present after a rename: renaming is allowed, but billing may still show the old name'),
});

const catalogRoutes = <K extends 'category' | 'zone', Cap extends string, Plural extends string, C extends z.ZodType, P extends z.ZodType>(
  kind: K,
  path: string,
  cap: Cap,
  plural: Plural,
  create: C,
  patch: P,
  entry: typeof CatalogEntry,
) => {
  const idParam = z.strictObject({ [`${kind}Id`]: Id } as Record<`${K}Id`, typeof Id>);
  return [
    {
      operationId: `list${plural}`,
      requires: anyLevel,
      method: 'GET',
      path,
      summary: `List client ${kind === 'category' ? 'categories' : 'zones'}`,
      tag,
      query: z.strictObject(paginationQuery),
      success: { status: 200, description: 'A page', schema: pageOf(entry) },
    },
    {
      operationId: `create${cap}`,
      requires: companyLevel,
      method: 'POST',
      path,
      summary: `Create a ${kind} (level 1)`,
      tag,
      body: create,
      idempotent: true,
      success: { status: 201, description: `The new ${kind}`, schema: entry },
    },
    {
      operationId: `get${cap}`,
      requires: anyLevel,
      method: 'GET',
      path: `${path}/{${kind}Id}`,
      summary: `Get a ${kind}`,
      tag,
      params: idParam,
      success: { status: 200, description: `The ${kind}`, schema: entry },
    },
    {
      operationId: `update${cap}`,
      requires: companyLevel,
      method: 'PATCH',
      path: `${path}/{${kind}Id}`,
      summary: `Change a ${kind} (level 1)`,
      tag,
      params: idParam,
      body: patch,
      conditional: true,
      success: { status: 200, description: `The ${kind}`, schema: entry },
    },
    {
      operationId: `delete${cap}`,
      requires: companyLevel,
      method: 'DELETE',
      path: `${path}/{${kind}Id}`,
      summary: `Delete a ${kind} no client uses (level 1; otherwise 409 with how many active and inactive clients hold it)`,
      tag,
      params: idParam,
      conditional: true,
      success: { status: 204, description: 'Deleted' },
    },
  ] as const satisfies readonly RouteSpec[];
};

export const listFilters = {
  status: z
    .enum([...ClientStatus.options, 'all'])
    .default('active')
    .describe('`all`: active clients, then inactive ones'),
  name: BoundedText(100)
    .optional()
    .describe('Prefix of the sort name, accent- and case-insensitive: natural persons by surname (`munoz p`), companies by trade or legal name'),
  categoryId: Id.optional().describe('`none` for clients without a category'),
  collectorId: Id.optional().describe('`none` for clients without a collector'),
  agentId: Id.optional().describe('`none` for clients without a preferred agent'),
  sellerId: Id.optional(),
  zoneId: Id.optional(),
  personType: PersonType.optional(),
  city: BoundedText(120).optional().describe('Whole city name, accent- and case-insensitive (`nunoa` finds Ñuñoa)'),
  region: BoundedText(120).optional().describe('Whole region name, accent- and case-insensitive'),
};

export const MassUpdateBody = z
  .strictObject({
    clientIds: z.array(Id).min(1).max(MAX_SELECTED).optional(),
    filter: z.strictObject({ ...listFilters, collectionsEnabled: z.boolean().optional() }).optional(),
    all: z
      .boolean()
      .optional()
      .describe(
        'With a `filter` that names nothing but `status`: `true` confirms the update is meant for every client of your scope (otherwise 400 `all_required`)',
      ),
    dryRun: z
      .boolean()
      .default(false)
      .describe('`true`: write nothing; answer which clients the update would reach and, for each, the fields it would change (from, to)'),
    patch: MassPatch,
  })
  .refine((b) => (b.clientIds ? 1 : 0) + (b.filter ? 1 : 0) === 1, {
    message: 'give either clientIds or filter',
    path: ['clientIds'],
    params: { reason: 'target_required' },
  })
  .refine((b) => b.all === undefined || b.filter !== undefined, { message: 'all goes with filter', path: ['all'], params: { reason: 'all_without_filter' } });

export const clientRoutes = [
  {
    operationId: 'listClients',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/clients',
    summary: 'List clients by name, with combinable filters',
    tag,
    query: z.strictObject({ ...paginationQuery, ...listFilters, collectionsEnabled: booleanQuery.optional() }),
    success: { status: 200, description: 'A page of clients sorted by name; filtered pages may hold fewer than `limit`', schema: pageOf(Client) },
  },
  {
    operationId: 'searchClients',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/clients/search',
    summary:
      "Quick search: the start of any word of the name, e-mail, tax id in any written form or without its check digit, phone digits, a contact's e-mail, custom id",
    tag,
    query: z.strictObject({
      q: BoundedText(100),
      limit: paginationQuery.limit.default(10),
      cursor: paginationQuery.cursor,
      status: listFilters.status.describe('Which clients term matches come from; exact matches (e-mail, tax id, custom id) are found whatever their status'),
    }),
    success: {
      status: 200,
      description: 'Exact matches first (first page only), then clients by the matching word or number; each client once',
      schema: pageOf(
        z.object({
          client: Client,
          matchedBy: z
            .enum(['email', 'taxId', 'customId', 'name', 'phone', 'contactEmail'])
            .describe('What matched: the e-mail, tax id or custom id exactly, or the start of a name word, e-mail, tax id, phone or contact e-mail'),
        }),
      ),
    },
  },
  {
    operationId: 'createClient',
    requires: anyLevel,
    method: 'POST',
    path: '/v1/clients',
    summary: 'Create a client',
    tag,
    body: NewClient,
    idempotent: true,
    success: { status: 201, description: 'The new client', schema: Client },
  },
  {
    operationId: 'getClient',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/clients/{clientId}',
    summary: 'Get a client',
    tag,
    params: clientId,
    success: { status: 200, description: 'The client', schema: Client },
  },
  {
    operationId: 'updateClient',
    requires: anyLevel,
    method: 'PATCH',
    path: '/v1/clients/{clientId}',
    summary: 'Change a client; `null` clears a field',
    tag,
    params: clientId,
    body: ClientPatch,
    conditional: true,
    success: { status: 200, description: 'The client', schema: ClientView },
  },
  {
    operationId: 'deactivateClient',
    requires: anyLevel,
    method: 'DELETE',
    path: '/v1/clients/{clientId}',
    summary: 'Deactivate a client (nothing is deleted; restore brings it back)',
    tag,
    params: clientId,
    conditional: true,
    success: { status: 200, description: 'The inactive client', schema: Client },
  },
  {
    operationId: 'restoreClient',
    requires: anyLevel,
    method: 'POST',
    path: '/v1/clients/{clientId}/restore',
    summary: 'Restore a deactivated client',
    tag,
    params: clientId,
    conditional: true,
    success: { status: 200, description: 'The active client', schema: Client },
  },
  {
    operationId: 'getClientHistory',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/clients/{clientId}/history',
    summary: 'Every change of a client and its contacts, newest first: who, when, which operation, the version it produced and each field it changed',
    tag,
    params: clientId,
    query: z.strictObject(paginationQuery),
    success: { status: 200, description: 'A page of changes', schema: pageOf(HistoryEntry) },
  },
  {
    operationId: 'listContacts',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/clients/{clientId}/contacts',
    summary: "A client's contacts",
    tag,
    params: clientId,
    success: { status: 200, description: 'All contacts', schema: z.object({ items: z.array(Contact) }) },
  },
  {
    operationId: 'getMessageRouting',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/clients/{clientId}/recipients',
    summary: 'Who receives each kind of message (invoices, payments, reminders, notices) for the client, and why',
    tag,
    params: clientId,
    success: { status: 200, description: 'One routing per message kind', schema: z.object({ items: z.array(MessageRouting) }) },
  },
  {
    operationId: 'addContact',
    requires: anyLevel,
    method: 'POST',
    path: '/v1/clients/{clientId}/contacts',
    summary: 'Add a contact (type, and which messages it receives); its e-mail is unique within the client (409 naming the contact that holds it)',
    tag,
    params: clientId,
    body: NewContact,
    idempotent: true,
    success: { status: 201, description: 'The contact', schema: Contact },
  },
  {
    operationId: 'updateContact',
    requires: anyLevel,
    method: 'PATCH',
    path: '/v1/clients/{clientId}/contacts/{contactId}',
    summary: 'Change a contact; another contact of the client holding the new e-mail is a 409 naming it',
    tag,
    params: z.strictObject({ clientId: Id, contactId: Id }),
    body: ContactPatch,
    conditional: true,
    success: { status: 200, description: 'The contact', schema: Contact },
  },
  {
    operationId: 'removeContact',
    requires: anyLevel,
    method: 'DELETE',
    path: '/v1/clients/{clientId}/contacts/{contactId}',
    summary: 'Remove a contact',
    tag,
    params: z.strictObject({ clientId: Id, contactId: Id }),
    conditional: true,
    success: { status: 204, description: 'Removed' },
  },
  {
    operationId: 'massUpdateClients',
    requires: { level: 4, permission: 'clients.mass_update' },
    method: 'POST',
    path: '/v1/clients/mass-update',
    summary: `Apply one patch to up to ${MAX_SELECTED} selected clients or to every client of your scope matching a filter (up to ${MAX_MATCHED}; clients.mass_update); \`dryRun\` previews it`,
    tag,
    body: MassUpdateBody,
    idempotent: true,
    success: {
      status: 200,
      description:
        'Per-outcome counts and every client that was not updated, with the reason; with `dryRun`, every client it would reach and the fields it would change, nothing written',
      schema: z.union([MassResult, MassPreview]),
    },
  },
  {
    operationId: 'getClientOverview',
    requires: anyLevel,
    method: 'GET',
    path: '/v1/clients/{clientId}/overview',
    summary: 'The client with its category, zone, contacts, assigned users and module summaries',
    tag,
    params: clientId,
    success: { status: 200, description: 'The overview', schema: ClientOverview },
  },
  {
    operationId: 'listAgents',
    requires: companyLevel,
    method: 'GET',
    path: '/v1/agents',
    summary: 'Users with how many clients each has as preferred agent',
    tag,
    success: { status: 200, description: 'Agents, busiest first', schema: z.object({ items: z.array(AgentLoad) }) },
  },
  {
    operationId: 'reassignAgents',
    requires: { level: 2, permission: 'clients.reassign_agent' },
    method: 'POST',
    path: '/v1/agents/reassign',
    summary: 'Move the clients of old agents to new agents (clients.reassign_agent)',
    tag,
    body: z.strictObject({
      moves: z
        .record(Id, Id)
        .refine((m) => Object.keys(m).length > 0 && Object.keys(m).length <= 50, {
          message: 'between 1 and 50 moves',
          params: { reason: 'move_count', max: 50 },
        })
        .meta({ minProperties: 1, maxProperties: 50 }),
    }),
    idempotent: true,
    success: {
      status: 200,
      description: 'One mass-update result per old agent; `complete: false` when the request ran short of time before reaching every client',
      schema: z.object({ complete: z.boolean().describe('Every client of every old agent was reached'), results: z.record(z.string(), MassResult) }),
    },
  },
  ...catalogRoutes('category', '/v1/client-categories', 'Category', 'Categories', NewCategory, CategoryPatch, Category),
  ...catalogRoutes('zone', '/v1/zones', 'Zone', 'Zones', NewZone, ZonePatch, Zone),
] as const satisfies readonly RouteSpec[];
