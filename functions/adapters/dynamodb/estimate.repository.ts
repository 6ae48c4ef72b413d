import { setTimeout as sleep } from 'node:timers/promises';
import type { HistoryEntry } from '../../../domain/clients/history.ts';
import { emptyEstimateBlocks, foldEstimateBlocks, touchedCurrencies, type EstimateBlocks } from '../../../domain/receivables/estimate-blocks.ts';
import type { EstimateQuery, EstimateRepository, EstimateSummary, StoredEstimate } from '../../../domain/receivables/estimate.use-cases.ts';
import type { Currency } from '../../../domain/receivables/money.ts';
import type { SequenceDraw } from '../../../domain/receivables/ports.ts';
import { conflict, DomainError, notFound, versionMismatch } from '../../../domain/shared/errors.ts';
import { drawSequence, releaseSequence, sequenceDrawItem } from './document-sequence.ts';
import type { DataService } from './entities/index.ts';
import { keyFields } from './entities/model.ts';
import { historyItem } from './history-items.ts';
import { fromItems, headerItem } from './invoice-items.ts';
import type { DynamoInvoiceRepository } from './invoice.repository.ts';
import { readMergedPage, streamOf } from './merged-index.ts';
import { scopeStreams } from './scope-streams.ts';
import { writeWithGuards } from './unique-transaction.ts';

/** As invoice lists: a page reads at most this many times what it lacks from its indexes. */
export const MAX_ESTIMATE_READS_PER_PAGE = 4;

const NUMBER_SCOPE = 'estimate-number';
const numberValue = (number: string) => number.toLowerCase();
const statuses = ['draft', 'sent', 'accepted', 'rejected'] as const;
/** Upper bound of the random pause after losing a sequence draw (a lease that lapsed). */
const SEQUENCE_BACKOFF_MS = 60;
/**
 * Tries of a write whose client blocks item another estimate write of the same client moved first: each
 * try reads the item again; writers of one client take turns (the test runs several at once).
 */
const BLOCK_ATTEMPTS = 25;
/** The highest character (in DynamoDB's UTF-8 order too): an upper bound for any id after a date. */
const MAX_ID = '\u{10FFFF}';

type Tx = Parameters<Parameters<DataService['transaction']['write']>[0]>[0];
type Attr = Record<string, never>;
type Ops = Record<'eq', (a: never, v: unknown) => string>;

/** A client's blocks item as read: absent (version 0) before its first counted estimate. */
interface BlocksRead {
  currency: Currency;
  blocks: EstimateBlocks;
  version: number;
}

/** Thrown inside a write when a blocks item moved: read it again and retry. */
class BlocksMoved extends Error {}

/**
 * DynamoDB adapter of the estimates (docs/data-model.md, "Estimates"): header and lines in the estimate's
 * own partition, the number guard and the estimate sequence under the tenant, the client's estimate blocks
 * (`ESTIMATES#<cur>` under its receivables partition) moved in the same transaction, conditioned on
 * their version. A conversion is the invoice repository's own `create` with the estimate's mark added.
 */
export function dynamoEstimateRepository(data: DataService, invoices: Pick<DynamoInvoiceRepository, 'create'>): EstimateRepository {
  const { estimate, estimateLines, estimateSequence, clientEstimates } = data.entities;

  async function readBlocks(tenantId: string, clientId: string, currency: Currency): Promise<BlocksRead> {
    const { data: item } = await clientEstimates.get({ tenantId, clientId, currency }).go({ consistent: true });
    return item ? { currency, blocks: item.blocks as EstimateBlocks, version: item.version } : { currency, blocks: emptyEstimateBlocks(), version: 0 };
  }

  /** The blocks items an estimate change moves, folded from consistent reads (none for a draft's edit). */
  async function blockMoves(next: StoredEstimate, previous: StoredEstimate | undefined) {
    const moves: Array<{ read: BlocksRead; blocks: EstimateBlocks }> = [];
    for (const currency of touchedCurrencies(previous, next)) {
      const read = await readBlocks(next.tenantId, next.clientId, currency);
      const blocks = foldEstimateBlocks(read.blocks, currency, previous, next);
      if (blocks) moves.push({ read, blocks });
    }
    return moves;
  }

  const blocksItem = (tx: Tx, next: StoredEstimate, move: { read: BlocksRead; blocks: EstimateBlocks }) =>
    tx.clientEstimates
      .put({ tenantId: next.tenantId, clientId: next.clientId, currency: move.read.currency, blocks: move.blocks, version: move.read.version + 1 })
      .where((attr, op) => (move.read.version === 0 ? op.notExists(attr.version) : op.eq(attr.version, move.read.version)))
      .commit();

  /**
   * One transaction: the header (and the lines when new or changed), the number guard when the estimate
   * takes one, the sequence draw, the history, the blocks items. Guard refused → `conflict` naming the
   * holder; header refused → `conflict` on the id (create) or a version refusal (update); sequence
   * refused → it moved; a blocks item refused → `BlocksMoved`.
   */
  async function writeOnce(next: StoredEstimate, previous: StoredEstimate | undefined, history: HistoryEntry[], draw: SequenceDraw | undefined) {
    const claimsNumber = next.number !== undefined && next.number !== previous?.number;
    const linesChanged = !previous || JSON.stringify(previous.lines) !== JSON.stringify(next.lines);
    const moves = await blockMoves(next, previous);
    const guardIndex = linesChanged ? 2 : 1;
    const sequenceIndex = guardIndex + (claimsNumber ? 1 : 0);
    const blocksStart = sequenceIndex + (draw ? 1 : 0) + history.length;
    const outcome = await writeWithGuards(
      data,
      () =>
        data.transaction
          .write((tx) => [
            previous
              ? tx.estimate
                  .put(headerItem(next))
                  .where((attr, op) => op.eq(attr.version, previous.version))
                  .commit()
              : tx.estimate.create(headerItem(next)).commit(),
            ...(linesChanged ? [tx.estimateLines.put({ tenantId: next.tenantId, id: next.id, lines: next.lines }).commit()] : []),
            ...(claimsNumber
              ? [tx.uniqueGuard.create({ tenantId: next.tenantId, scope: NUMBER_SCOPE, value: numberValue(next.number!), ownerId: next.id }).commit()]
              : []),
            ...(draw ? [sequenceDrawItem(tx.estimateSequence, next.tenantId, draw)] : []),
            ...history.map((e) => tx.clientHistory.create(historyItem(e)).commit()),
            ...moves.map((move) => blocksItem(tx, next, move)),
          ])
          .go(),
      claimsNumber
        ? [{ index: guardIndex, tenantId: next.tenantId, scope: NUMBER_SCOPE, value: numberValue(next.number!), entity: 'estimate', field: 'number' }]
        : [],
    );
    if (outcome.ok) return;
    if (outcome.rejected.includes(0)) {
      if (!previous) throw conflict('estimate', 'id', next.id);
      throw await refusedEstimate(next.tenantId, next.id);
    }
    if (draw && outcome.rejected.includes(sequenceIndex)) {
      // Another writer drew meanwhile (this writer's lease lapsed): a random pause spreads writers that lost together.
      await sleep(Math.random() * SEQUENCE_BACKOFF_MS);
      throw conflict('estimateSequence', 'last');
    }
    if (outcome.rejected.some((i) => i >= blocksStart)) throw new BlocksMoved();
    throw new Error(`estimate write refused at items ${outcome.rejected.join(', ')}`);
  }

  /** Why the header's condition failed: someone else changed it, or it is gone. */
  async function refusedEstimate(tenantId: string, id: string): Promise<DomainError> {
    const { data: stored } = await estimate.get({ tenantId, id }).go({ consistent: true });
    return stored ? versionMismatch('estimate', id) : notFound('estimate', id);
  }

  async function write(next: StoredEstimate, previous: StoredEstimate | undefined, history: HistoryEntry[], draw: SequenceDraw | undefined) {
    try {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await writeOnce(next, previous, history, draw);
        } catch (error) {
          if (!(error instanceof BlocksMoved)) throw error;
          if (attempt >= BLOCK_ATTEMPTS) throw Object.assign(new Error('estimate blocks still contended'), { name: 'TransactionConflictException' });
          await sleep(Math.random() * 20 * attempt);
        }
      }
    } catch (error) {
      // A number taken by hand: the writer tries the next one under the same lease. Anything else ends the draw.
      const numberTaken = error instanceof DomainError && error.code === 'conflict' && error.details.field === 'number';
      if (draw && !numberTaken) await releaseSequence(estimateSequence, next.tenantId, draw.claimant);
      throw error;
    }
  }

  return {
    async get(tenantId, id) {
      const [{ data: header }, { data: lines }] = await Promise.all([estimate.get({ tenantId, id }).go(), estimateLines.get({ tenantId, id }).go()]);
      return header ? fromItems<StoredEstimate>(header as Record<string, unknown>, (lines?.lines as unknown[] | undefined) ?? []) : undefined;
    },

    drawSequence: (tenantId, claimant) => drawSequence(estimateSequence, tenantId, claimant),

    create: (next, history, draw) => write(next, undefined, history, draw),
    update: (next, previous, history) => write(next, previous, history, undefined),

    async convert(next, previous, invoice, history, draw, receivables) {
      // The invoice's own write (its header, lines, number, sequence and whatever else creating an invoice
      // writes), with the estimate's mark in the same transaction: only from the version read, never twice.
      await invoices.create(invoice, history, draw, receivables, {
        items: (tx) => [
          tx.estimate
            .put(headerItem(next))
            .where((attr, op) => `${op.eq(attr.version, previous.version)} AND ${op.notExists(attr.invoiceId)}`)
            .commit(),
        ],
        refused: async () => {
          throw await refusedEstimate(next.tenantId, next.id);
        },
      });
    },

    async list(tenantId, query, page) {
      if (query.scope.kind === 'none') return { items: [] };
      return readMergedPage(tenantId, listPlan(estimate, tenantId, query), page, MAX_ESTIMATE_READS_PER_PAGE, summaryOf);
    },

    async tab(tenantId, clientId, last) {
      const [blocks, latest] = await Promise.all([
        clientEstimates.query.byClient({ tenantId, clientId }).go({ pages: 'all' }),
        estimate.query.byClient({ tenantId, clientId }).go({ order: 'desc', limit: last }),
      ]);
      return {
        currencies: blocks.data
          .map((item) => ({ currency: item.currency as Currency, ...(item.blocks as EstimateBlocks) }))
          .sort((a, b) => a.currency.localeCompare(b.currency)),
        last: latest.data.slice(0, last).map((item) => summaryOf(item as Record<string, unknown>)),
      };
    },
  };
}

function summaryOf(item: Record<string, unknown>): EstimateSummary {
  const { lines: _lines, ...header } = fromItems<StoredEstimate>(item, []);
  return { ...header, lineCount: item.lineCount as number };
}

type EstimateEntity = DataService['entities']['estimate'];

/**
 * Which index serves a list: the scope's own when restricted; else the client's, then the status's; with
 * no filter the four status partitions merged. Oldest issue date first; filters the index does not serve
 * are a FilterExpression on the page read.
 */
function listPlan(entity: EstimateEntity, tenantId: string, q: EstimateQuery) {
  const stream = (access: string, gsi: { pk: string; sk: string }, facets: Record<string, string>) =>
    streamOf(entity as never, access, gsi, { tenantId, ...facets }, { id: '-', issueDate: '1900-01-01', clientId: '-', status: 'draft' }, true);
  let chosen: 'scope' | 'client' | 'status';
  let streams = scopeStreams(q.scope, stream);
  if (streams) chosen = 'scope';
  else if (q.clientId) [chosen, streams] = ['client', [stream('byClient', keyFields.gsi1, { clientId: q.clientId })]];
  else if (q.status) [chosen, streams] = ['status', [stream('byStatus', keyFields.gsi11, { status: q.status })]];
  else [chosen, streams] = ['status', statuses.map((status) => stream('byStatus', keyFields.gsi11, { status }))];
  const parts: Array<(attr: Attr, op: Ops) => string> = [];
  if (q.clientId && chosen !== 'client') parts.push((attr, op) => op.eq(attr.clientId as never, q.clientId));
  if (q.status && chosen !== 'status') parts.push((attr, op) => op.eq(attr.status as never, q.status));
  return {
    streams,
    range: { from: { issueDate: '0000' }, to: { issueDate: '9999-12-31', id: MAX_ID } },
    where: parts.length ? (attr: Attr, op: Ops) => parts.map((part) => part(attr, op)).join(' AND ') : undefined,
  };
}
