import { setTimeout as sleep } from 'node:timers/promises';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HistoryEntry } from '../../../domain/clients/history.ts';
import type { ReceivablesAggregates, ReceivablesWrite } from '../../../domain/receivables/aggregates-port.ts';
import { addDays } from '../../../domain/receivables/local-date.ts';
import type { InvoiceQuery, InvoiceRepository, InvoiceSummary, SequenceDraw, StoredInvoice } from '../../../domain/receivables/ports.ts';
import { conflict, DomainError, notFound, versionMismatch } from '../../../domain/shared/errors.ts';
import { drawSequence, lastNumber, releaseSequence, sequenceDrawItem } from './document-sequence.ts';
import type { DataService } from './entities/index.ts';
import { keyFields } from './entities/model.ts';
import { historyItem } from './history-items.ts';
import { invoiceFromItems, invoiceHeaderItem } from './invoice-items.ts';
import { scopeStreams } from './scope-streams.ts';
import { readMergedPage, streamOf } from './merged-index.ts';
import type { TransactItem } from './receivables-aggregates.store.ts';
import { receivablesRun, RECEIVABLES_ATTEMPTS, receivablesBackoff } from './receivables-transaction.ts';
import { writeWithGuards } from './unique-transaction.ts';

/** As client lists (decision 24): a page reads at most this many times what it lacks from its indexes. */
export const MAX_INVOICE_READS_PER_PAGE = 4;

const NUMBER_SCOPE = 'invoice-number';
/** Upper bound of the random pause after losing a sequence draw (a lease that lapsed). */
const SEQUENCE_BACKOFF_MS = 60;
const numberValue = (number: string) => number.toLowerCase();
const statuses = ['draft', 'issued', 'partially_paid', 'paid', 'void'] as const;
/** The highest character (also in DynamoDB's UTF-8 order): an upper bound for any id after a date. */
const MAX_ID = '\u{10FFFF}';

type Tx = Parameters<Parameters<DataService['transaction']['write']>[0]>[0];
type TxItems = ReturnType<Parameters<DataService['transaction']['write']>[0]>;

/**
 * Items another record's write adds to an invoice's creation, in the same transaction (an estimate's
 * conversion marks the estimate converted), and what their refusal means: `refused` gets the offsets
 * (within `items`) whose condition failed and throws the error to answer.
 */
export interface ExtraItems {
  items: (tx: Tx) => TxItems;
  refused: (offsets: number[]) => Promise<never>;
}

/** The invoice repository, whose `create` also takes another record's items (estimate conversion). */
export type DynamoInvoiceRepository = Omit<InvoiceRepository, 'create'> & {
  create(invoice: StoredInvoice, history: HistoryEntry[], draw?: SequenceDraw, receivables?: ReceivablesWrite, extra?: ExtraItems): Promise<void>;
};
type Attr = Record<string, never>;
type Ops = Record<'eq' | 'gte' | 'lte' | 'lt', (a: never, v: unknown) => string>;

/**
 * Invoices on the table. Each write sends the header (and lines), number guard, sequence draw, history,
 * another record's items (estimate conversion) and the receivables items `aggregates.prepare` gives for
 * its `ReceivablesWrite` in one TransactWriteItems.
 */
export function dynamoInvoiceRepository(
  data: DataService,
  document: DynamoDBDocumentClient,
  aggregates: ReceivablesAggregates<TransactItem>,
): DynamoInvoiceRepository {
  const { invoice, invoiceLines, invoiceSequence } = data.entities;

  const sequenceItem = (tx: Tx, tenantId: string, draw: SequenceDraw) => sequenceDrawItem(tx.invoiceSequence, tenantId, draw);
  const release = (tenantId: string, claimant: string) => releaseSequence(invoiceSequence, tenantId, claimant);

  async function write(
    next: StoredInvoice,
    previous: StoredInvoice | undefined,
    history: HistoryEntry[],
    draw: SequenceDraw | undefined,
    receivables: ReceivablesWrite | undefined,
    extra?: ExtraItems,
  ) {
    try {
      // A refused receivables item: another write of the same client got in first; prepare again (the lease is still ours).
      for (let attempt = 1; (await writeOnce(next, previous, history, draw, receivables, extra)) === 'receivables_moved'; attempt += 1) {
        if (attempt >= RECEIVABLES_ATTEMPTS)
          throw Object.assign(new Error(`receivables of client ${next.clientId} still contended after ${attempt} attempts`), {
            name: 'TransactionConflictException',
          });
        await receivablesBackoff(attempt);
      }
    } catch (error) {
      // A number taken by hand: the writer tries the next one under the same lease. Anything else ends the draw.
      const numberTaken = error instanceof DomainError && error.code === 'conflict' && error.details.field === 'number';
      if (draw && !numberTaken) await release(next.tenantId, draw.claimant);
      throw error;
    }
  }

  /**
   * One transaction: the header (and lines on create), the number guard when the invoice takes a number,
   * the sequence draw, the history, another record's items, then the receivables items. Guard refused →
   * `conflict` naming the holder; header refused → `conflict` on the id (create) or a version refusal
   * (update); sequence refused → it moved; an extra item refused → what `extra.refused` says; only
   * receivables items refused → `receivables_moved` (the caller prepares again).
   */
  async function writeOnce(
    next: StoredInvoice,
    previous: StoredInvoice | undefined,
    history: HistoryEntry[],
    draw: SequenceDraw | undefined,
    receivables: ReceivablesWrite | undefined,
    extra: ExtraItems | undefined,
  ): Promise<'written' | 'receivables_moved'> {
    const claimsNumber = next.number !== undefined && next.number !== previous?.number;
    const guardIndex = previous ? 1 : 2;
    const sequenceIndex = guardIndex + (claimsNumber ? 1 : 0);
    const extraStart = sequenceIndex + (draw ? 1 : 0) + history.length;
    let extraCount = 0;
    const outcome = await writeWithGuards(
      data,
      receivablesRun(
        document,
        aggregates,
        () =>
          data.transaction
            .write((tx) => {
              const extraItems = extra ? extra.items(tx) : [];
              extraCount = extraItems.length;
              return [
                previous
                  ? tx.invoice
                      .put(invoiceHeaderItem(next))
                      .where((attr, op) => op.eq(attr.version, previous.version))
                      .commit()
                  : tx.invoice.create(invoiceHeaderItem(next)).commit(),
                ...(previous ? [] : [tx.invoiceLines.create({ tenantId: next.tenantId, id: next.id, lines: next.lines }).commit()]),
                ...(claimsNumber
                  ? [tx.uniqueGuard.create({ tenantId: next.tenantId, scope: NUMBER_SCOPE, value: numberValue(next.number!), ownerId: next.id }).commit()]
                  : []),
                ...(draw ? [sequenceItem(tx, next.tenantId, draw)] : []),
                ...history.map((e) => tx.clientHistory.create(historyItem(e)).commit()),
                ...extraItems,
              ];
            })
            .params().TransactItems as TransactItem[],
        receivables,
      ),
      claimsNumber
        ? [{ index: guardIndex, tenantId: next.tenantId, scope: NUMBER_SCOPE, value: numberValue(next.number!), entity: 'invoice', field: 'number' }]
        : [],
    );
    if (outcome.ok) return 'written';
    if (outcome.rejected.every((index) => index >= extraStart + extraCount)) return 'receivables_moved';
    if (outcome.rejected.includes(0)) {
      if (!previous) throw conflict('invoice', 'id', next.id);
      const { data: stored } = await invoice.get({ tenantId: next.tenantId, id: next.id }).go({ consistent: true });
      throw stored ? versionMismatch('invoice', next.id) : notFound('invoice', next.id);
    }
    const extraRefused = outcome.rejected.filter((i) => i >= extraStart && i < extraStart + extraCount).map((i) => i - extraStart);
    if (extra && extraRefused.length) await extra.refused(extraRefused);
    if (draw && outcome.rejected.includes(sequenceIndex)) {
      // Another writer drew meanwhile (this writer's lease lapsed). A random pause before it takes the
      // sequence again spreads writers that lost together.
      await sleep(Math.random() * SEQUENCE_BACKOFF_MS);
      throw conflict('invoiceSequence', 'last');
    }
    throw new Error(`invoice write refused at items ${outcome.rejected.join(', ')}`);
  }

  return {
    async get(tenantId, id) {
      // Two items of one partition, read in parallel: the header and its lines.
      const [{ data: header }, { data: lines }] = await Promise.all([invoice.get({ tenantId, id }).go(), invoiceLines.get({ tenantId, id }).go()]);
      return header ? invoiceFromItems(header as Record<string, unknown>, (lines?.lines as unknown[] | undefined) ?? []) : undefined;
    },

    lastNumber: (tenantId) => lastNumber(invoiceSequence, tenantId),
    drawSequence: (tenantId, claimant) => drawSequence(invoiceSequence, tenantId, claimant),

    create: (next, history, draw, receivables, extra) => write(next, undefined, history, draw, receivables, extra),
    update: (next, previous, history, draw, receivables) => write(next, previous, history, draw, receivables),

    async list(tenantId, query, page) {
      if (query.scope.kind === 'none') return { items: [] };
      const plan = listPlan(invoice, tenantId, query);
      if (!plan) return { items: [] };
      return readMergedPage(tenantId, plan, page, MAX_INVOICE_READS_PER_PAGE, summaryOf);
    },
  };
}

function summaryOf(item: Record<string, unknown>): InvoiceSummary {
  const { lines: _lines, ...header } = invoiceFromItems(item, []);
  return { ...header, lineCount: item.lineCount as number };
}

type InvoiceEntity = DataService['entities']['invoice'];
type Chosen = 'scope' | 'client' | 'open' | 'openByClient' | 'category' | 'status';

/**
 * Which index serves a list (receivables plan): the scope's own when restricted; else the client, then
 * overdue (the sparse open indexes, by due date), then the category, then the status; with no filter
 * the five status partitions merged. The key range is the issue-date range (or the due-date range on the
 * open indexes); every filter the index does not serve is a FilterExpression on the page read.
 */
function listPlan(entity: InvoiceEntity, tenantId: string, q: InvoiceQuery) {
  const stream = (access: string, gsi: { pk: string; sk: string }, facets: Record<string, string>) =>
    streamOf(
      entity as never,
      access,
      gsi,
      { tenantId, ...facets },
      { id: '-', issueDate: '1900-01-01', dueDate: '1900-01-01', clientId: '-', categoryKey: '-', status: 'draft' },
      true,
    );
  const overdue = q.status === 'overdue';
  let chosen: Chosen;
  let streams = scopeStreams(q.scope, stream);
  if (streams) chosen = 'scope';
  else if (q.clientId && overdue) [chosen, streams] = ['openByClient', [stream('openByClient', keyFields.gsi12, { clientId: q.clientId })]];
  else if (q.clientId) [chosen, streams] = ['client', [stream('byClient', keyFields.gsi1, { clientId: q.clientId })]];
  else if (overdue) [chosen, streams] = ['open', [stream('open', keyFields.gsi2, {})]];
  else if (q.categoryId) [chosen, streams] = ['category', [stream('byCategory', keyFields.gsi3, { categoryKey: q.categoryId })]];
  else if (q.status) [chosen, streams] = ['status', [stream('byStatus', keyFields.gsi11, { status: q.status })]];
  else [chosen, streams] = ['status', statuses.map((status) => stream('byStatus', keyFields.gsi11, { status }))];
  const byDue = chosen === 'open' || chosen === 'openByClient';
  // Overdue: due before the tenant's today, so the due range ends yesterday at the latest.
  const dueTo = overdue ? [q.dueTo, addDays(q.today, -1)].filter((d): d is string => Boolean(d)).sort()[0]! : q.dueTo;
  if (q.dueFrom && dueTo && q.dueFrom > dueTo) return undefined;
  if (q.issueFrom && q.issueTo && q.issueFrom > q.issueTo) return undefined;
  const range: { from: Record<string, string>; to: Record<string, string> } = byDue
    ? { from: { dueDate: q.dueFrom ?? '0000' }, to: { dueDate: dueTo ?? '9999-12-31', id: MAX_ID } }
    : { from: { issueDate: q.issueFrom ?? '0000' }, to: { issueDate: q.issueTo ?? '9999-12-31', id: MAX_ID } };
  return { streams, range, where: filterClause(q, chosen, dueTo) };
}

/** The filters the chosen index does not serve, as a where clause (FilterExpression). */
function filterClause(q: InvoiceQuery, chosen: Chosen, dueTo: string | undefined) {
  const byDue = chosen === 'open' || chosen === 'openByClient';
  const parts: Array<(attr: Attr, op: Ops) => string> = [];
  const add = (field: string, kind: keyof Ops, value: unknown) => parts.push((attr, op) => op[kind](attr[field] as never, value));
  if (q.clientId && chosen !== 'client' && chosen !== 'openByClient') add('clientId', 'eq', q.clientId);
  if (q.categoryId && chosen !== 'category') add('categoryKey', 'eq', q.categoryId);
  if (q.status === 'overdue' && !byDue)
    parts.push((attr, op) => `(${op.eq(attr.status as never, 'issued')} OR ${op.eq(attr.status as never, 'partially_paid')})`);
  else if (q.status && q.status !== 'overdue' && chosen !== 'status') add('status', 'eq', q.status);
  if (byDue) {
    if (q.issueFrom) add('issueDate', 'gte', q.issueFrom);
    if (q.issueTo) add('issueDate', 'lte', q.issueTo);
  } else {
    if (q.dueFrom) add('dueDate', 'gte', q.dueFrom);
    if (dueTo) add('dueDate', 'lte', dueTo);
  }
  if (q.minTotal !== undefined) add('total', 'gte', q.minTotal);
  if (q.maxTotal !== undefined) add('total', 'lte', q.maxTotal);
  if (!parts.length) return undefined;
  return (attr: Attr, op: Ops) => parts.map((part) => part(attr, op)).join(' AND ');
}
