/**
 * In-memory invoices honouring the DynamoDB adapter's contract (invoice.repository.ts): a number is
 * unique per tenant (case-insensitive) with `conflict` naming the holder; the sequence moves only when
 * it still says what the writer read (`conflict` on `invoiceSequence` otherwise), in the same write as
 * the invoice; updates conditional on the version; one client-history entry per write, in the client
 * store's history; lists by the caller's scope in the adapter's order, behind tenant-bound cursors.
 */
import { inScope } from '../../../domain/clients/client-scope.ts';
import type { HistoryEntry } from '../../../domain/clients/history.ts';
import type { ReceivablesWrite } from '../../../domain/receivables/aggregates-port.ts';
import { isOpen } from '../../../domain/receivables/invoice.ts';
import type { InvoiceQuery, InvoiceRepository, InvoiceSummary, SequenceDraw, StoredInvoice } from '../../../domain/receivables/ports.ts';
import { conflict, notFound, versionMismatch } from '../../../domain/shared/errors.ts';
import type { Page, PageRequest } from '../../../domain/shared/ports.ts';
import type { InMemoryClientRepository } from '../client-fakes.ts';
import { pageOf } from '../fakes.ts';

const copy = <T>(value: T): T => structuredClone(value);
const key = (...parts: string[]) => parts.join('\u0000');

export function matchesQuery(invoice: StoredInvoice, q: InvoiceQuery): boolean {
  const open = isOpen(invoice);
  return (
    inScope(q.scope, invoice) &&
    (q.status === undefined || (q.status === 'overdue' ? open && invoice.dueDate < q.today : invoice.status === q.status)) &&
    (q.clientId === undefined || invoice.clientId === q.clientId) &&
    (q.categoryId === undefined || (q.categoryId === 'none' ? !invoice.categoryId : invoice.categoryId === q.categoryId)) &&
    (q.issueFrom === undefined || invoice.issueDate >= q.issueFrom) &&
    (q.issueTo === undefined || invoice.issueDate <= q.issueTo) &&
    (q.dueFrom === undefined || invoice.dueDate >= q.dueFrom) &&
    (q.dueTo === undefined || invoice.dueDate <= q.dueTo) &&
    (q.minTotal === undefined || invoice.totals.total >= q.minTotal) &&
    (q.maxTotal === undefined || invoice.totals.total <= q.maxTotal)
  );
}

export class InMemoryInvoiceRepository implements InvoiceRepository {
  readonly #rows = new Map<string, StoredInvoice>();
  readonly #numbers = new Map<string, string>();
  readonly #sequences = new Map<string, number>();
  readonly #clients: InMemoryClientRepository;
  /** The receivables writes of the invoice writes that succeeded, in order (the adapter puts each in its invoice's transaction). */
  readonly receivables: ReceivablesWrite[] = [];
  /** Runs before each write is decided: a test makes a write fail here (after the sequence was read). */
  beforeWrite: (invoice: StoredInvoice) => void = () => {};

  constructor(clients: InMemoryClientRepository) {
    this.#clients = clients;
  }

  all(tenantId: string): StoredInvoice[] {
    return [...this.#rows.values()].filter((i) => i.tenantId === tenantId).map(copy);
  }

  async get(tenantId: string, id: string): Promise<StoredInvoice | undefined> {
    const invoice = this.#rows.get(key(tenantId, id));
    return invoice && copy(invoice);
  }

  async lastNumber(tenantId: string): Promise<number> {
    return this.#sequences.get(tenantId) ?? 0;
  }

  /** Single-threaded: the lease is always free, so taking it is reading the last number. */
  async drawSequence(tenantId: string, _claimant: string): Promise<number> {
    return this.lastNumber(tenantId);
  }

  /** Sets the tenant's sequence (a test's other writer). */
  setLastNumber(tenantId: string, last: number): void {
    this.#sequences.set(tenantId, last);
  }

  #write(
    next: StoredInvoice,
    previous: StoredInvoice | undefined,
    history: HistoryEntry[],
    draw: SequenceDraw | undefined,
    receivables: ReceivablesWrite | undefined,
  ) {
    this.beforeWrite(next);
    const k = key(next.tenantId, next.id);
    const stored = this.#rows.get(k);
    if (!previous && stored) throw conflict('invoice', 'id', next.id);
    if (previous && !stored) throw notFound('invoice', next.id);
    if (previous && stored!.version !== previous.version) throw versionMismatch('invoice', next.id);
    const numberKey = next.number && key(next.tenantId, next.number.toLowerCase());
    const holder = numberKey && this.#numbers.get(numberKey);
    if (holder && holder !== next.id) throw conflict('invoice', 'number', holder);
    if (draw && (this.#sequences.get(next.tenantId) ?? 0) !== draw.from) throw conflict('invoiceSequence', 'last');
    this.#clients.appendHistory(history, () => conflict('clientHistory', 'change'));
    if (draw) this.#sequences.set(next.tenantId, draw.to);
    if (numberKey) this.#numbers.set(numberKey, next.id);
    this.#rows.set(k, copy(next));
    if (receivables) this.receivables.push(copy(receivables));
  }

  async create(invoice: StoredInvoice, history: HistoryEntry[], draw?: SequenceDraw, receivables?: ReceivablesWrite): Promise<void> {
    this.#write(invoice, undefined, history, draw, receivables);
  }

  async update(next: StoredInvoice, previous: StoredInvoice, history: HistoryEntry[], draw?: SequenceDraw, receivables?: ReceivablesWrite): Promise<void> {
    this.#write(next, previous, history, draw, receivables);
  }

  /** By issue date, oldest first; level-1 `overdue` by due date, oldest first (the adapter's indexes). */
  async list(tenantId: string, query: InvoiceQuery, page: PageRequest): Promise<Page<InvoiceSummary>> {
    const rows = this.all(tenantId)
      .filter((i) => matchesQuery(i, query))
      .map(({ lines, ...header }) => ({
        key: `${query.status === 'overdue' && query.scope.kind === 'all' ? header.dueDate : header.issueDate}#${header.id}`,
        item: { ...header, lineCount: lines.length },
      }));
    return pageOf(tenantId, rows, page);
  }
}
