import { setTimeout as sleep } from 'node:timers/promises';
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { aggregateDeltas, salesDeltas, type Basis } from '../../../domain/receivables/aggregate-deltas.ts';
import type { DatedAmount } from '../../../domain/receivables/ageing.ts';
import type { MonthSales, ReceivablesAggregates, ReceivablesWrite } from '../../../domain/receivables/aggregates-port.ts';
import {
  emptyClientReceivables,
  foldClient,
  oldestMove,
  type Blocks,
  type ClientReceivables,
  type InvoiceChange,
} from '../../../domain/receivables/client-receivables.ts';
import type { DatedClients } from '../../../domain/receivables/delinquency.ts';
import type { Currency } from '../../../domain/receivables/money.ts';
import { ledgerCost, ledgerItems, LedgerMovementExists, refusedMovements } from './ledger-items.ts';
import { compactionRegistry } from './receivables-compaction.ts';
import { receivablesKeys, shardOf, SHARDS } from './receivables-keys.ts';

/** One item of a TransactWriteItems, as the document client takes it. */
export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** Category ids become attribute names (`a#<id>`): only the catalog's id alphabet, and never spliced into an expression. */
const CATEGORY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const checkCategory = (id: string) => {
  if (!CATEGORY_ID.test(id)) throw new Error(`category id not usable as an aggregate attribute: ${JSON.stringify(id)}`);
  return id;
};

/** Most transaction items one `apply` sends (DynamoDB allows 100). */
const MAX_ITEMS = 100;
/**
 * Tries of one client's write: its receivables item is optimistic (read, fold, put if unchanged), so
 * writers of the same client at the same moment take turns; 8 writers of one client all land (the test).
 */
const ATTEMPTS = 25;
/** Attributes per update: keeps an UpdateExpression well under its 4 KB limit (see docs/data-model.md). */
export const MAX_CATEGORIES_PER_UPDATE = 60;

type Counters = Map<string, number>;

/** The entry of `key`, made by `make` the first time. */
function entry<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  const found = map.get(key);
  if (found !== undefined) return found;
  const made = make();
  map.set(key, made);
  return made;
}

/** Adds `value` to attribute `name` of the aggregate item (pk, sk). */
function addTo(items: Map<string, { pk: string; sk: string; counters: Counters }>, pk: string, sk: string, name: string, value: number) {
  if (value === 0) return;
  const item = entry(items, `${pk}\n${sk}`, () => ({ pk, sk, counters: new Map() }));
  item.counters.set(name, (item.counters.get(name) ?? 0) + value);
}

/** The update adding the counters to one aggregate item; `w` counts writes so a compaction can tell it saw the latest. */
function addUpdate(table: string, pk: string, sk: string, counters: Counters): TransactItem {
  const names: Record<string, string> = { '#w': 'w' };
  const values: Record<string, number> = { ':one': 1 };
  const parts = ['#w :one'];
  let i = 0;
  for (const [name, value] of counters) {
    if (value === 0) continue;
    names[`#c${i}`] = name;
    values[`:c${i}`] = value;
    parts.push(`#c${i} :c${i}`);
    i += 1;
  }
  return {
    Update: {
      TableName: table,
      Key: { pk, sk },
      UpdateExpression: `ADD ${parts.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

const toStored = (state: ClientReceivables) => ({
  clientId: state.clientId,
  currency: state.currency,
  aggCategory: state.aggCategory,
  openByDue: state.openByDue,
  openByIssue: state.openByIssue,
  credit: state.credit,
  paidCount: state.paid.count,
  paidDays: state.paid.totalDays,
  blocks: state.blocks,
  version: state.version,
});

function fromStored(item: Record<string, unknown>): ClientReceivables {
  return {
    clientId: item.clientId as string,
    currency: item.currency as Currency,
    aggCategory: item.aggCategory as string,
    openByDue: item.openByDue as ClientReceivables['openByDue'],
    openByIssue: item.openByIssue as ClientReceivables['openByIssue'],
    credit: item.credit as number,
    paid: { count: item.paidCount as number, totalDays: item.paidDays as number },
    blocks: item.blocks as Blocks,
    years: {},
    version: item.version as number,
  };
}

/** Cancellation reasons of a failed transaction (thrown by the SDK as TransactionCanceledException). */
const reasonsOf = (error: unknown): string[] | undefined =>
  (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons?.map((r) => r.Code ?? 'None');

/**
 * DynamoDB adapter of the receivables aggregates (docs/data-model.md, "Receivables aggregates"). Shared
 * aggregates take only `ADD`: concurrent writers never read them, so they neither serialize on them nor
 * lose an update, and a date's item is spread over SHARDS partitions by invoice (the oldest-overdue one by
 * client). Each client's receivables item is read, folded and put back conditioned on its version.
 * `onRead` is told the items each read returned (benches and cost tests).
 */
export function dynamoReceivablesAggregates(
  document: DynamoDBDocumentClient,
  table: string,
  onRead?: (items: number) => void,
): ReceivablesAggregates<TransactItem> & {
  compact(tenantId: string, currency: Currency): Promise<{ deleted: number; trimmed: number }>;
} {
  const registry = compactionRegistry(document, table);
  async function queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Array<Record<string, unknown>>> {
    const out: Array<Record<string, unknown>> = [];
    let start: Record<string, unknown> | undefined;
    do {
      // Limit: DynamoDB Local walks the rest of the partition per page without it (local-stack.md).
      const page = await document.send(new QueryCommand({ TableName: table, Limit: 2000, ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
      out.push(...((page.Items ?? []) as Array<Record<string, unknown>>));
      start = page.LastEvaluatedKey;
    } while (start);
    onRead?.(out.length);
    return out;
  }

  /** The client's stored state in one currency with the years `changes` touch, read consistently. */
  async function readClient(tenantId: string, clientId: string, currency: Currency, years: Set<string>): Promise<ClientReceivables> {
    const items = await queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': receivablesKeys.client(tenantId, clientId) },
      ConsistentRead: true,
    });
    const head = items.find((i) => i.sk === receivablesKeys.currencySk(currency));
    const state = head ? fromStored(head) : emptyClientReceivables(clientId, currency);
    for (const year of years) {
      const found = items.find((i) => i.sk === receivablesKeys.yearSk(year, currency));
      if (found) state.years[year] = found.blocks as Blocks;
    }
    return state;
  }

  async function prepare(write: ReceivablesWrite): Promise<TransactItem[]> {
    const { tenantId } = write;
    const aggregates = new Map<string, { pk: string; sk: string; counters: Counters }>();
    for (const change of write.invoices) {
      const id = (change.after ?? change.before)?.id;
      if (id === undefined) continue;
      const shard = shardOf(id);
      for (const cell of aggregateDeltas(change.before, change.after)) {
        const category = checkCategory(cell.categoryId);
        const pk = receivablesKeys.aggregate(tenantId, cell.basis, cell.currency, shard);
        addTo(aggregates, pk, cell.date, `a#${category}`, cell.amount);
        addTo(aggregates, pk, cell.date, `n#${category}`, cell.count);
      }
      for (const month of salesDeltas(change.before, change.after)) {
        const pk = receivablesKeys.sales(tenantId, month.currency, shard);
        addTo(aggregates, pk, month.month, 's', month.amount);
        addTo(aggregates, pk, month.month, 'n', month.count);
      }
    }
    // Group the changes and credit by client and currency: one read, one fold and one put each.
    const byClient = new Map<string, { clientId: string; currency: Currency; changes: InvoiceChange[]; credit: number }>();
    const group = (clientId: string, currency: Currency) =>
      entry(byClient, `${clientId}\n${currency}`, () => ({ clientId, currency, changes: [] as InvoiceChange[], credit: 0 }));
    for (const change of write.invoices) {
      const owner = change.after ?? change.before;
      if (owner) group(owner.clientId, owner.currency).changes.push(change);
    }
    for (const c of write.credit ?? []) group(c.clientId, c.currency).credit += c.amount;

    const firstInCurrency = new Set<Currency>();
    const clientItems = await Promise.all(
      [...byClient.values()].map(async ({ clientId, currency, changes, credit }) => {
        const years = new Set(changes.flatMap((c) => [c.before, c.after]).flatMap((i) => (i ? [i.issueDate.slice(0, 4)] : [])));
        const before = await readClient(tenantId, clientId, currency, years);
        if (before.version === 0) firstInCurrency.add(currency);
        const after = foldClient(before, changes, credit);
        const move = oldestMove(before, after);
        if (move) {
          const pk = receivablesKeys.oldest(tenantId, currency, shardOf(clientId));
          if (move.from) addTo(aggregates, pk, move.from.date, `k#${checkCategory(move.from.categoryId)}`, -1);
          if (move.to) addTo(aggregates, pk, move.to.date, `k#${checkCategory(move.to.categoryId)}`, 1);
        }
        const pk = receivablesKeys.client(tenantId, clientId);
        const items: TransactItem[] = [
          {
            Put: {
              TableName: table,
              Item: { pk, sk: receivablesKeys.currencySk(currency), ...toStored(after) },
              ConditionExpression: before.version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
              ...(before.version === 0 ? {} : { ExpressionAttributeValues: { ':v': before.version } }),
            },
          },
        ];
        // Year items are written only with the client's item, whose condition covers them.
        for (const year of years) {
          const blocks = after.years[year];
          const Key = { pk, sk: receivablesKeys.yearSk(year, currency) };
          if (JSON.stringify(blocks ?? {}) === JSON.stringify(before.years[year] ?? {})) continue;
          items.push(blocks ? { Put: { TableName: table, Item: { ...Key, blocks } } } : { Delete: { TableName: table, Key } });
        }
        return items;
      }),
    );

    const updates: TransactItem[] = [];
    for (const { pk, sk, counters } of aggregates.values()) {
      const nonZero = [...counters].filter(([, v]) => v !== 0);
      if (nonZero.length === 0) continue;
      if (nonZero.length > MAX_CATEGORIES_PER_UPDATE * 2)
        throw new Error(`one write moves more than ${MAX_CATEGORIES_PER_UPDATE} categories on one aggregate item`);
      updates.push(addUpdate(table, pk, sk, new Map(nonZero)));
    }
    // A client's first write in a currency registers the tenant's aggregates for the scheduled compaction (once per process).
    const registrations = await Promise.all([...firstInCurrency].map((currency) => registry.itemsFor(tenantId, currency)));
    // Statement-of-account movements and their month totals (ledger-items.ts): no read, appended last.
    return [...updates, ...clientItems.flat(), ...registrations.flat(), ...ledgerItems(table, tenantId, write.ledger ?? [])];
  }

  /** Sends one group, preparing it again when a client's version moved and waiting out contention. */
  async function applyGroup(write: ReceivablesWrite): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const items = await prepare(write);
      if (items.length === 0) return;
      if (items.length > MAX_ITEMS) throw new Error(`one client's write needs ${items.length} transaction items (most ${MAX_ITEMS})`);
      try {
        await document.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (error) {
        const codes = reasonsOf(error);
        // A movement already kept is a redo, not contention: preparing again would be refused the same way.
        const kept = refusedMovements(items, codes);
        if (kept.length) throw new LedgerMovementExists(kept);
        const retryable = codes?.every((c) => c === 'None' || c === 'ConditionalCheckFailed' || c === 'TransactionConflict' || c === 'ThrottlingError');
        if (!retryable) throw error;
        // Named as DynamoDB names contention, so callers treat it as load (503, retry later), not a bug.
        if (attempt >= ATTEMPTS)
          throw Object.assign(new Error(`receivables write still contended after ${ATTEMPTS} attempts`), { name: 'TransactionConflictException' });
        await sleep(Math.random() * Math.min(250, 5 * 2 ** attempt));
      }
    }
  }

  /** Aggregate items a change can add at most: its cells and sales months (fewer when changes share an item). */
  const costOf = (change: InvoiceChange) => aggregateDeltas(change.before, change.after).length + salesDeltas(change.before, change.after).length;
  /** A client's own items: its receivables item, the two ends of an oldest-overdue move, a compaction registration and one item per issue year touched. */
  const clientCost = (changes: InvoiceChange[]) =>
    4 + new Set(changes.flatMap((c) => [c.before?.issueDate.slice(0, 4), c.after?.issueDate.slice(0, 4)]).filter(Boolean)).size;

  /**
   * Whole clients per transaction, packed while their items fit in one; a client whose changes alone
   * do not fit is split over several transactions (each still atomic for its part, one after the other).
   */
  function pack(write: ReceivablesWrite): ReceivablesWrite[] {
    const byClient = new Map<string, ReceivablesWrite>();
    const groupOf = (clientId: string) =>
      entry(byClient, clientId, (): ReceivablesWrite => ({ tenantId: write.tenantId, invoices: [], credit: [], ledger: [] }));
    for (const change of write.invoices) {
      const owner = change.after ?? change.before;
      if (owner) groupOf(owner.clientId).invoices.push(change);
    }
    for (const c of write.credit ?? []) groupOf(c.clientId).credit!.push(c);
    for (const m of write.ledger ?? []) groupOf(m.clientId).ledger!.push(m);
    const packs: ReceivablesWrite[] = [];
    let current: ReceivablesWrite = { tenantId: write.tenantId, invoices: [], credit: [], ledger: [] };
    let size = 0;
    let months = new Set<string>();
    const flush = () => {
      if (current.invoices.length || current.credit!.length || current.ledger!.length) packs.push(current);
      current = { tenantId: write.tenantId, invoices: [], credit: [], ledger: [] };
      size = 0;
      months = new Set();
    };
    for (const client of byClient.values()) {
      const own = clientCost(client.invoices);
      // A movement costs its item and, the first time in a part, its month's.
      if (size + own + client.invoices.reduce((sum, c) => sum + costOf(c), 0) + 2 * client.ledger!.length > MAX_ITEMS) flush();
      current.credit!.push(...client.credit!);
      size += own;
      for (const change of client.invoices) {
        const cost = costOf(change);
        if (size + cost > MAX_ITEMS) {
          flush();
          size = own;
        }
        current.invoices.push(change);
        size += cost;
      }
      for (const movement of client.ledger!) {
        if (size + 2 > MAX_ITEMS) {
          flush();
          size = own;
        }
        current.ledger!.push(movement);
        size += ledgerCost(movement, months);
      }
    }
    flush();
    return packs;
  }

  async function apply(write: ReceivablesWrite): Promise<void> {
    for (const p of pack(write)) await applyGroup(p);
  }

  async function readShards(pkOf: (shard: number) => string, before: string | undefined, from?: string) {
    const shards = await Promise.all(
      Array.from({ length: SHARDS }, (_, shard) =>
        queryAll({
          KeyConditionExpression: before ? 'pk = :pk AND sk < :before' : from ? 'pk = :pk AND sk >= :from' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pkOf(shard), ...(before ? { ':before': before } : {}), ...(from ? { ':from': from } : {}) },
        }),
      ),
    );
    return shards.flat();
  }

  return {
    prepare,
    apply,

    async open(tenantId: string, basis: Basis, currency: Currency, before?: string): Promise<DatedAmount[]> {
      const rows: DatedAmount[] = [];
      for (const item of await readShards((s) => receivablesKeys.aggregate(tenantId, basis, currency, s), before)) {
        for (const [name, value] of Object.entries(item)) {
          if (!name.startsWith('a#')) continue;
          const categoryId = name.slice(2);
          const count = (item[`n#${categoryId}`] as number | undefined) ?? 0;
          if (value !== 0 || count !== 0) rows.push({ date: item.sk as string, amount: value as number, count, categoryId });
        }
      }
      return rows;
    },

    async oldest(tenantId: string, currency: Currency, before?: string): Promise<DatedClients[]> {
      // Clients are spread over shards by client id: two clients on the same date and category sit in
      // different items, so the shards' counts are summed into one row per date and category.
      const rows = new Map<string, DatedClients>();
      for (const item of await readShards((s) => receivablesKeys.oldest(tenantId, currency, s), before)) {
        for (const [name, value] of Object.entries(item)) {
          if (!name.startsWith('k#') || value === 0) continue;
          const date = item.sk as string;
          const categoryId = name.slice(2);
          entry(rows, `${date}\n${categoryId}`, () => ({ date, categoryId, clients: 0 })).clients += value as number;
        }
      }
      return [...rows.values()].filter((r) => r.clients !== 0);
    },

    async client(tenantId: string, clientId: string): Promise<ClientReceivables[]> {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :cur)',
        ExpressionAttributeValues: { ':pk': receivablesKeys.client(tenantId, clientId), ':cur': 'CURRENCY#' },
      });
      return items.map(fromStored);
    },

    async clientYear(tenantId: string, clientId: string, currency: Currency, year: string): Promise<Blocks> {
      const { Item } = await document.send(
        new GetCommand({ TableName: table, Key: { pk: receivablesKeys.client(tenantId, clientId), sk: receivablesKeys.yearSk(year, currency) } }),
      );
      onRead?.(Item ? 1 : 0);
      return (Item?.blocks as Blocks | undefined) ?? {};
    },

    async sales(tenantId: string, currency: Currency, fromMonth: string): Promise<MonthSales[]> {
      const byMonth = new Map<string, MonthSales>();
      for (const item of await readShards((s) => receivablesKeys.sales(tenantId, currency, s), undefined, fromMonth)) {
        const month = item.sk as string;
        const found = entry(byMonth, month, () => ({ month, amount: 0, count: 0 }));
        found.amount += (item.s as number | undefined) ?? 0;
        found.count += (item.n as number | undefined) ?? 0;
      }
      return [...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month));
    },

    /**
     * Drops what open balances that were paid leave behind: zero attributes and all-zero date items of the
     * tenant's aggregates in `currency`. Each removal is conditioned on the write counter `w` it read, so a
     * concurrent `ADD` wins and the item is left for the next run. Run by a job (not by reads).
     */
    async compact(tenantId: string, currency: Currency) {
      let deleted = 0;
      let trimmed = 0;
      const pks = Array.from({ length: SHARDS }, (_, s) => [
        receivablesKeys.aggregate(tenantId, 'issue', currency, s),
        receivablesKeys.aggregate(tenantId, 'due', currency, s),
        receivablesKeys.oldest(tenantId, currency, s),
      ]).flat();
      for (const pk of pks) {
        for (const item of await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } })) {
          const counters = Object.entries(item).filter(([name]) => name !== 'pk' && name !== 'sk' && name !== 'w');
          const zero = counters.filter(([, v]) => v === 0).map(([name]) => name);
          if (zero.length === 0) continue;
          const Key = { pk: item.pk, sk: item.sk };
          const condition = { ConditionExpression: '#w = :w', ExpressionAttributeValues: { ':w': item.w } };
          try {
            if (zero.length === counters.length) {
              await document.send(
                new TransactWriteCommand({ TransactItems: [{ Delete: { TableName: table, Key, ...condition, ExpressionAttributeNames: { '#w': 'w' } } }] }),
              );
              deleted += 1;
            } else {
              const names = Object.fromEntries(zero.slice(0, MAX_CATEGORIES_PER_UPDATE * 2).map((name, i) => [`#z${i}`, name]));
              await document.send(
                new TransactWriteCommand({
                  TransactItems: [
                    {
                      Update: {
                        TableName: table,
                        Key,
                        UpdateExpression: `REMOVE ${Object.keys(names).join(', ')}`,
                        ...condition,
                        ExpressionAttributeNames: { ...names, '#w': 'w' },
                      },
                    },
                  ],
                }),
              );
              trimmed += 1;
            }
          } catch (error) {
            if (!reasonsOf(error)?.includes('ConditionalCheckFailed')) throw error;
          }
        }
      }
      return { deleted, trimmed };
    },
  };
}
