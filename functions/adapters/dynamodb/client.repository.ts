import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CatalogKind } from '../../../domain/clients/catalog.schema.ts';
import type { Client } from '../../../domain/clients/client.schema.ts';
import type { ClientLookup, ClientQuery, ClientRepository } from '../../../domain/clients/ports.ts';
import { conflict, DomainError, notFound, versionMismatch } from '../../../domain/shared/errors.ts';
import { nameKeyOf } from '../../../domain/shared/text.ts';
import { compact } from './conditional.ts';
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

const NONE = 'none';
const derived = ['nameKey', 'categoryKey', 'collectorKey', 'agentKey'];

/**
 * A list request reads at most this many times `limit` items. A page of a filtered list may therefore
 * hold fewer items than asked (even none) while its cursor goes on (decision 24).
 */
export const MAX_READS_PER_PAGE = 4;

/** Several phases (active, then inactive) behind one opaque cursor. */
interface ListCursor { p: number; c?: string | undefined }

export function dynamoClientRepository(data: DataService): ClientRepository {
  const { client, clientHistory, uniqueGuard } = data.entities;
  const toItem = (c: Client) => ({
    ...c,
    nameKey: nameKeyOf(c.displayName),
    categoryKey: c.categoryId ?? NONE,
    collectorKey: c.collectorId ?? NONE,
    agentKey: c.agentId ?? NONE,
  });
  const fromItem = (item: Record<string, unknown>) =>
    compact(Object.fromEntries(Object.entries(item).filter(([k]) => !derived.includes(k)))) as unknown as Client;

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

    async list(tenantId, query, page) {
      const phases = query.status === 'all' ? (['active', 'inactive'] as const) : ([query.status] as const);
      const inner = decodeCursor(tenantId, page.cursor);
      let state: ListCursor = inner ? (JSON.parse(inner) as ListCursor) : { p: 0 };
      const items: Client[] = [];
      // Each read asks for what the page still lacks, so filtered-out items cost reads but never
      // overshoot the cursor; a bounded number of reads keeps a sparse filter from walking the tenant.
      let reads = 0;
      while (state.p < phases.length && items.length < page.limit && reads < MAX_READS_PER_PAGE) {
        reads += 1;
        const status = phases[state.p]!;
        // A prefix as a key range: BETWEEN seeks where begins_with would walk the partition in DynamoDB
        // Local (same cost in AWS). U+10FFFF is the highest character, also in DynamoDB's UTF-8 order.
        const from = { status, nameKey: query.namePrefix ?? '' };
        const to = { status, nameKey: `${from.nameKey}\u{10FFFF}` };
        // The narrowest indexed field chooses the index; the rest become filters on that page.
        const q =
          query.categoryId ? client.query.byCategory({ tenantId, categoryKey: query.categoryId }).between(from as never, to as never)
          : query.collectorId ? client.query.byCollector({ tenantId, collectorKey: query.collectorId }).between(from as never, to as never)
          : query.agentId ? client.query.byAgent({ tenantId, agentKey: query.agentId }).between(from as never, to as never)
          : client.query.byName({ tenantId }).between(from as never, to as never);
        const filters = filterClause(query);
        const result = await (filters ? q.where(filters as never) : q).go({ limit: page.limit - items.length, cursor: state.c ?? null, pages: 1 });
        items.push(...result.data.map(fromItem));
        state = result.cursor ? { p: state.p, c: result.cursor } : { p: state.p + 1 };
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
        errors: [{ pointer: `/${m.field}`, code: 'unknown_reference', message: `${m.kind} ${m.id} does not exist` }],
      });
    }
    index += m.delta === 1 ? 2 : 1;
  }
}

type Attr = Record<string, never>;
type Ops = { eq: (a: never, v: unknown) => string };
/** The non-indexed filters as an ElectroDB where clause (a FilterExpression on the page read). */
function filterClause(query: ClientQuery) {
  const pairs: Array<[string, unknown]> = [];
  // Category, then collector, then agent choose the index; the ones not chosen filter.
  if (query.collectorId && query.categoryId) pairs.push(['collectorKey', query.collectorId]);
  if (query.agentId && (query.categoryId || query.collectorId)) pairs.push(['agentKey', query.agentId]);
  if (query.sellerId) pairs.push(['sellerId', query.sellerId]);
  if (query.zoneId) pairs.push(['zoneId', query.zoneId]);
  if (query.personType) pairs.push(['personType', query.personType]);
  if (query.city) pairs.push(['city', query.city]);
  if (query.region) pairs.push(['region', query.region]);
  if (query.collectionsEnabled !== undefined) pairs.push(['collectionsEnabled', query.collectionsEnabled]);
  if (!pairs.length) return undefined;
  return (attr: Attr, ops: Ops) => pairs.map(([field, value]) => ops.eq(attr[field] as never, value)).join(' AND ');
}

/** Counts a preferred agent's clients on the agent index without returning them (Select COUNT). */
export function dynamoAgentCounter(data: DataService, documentClient: DynamoDBDocumentClient) {
  return {
    async countByAgent(tenantId: string, agentId: string): Promise<number> {
      const params = data.entities.client.query.byAgent({ tenantId, agentKey: agentId }).params() as Record<string, unknown>;
      let total = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const page = await documentClient.send(new QueryCommand({ ...(params as object), Select: 'COUNT', ...(start ? { ExclusiveStartKey: start } : {}) } as never));
        total += page.Count ?? 0;
        start = page.LastEvaluatedKey;
      } while (start);
      return total;
    },
  };
}
