/**
 * In-memory payments and credit notes honouring the DynamoDB adapter's contract (money-source.repository.ts):
 * one atomic write of the source, its invoices (each on the version read), the number guard and the history;
 * a moved invoice or source answers `stale`; a new source under an existing id is a `conflict` naming itself;
 * a credit-note number taken (ignoring case) is a `conflict` naming the holder. Every accepted write's
 * aggregate part and payments month are kept in `writes`, for tests to read.
 */
import type { PayableInvoice, MoneySourceRepository, PaymentsMonth, SourceChange, SourceKind } from '../../../domain/receivables/source-ports.ts';
import type { MoneySource } from '../../../domain/receivables/payment.ts';
import { conflict } from '../../../domain/shared/errors.ts';
import type { Page, PageRequest } from '../../../domain/shared/ports.ts';
import type { InMemoryClientRepository } from '../client-fakes.ts';
import { pageOf } from '../fakes.ts';
import type { InMemoryInvoiceRepository } from './invoice-fakes.ts';

const copy = <T>(value: T): T => structuredClone(value);
const key = (...parts: string[]) => parts.join('\u0000');

export class InMemoryMoneySources implements MoneySourceRepository {
  readonly #sources = new Map<string, MoneySource>();
  readonly #numbers = new Map<string, string>();
  readonly #invoices: InMemoryInvoiceRepository;
  readonly #clients: InMemoryClientRepository;
  /** Every accepted change, in order. */
  readonly writes: SourceChange[] = [];
  /** How many writes were tried (stale ones included). */
  tries = 0;
  /** Runs before each write is decided: a test lands a concurrent change here. */
  beforeWrite: (change: SourceChange) => Promise<void> = async () => {};

  constructor(invoices: InMemoryInvoiceRepository, clients: InMemoryClientRepository) {
    this.#invoices = invoices;
    this.#clients = clients;
  }

  async get(tenantId: string, kind: SourceKind, id: string) {
    const found = this.#sources.get(key(tenantId, kind, id));
    return found && copy(found);
  }

  async invoices(tenantId: string, ids: string[]): Promise<PayableInvoice[]> {
    const found = await Promise.all(ids.map((id) => this.#invoices.get(tenantId, id)));
    return found.flatMap((i) => (i ? [{ ...i, lines: [], lineCount: i.lines.length }] : []));
  }

  async openInvoices(tenantId: string, clientId: string, limit: number) {
    const open = this.#invoices
      .all(tenantId)
      .filter((i) => i.clientId === clientId && (i.status === 'issued' || i.status === 'partially_paid'))
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id))
      .slice(0, limit);
    return this.invoices(
      tenantId,
      open.map((i) => i.id),
    );
  }

  async write(change: SourceChange) {
    this.tries += 1;
    await this.beforeWrite(change);
    const { source, previous } = change;
    const k = key(source.tenantId, source.kind, source.id);
    const stored = this.#sources.get(k);
    if (!previous && stored) throw conflict(source.kind === 'payment' ? 'payment' : 'creditNote', 'id', source.id);
    if (previous && stored?.version !== previous.version) return 'stale';
    const current = await Promise.all(change.invoices.map(({ before }) => this.#invoices.get(source.tenantId, before.id)));
    if (current.some((c, i) => c?.version !== change.invoices[i]!.before.version)) return 'stale';
    const numberKey = !previous && source.number ? key(source.tenantId, source.number.toLowerCase()) : undefined;
    const holder = numberKey && this.#numbers.get(numberKey);
    if (holder) throw conflict('creditNote', 'number', holder);
    this.#clients.appendHistory(change.history, () => conflict('clientHistory', 'change'));
    for (const [i, { after }] of change.invoices.entries()) {
      const { lineCount: _lineCount, ...rest } = after;
      await this.#invoices.update({ ...rest, lines: current[i]!.lines }, current[i]!, []);
    }
    if (numberKey) this.#numbers.set(numberKey, source.id);
    this.#sources.set(k, copy(source));
    this.writes.push(copy(change));
    return 'written' as const;
  }

  async list(tenantId: string, kind: SourceKind, filter: { clientId?: string | undefined }, page: PageRequest): Promise<Page<MoneySource>> {
    const rows = [...this.#sources.values()]
      .filter((s) => s.tenantId === tenantId && s.kind === kind && (!filter.clientId || s.clientId === filter.clientId))
      .sort((a, b) => `${b.date}#${b.id}`.localeCompare(`${a.date}#${a.id}`))
      .map((s, i) => ({ key: String(i).padStart(8, '0'), item: copy(s) }));
    return pageOf(tenantId, rows, page);
  }

  async paymentsMonth(tenantId: string, clientId: string, month: string): Promise<PaymentsMonth[]> {
    const months = new Map<string, PaymentsMonth>();
    for (const { source, paymentsMonth: d } of this.writes) {
      if (!d || source.tenantId !== tenantId || source.clientId !== clientId || d.month !== month) continue;
      const m = months.get(d.currency) ?? { currency: d.currency, total: 0, count: 0, byDay: {} };
      const [count, amount] = m.byDay[d.day] ?? [0, 0];
      months.set(d.currency, {
        ...m,
        total: m.total + d.amount,
        count: m.count + d.count,
        byDay: { ...m.byDay, [d.day]: [count + d.count, amount + d.amount] },
      });
    }
    return [...months.values()];
  }
}
