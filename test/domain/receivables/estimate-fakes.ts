/**
 * In-memory estimates honouring the DynamoDB adapter's contract (estimate.repository.ts): a number is
 * unique per tenant (case-insensitive) with `conflict` naming the holder; its own sequence moved only
 * when it still says what the writer read; updates conditional on the version; the client's blocks
 * folded in the same write; a conversion writes the invoice through the invoice fake's `create` and marks
 * the estimate, all or nothing, only from the version read and never twice.
 */
import { inScope } from '../../../domain/clients/client-scope.ts';
import type { HistoryEntry } from '../../../domain/clients/history.ts';
import { emptyEstimateBlocks, foldEstimateBlocks, touchedCurrencies, type EstimateBlocks } from '../../../domain/receivables/estimate-blocks.ts';
import type { EstimateQuery, EstimateRepository, EstimateSummary, StoredEstimate } from '../../../domain/receivables/estimate.use-cases.ts';
import type { Currency } from '../../../domain/receivables/money.ts';
import type { SequenceDraw, StoredInvoice } from '../../../domain/receivables/ports.ts';
import { conflict, notFound, versionMismatch } from '../../../domain/shared/errors.ts';
import type { Page, PageRequest } from '../../../domain/shared/ports.ts';
import type { InMemoryClientRepository } from '../client-fakes.ts';
import { pageOf } from '../fakes.ts';
import type { InMemoryInvoiceRepository } from './invoice-fakes.ts';

const copy = <T>(value: T): T => structuredClone(value);
const key = (...parts: string[]) => parts.join('\u0000');
const summary = ({ lines, ...header }: StoredEstimate): EstimateSummary => ({ ...header, lineCount: lines.length });

export class InMemoryEstimateRepository implements EstimateRepository {
  readonly #rows = new Map<string, StoredEstimate>();
  readonly #numbers = new Map<string, string>();
  readonly #sequences = new Map<string, number>();
  readonly #blocks = new Map<string, EstimateBlocks>();
  readonly #clients: InMemoryClientRepository;
  readonly #invoices: InMemoryInvoiceRepository;
  /** Runs before a conversion is decided: a test makes another writer get in first here. */
  beforeConvert: (estimate: StoredEstimate) => Promise<void> = async () => {};

  constructor(clients: InMemoryClientRepository, invoices: InMemoryInvoiceRepository) {
    this.#clients = clients;
    this.#invoices = invoices;
  }

  all(tenantId: string): StoredEstimate[] {
    return [...this.#rows.values()].filter((e) => e.tenantId === tenantId).map(copy);
  }

  async get(tenantId: string, id: string) {
    const found = this.#rows.get(key(tenantId, id));
    return found && copy(found);
  }

  async drawSequence(tenantId: string) {
    return this.#sequences.get(tenantId) ?? 0;
  }

  /** Checks every condition of a write, then applies it (nothing when a condition fails). */
  #write(next: StoredEstimate, previous: StoredEstimate | undefined, history: HistoryEntry[], draw?: SequenceDraw) {
    const k = key(next.tenantId, next.id);
    const stored = this.#rows.get(k);
    if (!previous && stored) throw conflict('estimate', 'id', next.id);
    if (previous && !stored) throw notFound('estimate', next.id);
    if (previous && stored!.version !== previous.version) throw versionMismatch('estimate', next.id);
    const numberKey = next.number && key(next.tenantId, next.number.toLowerCase());
    const holder = numberKey && this.#numbers.get(numberKey);
    if (holder && holder !== next.id) throw conflict('estimate', 'number', holder);
    if (draw && (this.#sequences.get(next.tenantId) ?? 0) !== draw.from) throw conflict('estimateSequence', 'last');
    this.#clients.appendHistory(history, () => conflict('clientHistory', 'change'));
    for (const currency of touchedCurrencies(previous, next)) {
      const bk = key(next.tenantId, next.clientId, currency);
      const folded = foldEstimateBlocks(this.#blocks.get(bk) ?? emptyEstimateBlocks(), currency, previous, next);
      if (folded) this.#blocks.set(bk, folded);
    }
    if (draw) this.#sequences.set(next.tenantId, draw.to);
    if (numberKey) this.#numbers.set(numberKey, next.id);
    this.#rows.set(k, copy(next));
  }

  async create(estimate: StoredEstimate, history: HistoryEntry[], draw?: SequenceDraw) {
    this.#write(estimate, undefined, history, draw);
  }

  async update(next: StoredEstimate, previous: StoredEstimate, history: HistoryEntry[]) {
    this.#write(next, previous, history);
  }

  async convert(next: StoredEstimate, previous: StoredEstimate, invoice: StoredInvoice, history: HistoryEntry[], draw?: SequenceDraw) {
    await this.beforeConvert(previous);
    const stored = this.#rows.get(key(next.tenantId, next.id));
    if (!stored || stored.version !== previous.version || stored.invoiceId) throw versionMismatch('estimate', next.id);
    await this.#invoices.create(invoice, history, draw);
    this.#rows.set(key(next.tenantId, next.id), copy(next));
  }

  async list(tenantId: string, q: EstimateQuery, page: PageRequest): Promise<Page<EstimateSummary>> {
    const rows = this.all(tenantId)
      .filter((e) => inScope(q.scope, e) && (!q.status || e.status === q.status) && (!q.clientId || e.clientId === q.clientId))
      .map((e) => ({ key: `${e.issueDate}#${e.id}`, item: summary(e) }));
    return pageOf(tenantId, rows, page);
  }

  async tab(tenantId: string, clientId: string, last: number) {
    const currencies = [...this.#blocks.entries()]
      .filter(([k]) => k.startsWith(key(tenantId, clientId, '')))
      .map(([k, blocks]) => ({ currency: k.split('\u0000')[2] as Currency, ...copy(blocks) }))
      .sort((a, b) => a.currency.localeCompare(b.currency));
    const mine = this.all(tenantId)
      .filter((e) => e.clientId === clientId)
      .sort((a, b) => `${b.issueDate}#${b.id}`.localeCompare(`${a.issueDate}#${a.id}`));
    return { currencies, last: mine.slice(0, last).map(summary) };
  }
}
