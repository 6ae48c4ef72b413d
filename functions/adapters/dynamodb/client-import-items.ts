import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { UsageMove } from '../../../domain/clients/catalog-usage.ts';
import type { Client } from '../../../domain/clients/client.schema.ts';
import type { ClientLookup } from '../../../domain/clients/ports.ts';
import type { HistoryEntry } from '../../../domain/clients/history.ts';
import { clientToItem, noContacts, type StoredContacts } from './client-item.ts';
import { uniqueValues } from './client.repository.ts';
import { termChanges, termRecords, termWrites, type TermRecord } from './client-search-items.ts';
import type { DataService } from './entities/index.ts';
import { keyFields, NONE } from './entities/model.ts';
import { historyItem } from './history-items.ts';

/** One item of a TransactWriteItems, as the document client takes it. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A unique value a client write claims: its guard is created in the write's transaction. */
export interface Claim {
  scope: string;
  value: string;
  field: ClientLookup;
}

/**
 * The transaction items of one client of an import, without the catalogue counters (a group of clients
 * sums those: counterItems). The client item comes first, then its new guards in `claims` order, so a
 * cancellation reason names what failed by index.
 */
export interface ClientItems {
  items: TransactItem[];
  /** Index in `items` of each claim's guard. */
  guardIndex: number[];
  /** Serialized size, for the 4 MB limit of a transaction. */
  bytes: number;
}

const withSize = (items: TransactItem[], guards: number): ClientItems => ({
  items,
  guardIndex: Array.from({ length: guards }, (_, i) => i + 1),
  bytes: JSON.stringify(items).length,
});

/** The scope indexes of a search-term item (entities/search-term.entity.ts), present when the client has the key. */
const termScopes = [
  [keyFields.gsi6, 'sellerKey', 'SELLER'],
  [keyFields.gsi4, 'collectorKey', 'COLLECTOR'],
  [keyFields.gsi5, 'agentKey', 'AGENT'],
  [keyFields.gsi7, 'branchKey', 'BRANCH'],
  [keyFields.gsi8, 'department1Key', 'DEPARTMENT'],
  [keyFields.gsi9, 'department2Key', 'DEPARTMENT'],
  [keyFields.gsi10, 'department3Key', 'DEPARTMENT'],
] as const;

/**
 * The put of a new search-term item, built directly: ElectroDB's params cost ≈ 0.3 ms a term here, a
 * third of an import's CPU per client. A property test holds it equal to the entity's own put
 * (test/integration/client-import-items.test.ts), so the entity stays the one definition of the keys.
 */
export function termPut(table: string, r: TermRecord): TransactItem {
  const sortKey = `${r.status}#${r.term}#${r.clientId}`;
  const partition = `T#${r.tenantId}#SEARCH#${r.shard}`;
  const item: Record<string, string> = {
    ...r,
    [keyFields.pk]: partition,
    [keyFields.sk]: `${r.term}#${r.clientId}`,
    [keyFields.gsi1.pk]: partition,
    [keyFields.gsi1.sk]: sortKey,
  };
  for (const [gsi, key, label] of termScopes) {
    if (r[key] === NONE) continue;
    item[gsi.pk] = `T#${r.tenantId}#SEARCH#${label}#${r[key]}#${r.shard}`;
    item[gsi.sk] = sortKey;
  }
  item.__edb_e__ = 'searchTerm';
  item.__edb_v__ = '1';
  return { Put: { Item: item, TableName: table } };
}

/** What a create writes besides the counters: as the repository's create (docs/data-model.md #18, #47). */
export function createItems(data: DataService, client: Client, history: HistoryEntry[], claims: readonly Claim[] = uniqueValues(client)): ClientItems {
  const own = data.transaction
    .write((tx) => [
      tx.client.create(clientToItem(client, noContacts)).commit(),
      ...claims.map((u) => tx.uniqueGuard.create({ tenantId: client.tenantId, scope: u.scope, value: u.value, ownerId: client.id }).commit()),
      ...history.map((e) => tx.clientHistory.create(historyItem(e)).commit()),
    ])
    .params().TransactItems as TransactItem[];
  const table = own[0]!.Put!.TableName!;
  return withSize([...own, ...termRecords(client, []).map((r) => termPut(table, r))], claims.length);
}

/**
 * A create's items split in two: what must be decided atomically (the client and its new guards, whose
 * conditions settle a clash) goes in the group's transaction; its history entry and search terms are
 * unconditional puts of deterministic keys, sent by BatchWriteItem once the transaction committed.
 */
export function splitCreate(all: ClientItems): { own: ClientItems; after: TransactItem[] } {
  const kept = 1 + all.guardIndex.length;
  const items = all.items.slice(0, kept);
  // Plain puts: the history entry's `attribute_not_exists` means nothing to BatchWriteItem, and a repair puts it again.
  const after = all.items.slice(kept).map((item): TransactItem => ({ Put: { TableName: item.Put!.TableName, Item: item.Put!.Item } }));
  return { own: { items, guardIndex: all.guardIndex, bytes: JSON.stringify(items).length }, after };
}

/** The guards an update adds (values the client did not hold) and releases. */
export function guardMoves(previous: Client, next: Client) {
  const before = new Map(uniqueValues(previous).map((u) => [u.scope, u]));
  const after = new Map(uniqueValues(next).map((u) => [u.scope, u]));
  return {
    added: [...after.values()].filter((u) => before.get(u.scope)?.value !== u.value),
    removed: [...before.values()].filter((u) => after.get(u.scope)?.value !== u.value),
  };
}

/** What an update writes besides the counters: the put on the version and contact state read, guards moved, history, terms. */
export function updateItems(data: DataService, next: Client, previous: Client, contacts: StoredContacts, history: HistoryEntry[]): ClientItems {
  const { added, removed } = guardMoves(previous, next);
  const terms = termChanges(termRecords(previous, contacts.contactEmails), termRecords(next, contacts.contactEmails));
  const items = data.transaction
    .write((tx) => [
      tx.client
        .put(clientToItem(next, contacts))
        .where(
          (attr, op) =>
            `${op.eq(attr.version, previous.version)} AND ${contacts.contactsRev === undefined ? op.notExists(attr.contactsRev) : op.eq(attr.contactsRev, contacts.contactsRev)}`,
        )
        .commit(),
      ...added.map((u) => tx.uniqueGuard.create({ tenantId: next.tenantId, scope: u.scope, value: u.value, ownerId: next.id }).commit()),
      ...removed.map((u) => tx.uniqueGuard.delete({ tenantId: next.tenantId, scope: u.scope, value: u.value }).commit()),
      ...history.map((e) => tx.clientHistory.create(historyItem(e)).commit()),
      ...termWrites(tx, terms),
    ])
    .params().TransactItems as TransactItem[];
  return withSize(items, added.length);
}

/** The summed count moves of one category or zone in a group of clients. */
export interface CounterMove {
  kind: UsageMove['kind'];
  id: string;
  clients: number;
  inactive: number;
  /** Some client of the group newly references it: the entry must still exist (a condition check). */
  check: boolean;
}

/** The key two transactions must not both touch at once (the entry and its count). */
export const counterKey = (m: Pick<UsageMove, 'kind' | 'id'>) => `${m.kind}#${m.id}`;

/** A group's count moves summed per category and zone: one item per counter per transaction (a transaction cannot touch an item twice). */
export function sumMoves(moves: Iterable<UsageMove>): Map<string, CounterMove> {
  const sums = new Map<string, CounterMove>();
  for (const m of moves) {
    const key = counterKey(m);
    const sum = sums.get(key) ?? { kind: m.kind, id: m.id, clients: 0, inactive: 0, check: false };
    sum.clients += m.clients;
    sum.inactive += m.inactive;
    sum.check ||= m.clients === 1;
    sums.set(key, sum);
  }
  return sums;
}

/** The items of summed count moves: a condition check on the entry when newly referenced, and one `ADD` on its count. */
export function counterItems(
  data: DataService,
  tenantId: string,
  sums: Iterable<CounterMove>,
): Array<{ move: CounterMove; check: boolean; item: TransactItem }> {
  const out: Array<{ move: CounterMove; check: boolean; item: TransactItem }> = [];
  for (const m of sums) {
    const key = { tenantId, kind: m.kind, id: m.id };
    if (m.check) {
      const item = data.transaction
        .write((tx) => [
          tx.catalogEntry
            .check(key)
            .where((attr, { exists }) => exists(attr.name))
            .commit(),
        ])
        .params().TransactItems![0] as TransactItem;
      out.push({ move: m, check: true, item });
    }
    if (m.clients || m.inactive) {
      const item = data.transaction
        .write((tx) => [
          tx.catalogUsage
            .update(key)
            .add({ ...(m.clients ? { clients: m.clients } : {}), ...(m.inactive ? { inactive: m.inactive } : {}) })
            .commit(),
        ])
        .params().TransactItems![0] as TransactItem;
      out.push({ move: m, check: false, item });
    }
  }
  return out;
}
