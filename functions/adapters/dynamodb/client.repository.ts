import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { usageMoves, type UsageMove } from '../../../domain/clients/catalog-usage.ts';
import { inScope, type ClientScope } from '../../../domain/clients/client-scope.ts';
import type { Client } from '../../../domain/clients/client.schema.ts';
import type { ClientLookup, ClientQuery, ClientRepository, TermHit } from '../../../domain/clients/ports.ts';
import { matchClient } from '../../../domain/clients/search-terms.ts';
import { conflict, DomainError, notFound, versionMismatch } from '../../../domain/shared/errors.ts';
import { fold } from '../../../domain/shared/text.ts';
import { clientFromItem, clientToItem, contactsOfItem, contactsReadWith, noContacts, type StoredContacts } from './client-item.ts';
import { shardOf, termChanges, termRecords, termWrites } from './client-search-items.ts';
import { isConditionalFailure } from './conditional.ts';
import { keyFields } from './entities/model.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { DataService } from './entities/index.ts';
import { fromHistoryItem, historyItem } from './history-items.ts';
import { parsePhasedCursor, readRound, streamOf, type PhasedCursor, type Stream } from './merged-index.ts';
import { scopeStreams } from './scope-streams.ts';
import { writeWithGuards } from './unique-transaction.ts';

/**
 * Guard scope and canonical value of each unique field the client has: a client without an e-mail
 * holds no e-mail guard; a generic tax id (MX XAXX…) is not unique.
 */
export const uniqueValues = (c: Client): Array<{ scope: string; value: string; field: ClientLookup }> => [
  ...(c.email ? [{ scope: 'client-email', value: c.email.toLowerCase(), field: 'email' as const }] : []),
  ...(c.taxId && !c.taxId.generic ? [{ scope: 'client-taxid', value: `${c.taxId.scheme}:${c.taxId.value}`, field: 'taxId' as const }] : []),
  ...(c.customId ? [{ scope: 'client-customid', value: c.customId.toLowerCase(), field: 'customId' as const }] : []),
];
const lookupScope: Record<ClientLookup, string> = { email: 'client-email', taxId: 'client-taxid', customId: 'client-customid' };

/**
 * A list request reads at most this many times `limit` items per index it reads. A page of a filtered
 * list may therefore hold fewer items than asked (even none) while its cursor goes on (decision 24).
 */
export const MAX_READS_PER_PAGE = 4;

/** How many times a client write is tried when a contact write changed the client's contact e-mails meanwhile. */
const CONTACT_RACE_ATTEMPTS = 8;

export function dynamoClientRepository(data: DataService, documentClient?: DynamoDBDocumentClient): ClientRepository {
  const { client, clientHistory, uniqueGuard, searchTerm } = data.entities;

  /** The contact state a write must carry over: as the client was read, or read now (consistently). */
  const storedContacts = async (c: Client, fresh = false): Promise<{ version?: number; contacts: StoredContacts } | undefined> => {
    const known = fresh ? undefined : contactsReadWith(c);
    if (known) return { contacts: known };
    const { data: item } = await client.get({ tenantId: c.tenantId, id: c.id }).go({ consistent: true });
    return item ? { version: item.version, contacts: contactsOfItem(item as Record<string, unknown>) } : undefined;
  };
  /** A client put must find the version it read and the contact state it carries over. */
  const unchangedSince =
    (version: number, contacts: StoredContacts) =>
    (attr: Record<string, never>, op: { eq: (a: never, v: unknown) => string; notExists: (a: never) => string }) =>
      `${op.eq(attr.version!, version)} AND ${contacts.contactsRev === undefined ? op.notExists(attr.contactsRev!) : op.eq(attr.contactsRev!, contacts.contactsRev)}`;

  return {
    async get(tenantId, id) {
      const { data: item } = await client.get({ tenantId, id }).go();
      return item ? clientFromItem(item) : undefined;
    },

    async findBy(tenantId, lookup, value) {
      const { data: guard } = await uniqueGuard.get({ tenantId, scope: lookupScope[lookup], value: lookup === 'taxId' ? value : value.toLowerCase() }).go();
      return guard ? this.get(tenantId, guard.ownerId) : undefined;
    },

    async create(next, history) {
      const unique = uniqueValues(next);
      const moves = usageMoves(undefined, next);
      const outcome = await writeWithGuards(
        data,
        () =>
          data.transaction
            .write((tx) => [
              tx.client.create(clientToItem(next, noContacts)).commit(),
              ...unique.map((u) => tx.uniqueGuard.create({ tenantId: next.tenantId, scope: u.scope, value: u.value, ownerId: next.id }).commit()),
              ...usageItems(tx, next.tenantId, moves),
              ...history.map((e) => tx.clientHistory.create(historyItem(e)).commit()),
              ...termWrites(tx, termChanges([], termRecords(next, []))),
            ])
            .go(),
        unique.map((u, i) => ({ index: i + 1, tenantId: next.tenantId, scope: u.scope, value: u.value, entity: 'client', field: u.field })),
      );
      if (!outcome.ok) {
        throwIfReferenceGone(outcome.rejected, 1 + unique.length, moves);
        throw conflict('client', 'id', next.id);
      }
    },

    async update(next, previous, history) {
      const before = new Map(uniqueValues(previous).map((u) => [u.scope, u]));
      const after = new Map(uniqueValues(next).map((u) => [u.scope, u]));
      const added = [...after.values()].filter((u) => before.get(u.scope)?.value !== u.value);
      const removed = [...before.values()].filter((u) => after.get(u.scope)?.value !== u.value);
      const moves = usageMoves(previous, next);
      let stored = await storedContacts(previous);
      for (let attempt = 1; stored && attempt <= CONTACT_RACE_ATTEMPTS; attempt++) {
        const { contacts } = stored;
        const terms = termChanges(termRecords(previous, contacts.contactEmails), termRecords(next, contacts.contactEmails));
        const outcome = await writeWithGuards(
          data,
          () =>
            data.transaction
              .write((tx) => [
                tx.client
                  .put(clientToItem(next, contacts))
                  .where(unchangedSince(previous.version, contacts) as never)
                  .commit(),
                ...added.map((u) => tx.uniqueGuard.create({ tenantId: next.tenantId, scope: u.scope, value: u.value, ownerId: next.id }).commit()),
                ...removed.map((u) => tx.uniqueGuard.delete({ tenantId: next.tenantId, scope: u.scope, value: u.value }).commit()),
                ...usageItems(tx, next.tenantId, moves),
                ...history.map((e) => tx.clientHistory.create(historyItem(e)).commit()),
                ...termWrites(tx, terms),
              ])
              .go(),
          added.map((u, i) => ({ index: i + 1, tenantId: next.tenantId, scope: u.scope, value: u.value, entity: 'client', field: u.field })),
        );
        if (outcome.ok) return;
        if (!outcome.rejected.includes(0)) throwIfReferenceGone(outcome.rejected, 1 + added.length + removed.length, moves);
        // Same version, other contact state: a contact write came between; carry its state over and try again.
        const used = stored.contacts.contactsRev;
        stored = await storedContacts(previous, true);
        if (!stored || stored.version !== previous.version || stored.contacts.contactsRev === used) break;
      }
      throw stored ? versionMismatch('client', next.id) : notFound('client', next.id);
    },

    async setAssignedDepartments(current, departmentIds) {
      const next = { ...current, assignedDepartmentIds: departmentIds };
      if (!departmentIds.length) delete (next as Partial<Client>).assignedDepartmentIds;
      const stored = await storedContacts(current);
      if (!stored) return false;
      const { contacts } = stored;
      // Same version: the derived field is bookkeeping, not a change a concurrent editor must see. The
      // search terms move with it: they carry the departments as index keys.
      const result = await data.transaction
        .write((tx) => [
          tx.client
            .put(clientToItem(next, contacts))
            .where(unchangedSince(current.version, contacts) as never)
            .commit(),
          ...termWrites(tx, termChanges(termRecords(current, contacts.contactEmails), termRecords(next, contacts.contactEmails))),
        ])
        .go()
        .catch((error: unknown) => {
          if (isConditionalFailure(error)) return { canceled: true };
          throw error;
        });
      return !result.canceled;
    },

    async countAssignments(tenantId, userId) {
      if (!documentClient) throw new Error('countAssignments needs the document client');
      const count = (params: unknown) => countQuery(documentClient, params as Record<string, unknown>);
      const [seller, collector, agent] = await Promise.all([
        count(client.query.bySeller({ tenantId, sellerKey: userId }).params()),
        count(client.query.byCollector({ tenantId, collectorKey: userId }).params()),
        count(client.query.byAgent({ tenantId, agentKey: userId }).params()),
      ]);
      return { seller, collector, agent };
    },

    async list(tenantId, query, page) {
      if (query.scope.kind === 'none') return { items: [] };
      const phases = query.status === 'all' ? (['active', 'inactive'] as const) : ([query.status] as const);
      const inner = decodeCursor(tenantId, page.cursor);
      let state: PhasedCursor = inner ? parsePhasedCursor(inner, phases.length) : { p: 0 };
      const streams = listStreams(client, tenantId, query);
      const filters = filterClause(query, streams.chosen);
      const items: Client[] = [];
      // Each round reads, from every index of the scope, what the page still lacks, starting after the
      // last position consumed; a bounded number of rounds keeps a sparse filter from walking the tenant.
      let reads = 0;
      while (state.p < phases.length && items.length < page.limit && reads < MAX_READS_PER_PAGE) {
        reads += 1;
        const status = phases[state.p]!;
        // A prefix as a key range: BETWEEN seeks where begins_with would walk the partition in DynamoDB
        // Local (same cost in AWS). U+10FFFF is the highest character, also in DynamoDB's UTF-8 order.
        const prefix = query.namePrefix ?? '';
        const merged = await readRound(
          streams.list,
          { from: { status, nameKey: prefix }, to: { status, nameKey: `${prefix}\u{10FFFF}` } },
          state.a,
          page.limit - items.length,
          filters,
        );
        items.push(...merged.items.map(clientFromItem));
        state = merged.next ? { p: state.p, a: merged.next } : { p: state.p + 1 };
      }
      const more = state.p < phases.length;
      return { items, cursor: more ? encodeCursor(tenantId, JSON.stringify(state)) : undefined };
    },

    async search(tenantId, query, page) {
      if (query.scope.kind === 'none') return { items: [] };
      const statuses = query.status === 'all' ? ['active', 'inactive'] : [query.status];
      // A phase per status and prefix: a client matched by two prefixes is reported under the first.
      const phases = statuses.flatMap((status) => query.text.prefixes.map((prefix, k) => ({ status, prefix, k })));
      const inner = decodeCursor(tenantId, page.cursor);
      let state: PhasedCursor = inner ? parsePhasedCursor(inner, phases.length) : { p: 0 };
      const items: TermHit[] = [];
      let reads = 0;
      while (state.p < phases.length && items.length < page.limit && reads < MAX_READS_PER_PAGE) {
        reads += 1;
        const { status, prefix, k } = phases[state.p]!;
        const streams = searchStreams(searchTerm, tenantId, query.scope, shardOf(prefix));
        const merged = await readRound(
          streams,
          { from: { status, term: prefix }, to: { status, term: `${prefix}\u{10FFFF}` } },
          state.a,
          page.limit - items.length,
        );
        const stored = await batchGetClients(
          client,
          tenantId,
          merged.items.map((t) => t.clientId as string),
        );
        for (const termItem of merged.items) {
          const item = stored.get(termItem.clientId as string);
          if (!item) continue;
          const found = clientFromItem(item);
          // The client record decides: a term item may lag behind it (an index is eventually consistent).
          if (found.status !== status || !inScope(query.scope, found)) continue;
          // Reported once: at its first matching term, under the first prefix that matches it.
          const match = matchClient(found, contactsOfItem(item).contactEmails, query.text);
          if (!match || match.prefixIndex !== k || match.term !== termItem.term) continue;
          items.push({ client: found, matchedBy: match.kind });
        }
        state = merged.next ? { p: state.p, a: merged.next } : { p: state.p + 1 };
      }
      const more = state.p < phases.length;
      return { items, cursor: more ? encodeCursor(tenantId, JSON.stringify(state)) : undefined };
    },

    async history(tenantId, clientId, page) {
      const result = await clientHistory.query
        .byClient({ tenantId, clientId })
        .go({ limit: page.limit, cursor: decodeCursor(tenantId, page.cursor) ?? null, order: 'desc', pages: 1 });
      return {
        items: result.data.map((h) => fromHistoryItem(h)),
        cursor: encodeCursor(tenantId, result.cursor),
      };
    },
  };
}

type Tx = Parameters<Parameters<DataService['transaction']['write']>[0]>[0];

/**
 * The transaction items that keep catalogue usage counts true: a newly referenced entry must still
 * exist (a condition check) and its counts go up; a released one's go down; a deactivation or restore
 * that keeps the reference moves its `inactive` count. A set reference takes two items, any other move
 * one, in the order of `moves`.
 */
function usageItems(tx: Tx, tenantId: string, moves: UsageMove[]) {
  return moves.flatMap((m) => {
    const key = { tenantId, kind: m.kind, id: m.id };
    const count = tx.catalogUsage
      .update(key)
      .add({ ...(m.clients ? { clients: m.clients } : {}), ...(m.inactive ? { inactive: m.inactive } : {}) })
      .commit();
    return m.clients === 1
      ? [
          tx.catalogEntry
            .check(key)
            .where((attr, { exists }) => exists(attr.name))
            .commit(),
          count,
        ]
      : [count];
  });
}

/** When a condition check on a referenced entry failed, the entry was deleted meanwhile. */
function throwIfReferenceGone(rejected: number[], firstIndex: number, moves: UsageMove[]) {
  let index = firstIndex;
  for (const m of moves) {
    if (m.clients === 1 && rejected.includes(index)) {
      throw new DomainError('validation_failed', `${m.kind} ${m.id} does not exist`, {
        errors: [{ pointer: `/${m.field}`, code: 'unknown_reference', params: { entity: m.kind, id: m.id } }],
      });
    }
    index += m.clients === 1 ? 2 : 1;
  }
}

type Attr = Record<string, never>;
type Ops = { eq: (a: never, v: unknown) => string };
type IndexChoice = 'category' | 'collector' | 'agent' | 'name' | 'scope';

/**
 * The filters no index serves, as an ElectroDB where clause (a FilterExpression on the page read).
 * With the whole tenant in scope, category, then collector, then agent choose the index and the ones
 * not chosen filter; a restricted scope reads its own indexes, so all three filter.
 */
function filterClause(query: ClientQuery, chosen: IndexChoice) {
  const pairs: Array<[string, unknown]> = [];
  if (query.categoryId && chosen !== 'category') pairs.push(['categoryKey', query.categoryId]);
  if (query.collectorId && chosen !== 'collector') pairs.push(['collectorKey', query.collectorId]);
  if (query.agentId && chosen !== 'agent') pairs.push(['agentKey', query.agentId]);
  if (query.sellerId) pairs.push(['sellerId', query.sellerId]);
  if (query.zoneId) pairs.push(['zoneId', query.zoneId]);
  if (query.personType) pairs.push(['personType', query.personType]);
  // City and region are compared folded (case and accents ignored).
  if (query.city) pairs.push(['cityKey', fold(query.city)]);
  if (query.region) pairs.push(['regionKey', fold(query.region)]);
  if (query.collectionsEnabled !== undefined) pairs.push(['collectionsEnabled', query.collectionsEnabled]);
  if (!pairs.length) return undefined;
  return (attr: Attr, ops: Ops) => pairs.map(([field, value]) => ops.eq(attr[field] as never, value)).join(' AND ');
}

type ClientEntity = DataService['entities']['client'];
type SearchTermEntity = DataService['entities']['searchTerm'];

/** The index partitions a list reads: one for the whole tenant, up to three for a restricted scope. */
function listStreams(client: ClientEntity, tenantId: string, query: ClientQuery): { chosen: IndexChoice; list: Stream[] } {
  const stream = (access: string, gsi: { pk: string; sk: string }, facets: Record<string, string>) =>
    streamOf(client as never, access, gsi, { tenantId, ...facets }, { status: 'active', nameKey: '', id: '-' });
  const restricted = scopeStreams(query.scope, stream);
  if (restricted) return { chosen: 'scope', list: restricted };
  // The narrowest indexed field chooses the index; the rest become filters on that page.
  if (query.categoryId) return { chosen: 'category', list: [stream('byCategory', keyFields.gsi3, { categoryKey: query.categoryId })] };
  if (query.collectorId) return { chosen: 'collector', list: [stream('byCollector', keyFields.gsi4, { collectorKey: query.collectorId })] };
  if (query.agentId) return { chosen: 'agent', list: [stream('byAgent', keyFields.gsi5, { agentKey: query.agentId })] };
  return { chosen: 'name', list: [stream('byName', keyFields.gsi1, {})] };
}

/** The search-term partitions of one shard a scope reads: the tenant's, or the scope's own (1 or 3). */
function searchStreams(searchTerm: SearchTermEntity, tenantId: string, scope: ClientScope, shard: string): Stream[] {
  const stream = (access: string, gsi: { pk: string; sk: string }, facets: Record<string, string>) =>
    streamOf(searchTerm as never, access, gsi, { tenantId, shard, ...facets }, { status: 'active', term: '-', clientId: '-' });
  return scopeStreams(scope, stream) ?? [stream('all', keyFields.gsi1, {})];
}

/** The stored items of the given clients (one BatchGetItem per 100), by id; unknown ids are absent. */
async function batchGetClients(client: ClientEntity, tenantId: string, ids: string[]): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  let keys = [...new Set(ids)].map((id) => ({ tenantId, id }));
  for (let attempt = 0; keys.length && attempt < 5; attempt++) {
    const { data: items, unprocessed } = await client.get(keys).go();
    for (const item of items) found.set(item.id, item as Record<string, unknown>);
    keys = unprocessed as typeof keys;
  }
  if (keys.length) throw new Error(`${keys.length} clients could not be read (throttled)`);
  return found;
}

/** Counts a query's items without returning them (Select COUNT), page by page. */
async function countQuery(documentClient: DynamoDBDocumentClient, params: Record<string, unknown>): Promise<number> {
  let total = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({ ...(params as object), Select: 'COUNT', ...(start ? { ExclusiveStartKey: start } : {}) } as never),
    );
    total += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return total;
}

/** Counts a preferred agent's clients on the agent index without returning them (Select COUNT). */
export function dynamoAgentCounter(data: DataService, documentClient: DynamoDBDocumentClient) {
  return {
    countByAgent: (tenantId: string, agentId: string): Promise<number> =>
      countQuery(documentClient, data.entities.client.query.byAgent({ tenantId, agentKey: agentId }).params() as Record<string, unknown>),
  };
}
