import { aggregatedInvoice } from '../../../domain/receivables/invoice-receivables.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeleteCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NO_CATEGORY } from '../../../domain/receivables/ageing.ts';
import type { ReceivablesAggregates } from '../../../domain/receivables/aggregates-port.ts';
import type { AggregatedInvoice, OpenByDate } from '../../../domain/receivables/client-receivables.ts';
import type { InvoiceClientKeys, StoredInvoice } from '../../../domain/receivables/ports.ts';
import type { DataService } from './entities/index.ts';
import { keyFields } from './entities/model.ts';
import { invoiceHeaderItem } from './invoice-items.ts';
import type { TransactItem } from './receivables-aggregates.store.ts';
import { receivablesKeys } from './receivables-keys.ts';

/**
 * Moving a client's receivables copies when its category or scope changes (docs/data-model.md, "Client
 * copies follow the client"): each open invoice's header copies (category, seller, collector, agent, branch,
 * departments) and, in the same transaction, its open balance in the tenant aggregates from the old
 * category to the new (the store's own `prepare` of that invoice going from the old copy to the new), so a
 * list and the dashboard never disagree about an invoice. The category an invoice's balance sits in is the
 * copy on its header (decision "Client copies follow the client"); the client's receivables item follows
 * (`aggCategory`, its oldest-overdue count) with the first move of each currency.
 *
 * Level-triggered: `markPending` puts a marker (`T#<t>#AR#CLIENT#<c>` / `REKEY`, in the sparse gsi2 partition
 * `T#<t>#AR#REKEY`) before the client's own write; `settleClient` moves whatever still differs from the live
 * client and removes the marker only when nothing does, so a crash anywhere leaves the marker, and the next
 * receivables read (`settlePendingMoves`) finishes the move before it reads.
 */

/** Open invoices moved per transaction: 25 × (header + 2 aggregate items) + the client's items per currency stays under 90. */
const INVOICES_PER_TRANSACTION = 25;
/** Most transaction items a move sends (DynamoDB allows 100; the brief keeps 10 spare). */
const MAX_ITEMS = 90;
/** Rounds of read → move → check before a settle gives up for now (the marker stays; the next read goes on). */
const ROUNDS = 8;
/** Clients one `settlePendingMoves` settles at most (the rest wait for the next read). */
const PENDING_PER_READ = 25;
/** Time a read gives pending moves when its caller sets no `until`: a read finishes moves, it does not wait on a backlog. */
export const PENDING_BUDGET_MS = 5_000;

const COPY_FIELDS = ['categoryId', 'sellerId', 'collectorId', 'agentId', 'branchId'] as const;

/** The copies a client gives its invoices (absent fields stay absent), as the invoice writes take them. */
function copiesOf(client: Record<string, unknown>): InvoiceClientKeys {
  const copies: InvoiceClientKeys = {};
  for (const field of COPY_FIELDS) if (typeof client[field] === 'string' && client[field]) copies[field] = client[field] as string;
  const departments = client.assignedDepartmentIds as string[] | undefined;
  if (departments?.length) copies.assignedDepartmentIds = [...departments];
  return copies;
}

const sameCopies = (header: Record<string, unknown>, copies: InvoiceClientKeys) =>
  COPY_FIELDS.every((f) => (header[f] ?? undefined) === copies[f]) &&
  JSON.stringify((header.assignedDepartmentIds as string[] | undefined) ?? []) === JSON.stringify(copies.assignedDepartmentIds ?? []);

type Header = StoredInvoice & { lineCount: number };

const isOpen = (h: Header) => (h.status === 'issued' || h.status === 'partially_paid') && h.balance > 0;

/** The header as the aggregates see it: its balance sits in the category of its copy. */
const aggregated = (h: Header, categoryId: string | undefined): AggregatedInvoice => ({ ...aggregatedInvoice(h), categoryId: categoryId ?? NO_CATEGORY });

/** The header with the client's copies and the next version (so a write that read it before is refused and reads again). */
function rewritten(h: Header, copies: InvoiceClientKeys) {
  const { categoryId: _c, sellerId: _s, collectorId: _o, agentId: _a, branchId: _b, assignedDepartmentIds: _d, ...rest } = h;
  return { ...invoiceHeaderItem({ ...rest, ...copies, version: h.version + 1, lines: [] }), lineCount: h.lineCount };
}

/** What a cancelled transaction says, when it was cancelled (conditions or contention: read again and retry). */
const cancelled = (error: unknown) => Array.isArray((error as { CancellationReasons?: unknown }).CancellationReasons);

export interface SettleOptions {
  /** Epoch ms after which no new transaction starts (the marker stays; the next read goes on). */
  until?: number | undefined;
}

export function receivablesRekey(deps: {
  data: DataService;
  document: DynamoDBDocumentClient;
  table: string;
  aggregates: Pick<ReceivablesAggregates<TransactItem>, 'prepare'>;
}) {
  const { data, document, table, aggregates } = deps;
  const markerKey = (tenantId: string, clientId: string) => ({ pk: receivablesKeys.client(tenantId, clientId), sk: receivablesKeys.rekeySk });
  const timeLeft = (opts: SettleOptions) => opts.until === undefined || Date.now() < opts.until;

  /** The client's open invoices, read consistently (the index gives the ids; each header is then read for its version). */
  async function openHeaders(tenantId: string, clientId: string): Promise<Header[]> {
    const { data: listed } = await data.entities.invoice.query.openByClient({ tenantId, clientId }).go({ pages: 'all', attributes: ['id'] });
    if (listed.length === 0) return [];
    const { data: headers } = await data.entities.invoice.get(listed.map(({ id }) => ({ tenantId, id }))).go({ consistent: true });
    // Oldest due first, so the first move carries the client's oldest invoice along with its oldest-overdue count.
    return (headers as unknown as Header[]).filter(isOpen).sort((x, y) => x.dueDate.localeCompare(y.dueDate) || x.id.localeCompare(y.id));
  }

  /**
   * True when the open invoices found add up to the client's receivables item in every currency: the index
   * is eventually consistent, so an invoice issued a moment ago may be missing from it, and a settle that
   * stopped then would leave that one behind.
   */
  async function accountsFor(tenantId: string, clientId: string, open: Header[]): Promise<boolean> {
    const { Items = [] } = await document.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :cur)',
        ExpressionAttributeValues: { ':pk': receivablesKeys.client(tenantId, clientId), ':cur': 'CURRENCY#' },
        ConsistentRead: true,
      }),
    );
    const found = new Map<string, OpenByDate>();
    for (const h of open) {
      const byDue = found.get(h.currency) ?? {};
      const [c, a] = byDue[h.dueDate] ?? [0, 0];
      byDue[h.dueDate] = [c + 1, a + h.balance];
      found.set(h.currency, byDue);
    }
    const canonical = (o: OpenByDate | undefined) => JSON.stringify(Object.entries(o ?? {}).sort(([x], [y]) => x.localeCompare(y)));
    const stored = new Map(Items.map((i) => [i.currency as string, i.openByDue as OpenByDate]));
    return [...new Set([...found.keys(), ...stored.keys()])].every((cur) => canonical(found.get(cur)) === canonical(stored.get(cur)));
  }

  /** One transaction: these headers get the copies, their balances move with the category, each conditioned on its version. */
  async function move(tenantId: string, batch: Header[], copies: InvoiceClientKeys): Promise<boolean> {
    const aggregateItems = await aggregates.prepare({
      tenantId,
      invoices: batch.map((h) => ({ before: aggregated(h, h.categoryId), after: aggregated(h, copies.categoryId) })),
    });
    const headerItems: TransactItem[] = batch.map((h) => ({
      Put: data.entities.invoice
        .put(rewritten(h, copies))
        .where((attr, op) => op.eq(attr.version, h.version))
        .params() as NonNullable<TransactItem['Put']>,
    }));
    const items = [...aggregateItems, ...headerItems];
    if (items.length > MAX_ITEMS) throw new Error(`a rekey transaction needs ${items.length} items (most ${MAX_ITEMS})`);
    try {
      await document.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      if (cancelled(error)) return false;
      throw error;
    }
  }

  /**
   * Moves the client's open invoices (copies and aggregates) to its current category and scope. True when
   * nothing differs any more (the marker is then removed); false when time ran out or the index still lags
   * (the marker stays for the next read or settle).
   */
  async function settleClient(tenantId: string, clientId: string, opts: SettleOptions = {}): Promise<boolean> {
    for (let round = 1; round <= ROUNDS; round += 1) {
      const { Item: marker } = await document.send(new GetCommand({ TableName: table, Key: markerKey(tenantId, clientId), ConsistentRead: true }));
      const { data: client } = await data.entities.client.get({ tenantId, id: clientId }).go({ consistent: true });
      const copies = client ? copiesOf(client as Record<string, unknown>) : undefined;
      const open = copies ? await openHeaders(tenantId, clientId) : [];
      const stale = copies ? open.filter((h) => !sameCopies(h as unknown as Record<string, unknown>, copies)) : [];
      if (stale.length > 0) {
        for (let i = 0; i < stale.length; i += INVOICES_PER_TRANSACTION) {
          if (!timeLeft(opts)) return false;
          // Refused: an invoice or the client's receivables changed meanwhile; read everything again.
          if (!(await move(tenantId, stale.slice(i, i + INVOICES_PER_TRANSACTION), copies!))) break;
        }
        continue;
      }
      if (copies && !(await accountsFor(tenantId, clientId, open))) {
        if (!timeLeft(opts)) return false;
        await sleep(25 * round);
        continue;
      }
      if (!marker) return true;
      try {
        await document.send(
          new DeleteCommand({
            TableName: table,
            Key: markerKey(tenantId, clientId),
            ConditionExpression: 'rev = :rev',
            ExpressionAttributeValues: { ':rev': marker.rev },
          }),
        );
        return true;
      } catch (error) {
        // Marked again meanwhile (another change of the client): go round again.
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      }
    }
    return false;
  }

  return {
    settleClient,
    /**
     * Before a client's write that changes its copies: the marker that makes the move findable until it is
     * done. A write that then fails leaves a marker with nothing to move; the next settle removes it.
     */
    async markPending(tenantId: string, clientId: string): Promise<void> {
      await document.send(
        new UpdateCommand({
          TableName: table,
          Key: markerKey(tenantId, clientId),
          UpdateExpression: 'SET #qpk = :q, #qsk = :c, clientId = :c ADD rev :one',
          ExpressionAttributeNames: { '#qpk': keyFields.gsi2.pk, '#qsk': keyFields.gsi2.sk },
          ExpressionAttributeValues: { ':q': receivablesKeys.rekeyQueue(tenantId), ':c': clientId, ':one': 1 },
        }),
      );
    },

    /**
     * Before a receivables read (dashboard, ageing, KPIs): finishes the pending moves of the tenant, so a
     * category change shows as completed even when its follow-up crashed. Costs one query of an empty index
     * partition when nothing is pending. Settles at most PENDING_PER_READ clients per call, for at most `until` (default PENDING_BUDGET_MS from now).
     */
    async settlePendingMoves(tenantId: string, opts: SettleOptions = {}): Promise<{ settled: number; pending: number }> {
      const bounded = { until: opts.until ?? Date.now() + PENDING_BUDGET_MS };
      const { Items = [] } = await document.send(
        new QueryCommand({
          TableName: table,
          IndexName: keyFields.gsi2.index,
          KeyConditionExpression: '#qpk = :q',
          ExpressionAttributeNames: { '#qpk': keyFields.gsi2.pk },
          ExpressionAttributeValues: { ':q': receivablesKeys.rekeyQueue(tenantId) },
          Limit: PENDING_PER_READ,
        }),
      );
      let settled = 0;
      for (const item of Items) if (await settleClient(tenantId, item.clientId as string, bounded)) settled += 1;
      return { settled, pending: Items.length - settled };
    },
  };
}

export type ReceivablesRekey = ReturnType<typeof receivablesRekey>;

/** Time a client write's follow-up may take before it leaves the rest to the next receivables read. */
export const FOLLOW_UP_BUDGET_MS = 1_500;

/**
 * The client use cases' `ClientCopies` over the rekey: mark before the client's write, settle after it
 * within FOLLOW_UP_BUDGET_MS. A follow-up that fails is reported to `onError` and left marked: the client
 * write already committed, so its answer must not turn into an error.
 */
export function clientCopiesFollowUp(
  rekey: Pick<ReceivablesRekey, 'markPending' | 'settleClient'>,
  onError: (error: unknown, clientId: string) => void,
  /** The follow-up's time budget; a test under load passes a longer one so its fault lands where it says. */
  budgetMs = FOLLOW_UP_BUDGET_MS,
) {
  return {
    willChange: (tenantId: string, clientId: string) => rekey.markPending(tenantId, clientId),
    async follow(tenantId: string, clientId: string) {
      try {
        await rekey.settleClient(tenantId, clientId, { until: Date.now() + budgetMs });
      } catch (error) {
        onError(error, clientId);
      }
    },
  };
}
