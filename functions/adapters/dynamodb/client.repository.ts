import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createConversions } from 'electrodb';
import type { CatalogKind } from '../../../domain/clients/catalog.schema.ts';
import type { Client } from '../../../domain/clients/client.schema.ts';
import type { ClientLookup, ClientQuery, ClientRepository } from '../../../domain/clients/ports.ts';
import { conflict, DomainError, notFound, versionMismatch } from '../../../domain/shared/errors.ts';
import { nameKeyOf } from '../../../domain/shared/text.ts';
import { compact, isConditionalFailure } from './conditional.ts';
import { keyFields, NONE } from './entities/model.ts';
import { keyAttributes } from './table-schema.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { DataService } from './entities/index.ts';
import { fromHistoryItem, historyItem } from './history-items.ts';
import { writeWithGuards } from './unique-transaction.ts';

/** Guard scope and canonical value of each unique field; a generic tax id (MX XAXX…) is not unique. */
const uniqueValues = (c: Client): Array<{ scope: string; value: string; field: ClientLookup }> => [
  { scope: 'client-email', value: c.email.toLowerCase(), field: 'email' },
  ...(c.taxId && !c.taxId.generic ? [{ scope: 'client-taxid', value: `${c.taxId.scheme}:${c.taxId.value}`, field: 'taxId' as const }] : []),
  ...(c.customId ? [{ scope: 'client-customid', value: c.customId.toLowerCase(), field: 'customId' as const }] : []),
];
const lookupScope: Record<ClientLookup, string> = { email: 'client-email', taxId: 'client-taxid', customId: 'client-customid' };

const isKeyAttribute = (name: string) => keyAttributes().includes(name) || name.startsWith('__edb_');
const derived = ['nameKey', 'categoryKey', 'collectorKey', 'agentKey', 'sellerKey', 'branchKey', 'department1Key', 'department2Key', 'department3Key'];

/**
 * A list request reads at most this many times `limit` items per index it reads. A page of a filtered
 * list may therefore hold fewer items than asked (even none) while its cursor goes on (decision 24).
 */
export const MAX_READS_PER_PAGE = 4;

/**
 * Where a list stands, behind one opaque cursor: the status phase (active, then inactive) and the
 * last list position consumed (`g`: the list sort key, `s`: the table sort key). Every index a list
 * reads shares the list sort key, so one position serves them all (decision 34).
 */
interface ListCursor { p: number; a?: { g: string; s: string } | undefined }

export function dynamoClientRepository(data: DataService, documentClient?: DynamoDBDocumentClient): ClientRepository {
  const { client, clientHistory, uniqueGuard } = data.entities;
  const toItem = (c: Client) => {
    const departments = c.assignedDepartmentIds ?? [];
    return {
      ...c,
      nameKey: nameKeyOf(c.displayName),
      categoryKey: c.categoryId ?? NONE,
      collectorKey: c.collectorId ?? NONE,
      agentKey: c.agentId ?? NONE,
      sellerKey: c.sellerId ?? NONE,
      branchKey: c.branchId ?? NONE,
      department1Key: departments[0] ?? NONE,
      department2Key: departments[1] ?? NONE,
      department3Key: departments[2] ?? NONE,
    };
  };
  // Lists read with their keys (to know where each index stands): keys and derived fields stay here.
  const fromItem = (item: Record<string, unknown>) =>
    compact(Object.fromEntries(Object.entries(item).filter(([k]) => !derived.includes(k) && !isKeyAttribute(k)))) as unknown as Client;

  return {
    async get(tenantId, id) {
      const { data: item } = await client.get({ tenantId, id }).go();
      return item ? fromItem(item) : undefined;
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
        () => data.transaction.write((tx) => [
          tx.client.create(toItem(next)).commit(),
          ...unique.map((u) => tx.uniqueGuard.create({ tenantId: next.tenantId, scope: u.scope, value: u.value, ownerId: next.id }).commit()),
          ...usageItems(tx, next.tenantId, moves),
          ...history.map((e) => tx.clientHistory.create(historyItem(e)).commit()),
        ]).go(),
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
      const outcome = await writeWithGuards(
        data,
        () => data.transaction.write((tx) => [
          tx.client.put(toItem(next)).where(({ version }, { eq }) => eq(version, previous.version)).commit(),
          ...added.map((u) => tx.uniqueGuard.create({ tenantId: next.tenantId, scope: u.scope, value: u.value, ownerId: next.id }).commit()),
          ...removed.map((u) => tx.uniqueGuard.delete({ tenantId: next.tenantId, scope: u.scope, value: u.value }).commit()),
          ...usageItems(tx, next.tenantId, moves),
          ...history.map((e) => tx.clientHistory.create(historyItem(e)).commit()),
        ]).go(),
        added.map((u, i) => ({ index: i + 1, tenantId: next.tenantId, scope: u.scope, value: u.value, entity: 'client', field: u.field })),
      );
      if (!outcome.ok) {
        if (!outcome.rejected.includes(0)) throwIfReferenceGone(outcome.rejected, 1 + added.length + removed.length, moves);
        throw (await this.get(next.tenantId, next.id)) ? versionMismatch('client', next.id) : notFound('client', next.id);
      }
    },

    async setAssignedDepartments(current, departmentIds) {
      const next = { ...current, assignedDepartmentIds: departmentIds };
      if (!departmentIds.length) delete (next as Partial<Client>).assignedDepartmentIds;
      try {
        // Same version: the derived field is bookkeeping, not a change a concurrent editor must see.
        await client.put(toItem(next)).where(({ version }, { eq }) => eq(version, current.version)).go();
        return true;
      } catch (error) {
        if (isConditionalFailure(error)) return false;
        throw error;
      }
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
      let state: ListCursor = inner ? parseListCursor(inner) : { p: 0 };
      const streams = listStreams(client, tenantId, query);
      const filters = filterClause(query, streams.chosen);
      const items: Client[] = [];
      // Each round reads, from every index of the scope, what the page still lacks, starting after the
      // last position consumed; a bounded number of rounds keeps a sparse filter from walking the tenant.
      let reads = 0;
      while (state.p < phases.length && items.length < page.limit && reads < MAX_READS_PER_PAGE) {
        reads += 1;
        const need = page.limit - items.length;
        const status = phases[state.p]!;
        // A prefix as a key range: BETWEEN seeks where begins_with would walk the partition in DynamoDB
        // Local (same cost in AWS). U+10FFFF is the highest character, also in DynamoDB's UTF-8 order.
        const from = { status, nameKey: query.namePrefix ?? '' };
        const to = { status, nameKey: `${from.nameKey}\u{10FFFF}` };
        const results = await Promise.all(streams.list.map(async (stream) => {
          const q = stream.query().between(from as never, to as never);
          const start = state.a ? startKey(stream, tenantId, state.a) : null;
          return (filters ? q.where(filters as never) : q).go({ limit: need, cursor: start, pages: 1, data: 'includeKeys' } as never) as unknown as Promise<RawPage>;
        }));
        const merged = mergeRound(results, streams.list, need);
        items.push(...merged.items.map(fromItem));
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

/** A category or zone reference that a client write sets (+1) or clears (-1). */
interface UsageMove { kind: CatalogKind; id: string; delta: 1 | -1; field: 'categoryId' | 'zoneId' }

const referenceFields = [['categoryId', 'category'], ['zoneId', 'zone']] as const;

function usageMoves(previous: Client | undefined, next: Client): UsageMove[] {
  const moves: UsageMove[] = [];
  for (const [field, kind] of referenceFields) {
    const from = previous?.[field];
    const to = next[field];
    if (from === to) continue;
    if (to) moves.push({ kind, id: to, delta: 1, field });
    if (from) moves.push({ kind, id: from, delta: -1, field });
  }
  return moves;
}

type Tx = Parameters<Parameters<DataService['transaction']['write']>[0]>[0];

/**
 * The transaction items that keep catalogue usage counts true: a newly referenced entry must still
 * exist (a condition check) and its count goes up; a released one's count goes down. Each set
 * reference takes two items, a released one takes one, in the order of `moves`.
 */
function usageItems(tx: Tx, tenantId: string, moves: UsageMove[]) {
  return moves.flatMap((m) => {
    const key = { tenantId, kind: m.kind, id: m.id };
    const count = tx.catalogUsage.update(key).add({ clients: m.delta }).commit();
    return m.delta === 1 ? [tx.catalogEntry.check(key).where((attr, { exists }) => exists(attr.name)).commit(), count] : [count];
  });
}

/** When a condition check on a referenced entry failed, the entry was deleted meanwhile. */
function throwIfReferenceGone(rejected: number[], firstIndex: number, moves: UsageMove[]) {
  let index = firstIndex;
  for (const m of moves) {
    if (m.delta === 1 && rejected.includes(index)) {
      throw new DomainError('validation_failed', `${m.kind} ${m.id} does not exist`, {
        errors: [{ pointer: `/${m.field}`, code: 'unknown_reference', params: { entity: m.kind, id: m.id } }],
      });
    }
    index += m.delta === 1 ? 2 : 1;
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
  if (query.city) pairs.push(['city', query.city]);
  if (query.region) pairs.push(['region', query.region]);
  if (query.collectionsEnabled !== undefined) pairs.push(['collectionsEnabled', query.collectionsEnabled]);
  if (!pairs.length) return undefined;
  return (attr: Attr, ops: Ops) => pairs.map(([field, value]) => ops.eq(attr[field] as never, value)).join(' AND ');
}

type ClientEntity = DataService['entities']['client'];
type Position = NonNullable<ListCursor['a']>;
/** One index partition a list reads: every one is sorted by the same list sort key. */
interface Stream {
  query: () => ReturnType<ClientEntity['query']['byName']>;
  /** Attribute names of the index's keys and the fixed key values of the partition and table. */
  gsiPk: string; gsiSk: string; gsiPkValue: string; tablePkValue: string;
}
interface RawPage { data: Array<Record<string, unknown>>; cursor: string | null }

/** The indexes of a level-3 scope (the client's department slots) and of a level-4 scope (its roles). */
const departmentSlots = [['byDepartment1', keyFields.gsi8, 'department1Key'], ['byDepartment2', keyFields.gsi9, 'department2Key'], ['byDepartment3', keyFields.gsi10, 'department3Key']] as const;
const userRoles = [['bySeller', keyFields.gsi6, 'sellerKey'], ['byCollector', keyFields.gsi4, 'collectorKey'], ['byAgent', keyFields.gsi5, 'agentKey']] as const;

/** The index partitions a list reads: one for the whole tenant, up to three for a restricted scope. */
function listStreams(client: ClientEntity, tenantId: string, query: ClientQuery): { chosen: IndexChoice; list: Stream[] } {
  const stream = (access: keyof ClientEntity['query'], gsi: { pk: string; sk: string }, facets: Record<string, string>): Stream => {
    const keys = (createConversions(client).byAccessPattern[access as 'byName'].fromComposite.toKeys as (c: unknown) => Record<string, string>)(
      { tenantId, ...facets, status: 'active', nameKey: '', id: '-' },
    );
    return {
      query: () => (client.query[access] as (f: unknown) => ReturnType<ClientEntity['query']['byName']>)({ tenantId, ...facets }),
      gsiPk: gsi.pk, gsiSk: gsi.sk, gsiPkValue: keys[gsi.pk]!, tablePkValue: keys[keyFields.pk]!,
    };
  };
  const scope = query.scope;
  switch (scope.kind) {
    case 'branch':
      return { chosen: 'scope', list: [stream('byBranch', keyFields.gsi7, { branchKey: scope.branchId })] };
    case 'department':
      return { chosen: 'scope', list: departmentSlots.map(([access, gsi, key]) => stream(access, gsi, { [key]: scope.departmentId })) };
    case 'user':
      return { chosen: 'scope', list: userRoles.map(([access, gsi, key]) => stream(access, gsi, { [key]: scope.userId })) };
    default:
      // The narrowest indexed field chooses the index; the rest become filters on that page.
      if (query.categoryId) return { chosen: 'category', list: [stream('byCategory', keyFields.gsi3, { categoryKey: query.categoryId })] };
      if (query.collectorId) return { chosen: 'collector', list: [stream('byCollector', keyFields.gsi4, { collectorKey: query.collectorId })] };
      if (query.agentId) return { chosen: 'agent', list: [stream('byAgent', keyFields.gsi5, { agentKey: query.agentId })] };
      return { chosen: 'name', list: [stream('byName', keyFields.gsi1, {})] };
  }
}

/** ElectroDB's cursor for a stream positioned just after `a` (its cursor is the encoded start key). */
function startKey(stream: Stream, tenantId: string, a: Position): string {
  void tenantId;
  const key = { [keyFields.pk]: stream.tablePkValue, [keyFields.sk]: a.s, [stream.gsiPk]: stream.gsiPkValue, [stream.gsiSk]: a.g };
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** DynamoDB orders string keys by their UTF-8 bytes, which JavaScript's `<` does not. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * Merges one round of reads from several streams into list order. Each stream read up to its own
 * frontier (where DynamoDB stopped evaluating); only items at or before the nearest frontier are
 * certain to be in order, so the rest wait for the next round. A client held in several roles
 * appears in several streams and is taken once. Returns the items taken and the position to go on
 * from, or no position when every stream is exhausted and consumed.
 */
function mergeRound(pages: RawPage[], streams: Stream[], need: number): { items: Array<Record<string, unknown>>; next?: Position } {
  let bound: Position | undefined;
  pages.forEach((page, i) => {
    if (!page.cursor) return;
    const lek = JSON.parse(Buffer.from(page.cursor, 'base64url').toString('utf8')) as Record<string, string>;
    const frontier = { g: lek[streams[i]!.gsiSk]!, s: lek[keyFields.sk]! };
    if (!bound || byBytes(frontier.g, bound.g) < 0) bound = frontier;
  });
  const seen = new Map<string, { item: Record<string, unknown>; at: Position }>();
  pages.forEach((page, i) => {
    for (const item of page.data) {
      const at = { g: item[streams[i]!.gsiSk] as string, s: item[keyFields.sk] as string };
      if (bound && byBytes(at.g, bound.g) > 0) continue;
      seen.set(at.s, { item, at });
    }
  });
  const ordered = [...seen.values()].sort((x, y) => byBytes(x.at.g, y.at.g));
  const taken = ordered.slice(0, need);
  const items = taken.map((t) => t.item);
  if (taken.length < ordered.length) return { items, next: taken.at(-1)!.at };
  return bound ? { items, next: bound } : { items };
}

function parseListCursor(inner: string): ListCursor {
  try {
    const parsed = JSON.parse(inner) as ListCursor;
    if (Number.isInteger(parsed.p) && parsed.p >= 0 && parsed.p <= 1 && (parsed.a === undefined || (typeof parsed.a.g === 'string' && typeof parsed.a.s === 'string'))) {
      return parsed;
    }
  } catch {
    // fall through
  }
  throw new DomainError('validation_failed', 'invalid cursor', {
    errors: [{ pointer: '/query/cursor', code: 'invalid_cursor' }],
  });
}

/** Counts a query's items without returning them (Select COUNT), page by page. */
async function countQuery(documentClient: DynamoDBDocumentClient, params: Record<string, unknown>): Promise<number> {
  let total = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(new QueryCommand({ ...(params as object), Select: 'COUNT', ...(start ? { ExclusiveStartKey: start } : {}) } as never));
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
