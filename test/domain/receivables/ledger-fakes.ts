import type { LedgerMovement } from '../../../domain/receivables/aggregates-port.ts';
import { ledgerSign, monthOf, type ClientLedger, type LedgerMonth } from '../../../domain/receivables/client-ledger.ts';

/** Statement order as the store's keys give it: date, raising before lowering, document, kind (binary order). */
const keyOf = (m: LedgerMovement) => `${m.date}#${ledgerSign(m.kind) > 0 ? '+' : '-'}#${m.documentId}#${m.kind}`;

/**
 * The ledger port over a list of movements (what the aggregate store keeps, without a store): months summed on
 * each read, movements paged by their key. `reads` counts the movements and months each read returned.
 */
export class InMemoryClientLedger implements ClientLedger {
  readonly #rows: Array<LedgerMovement & { tenantId: string }> = [];
  reads = 0;

  keep(tenantId: string, movements: LedgerMovement[]) {
    this.#rows.push(...movements.map((m) => ({ ...m, tenantId })));
  }

  #of(tenantId: string, clientId: string, currency: string) {
    return this.#rows
      .filter((m) => m.tenantId === tenantId && m.clientId === clientId && m.currency === currency)
      .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  }

  async months(tenantId: string, clientId: string, currency: LedgerMovement['currency'], through: string): Promise<LedgerMonth[]> {
    const months = new Map<string, number>();
    for (const m of this.#of(tenantId, clientId, currency))
      if (monthOf(m.date) <= through) months.set(monthOf(m.date), (months.get(monthOf(m.date)) ?? 0) + m.amount);
    this.reads += months.size;
    return [...months].map(([month, net]) => ({ month, net }));
  }

  async movements(
    tenantId: string,
    clientId: string,
    currency: LedgerMovement['currency'],
    from: string,
    to: string,
    { limit, after }: { limit: number; after?: string | undefined },
  ) {
    const range = this.#of(tenantId, clientId, currency).filter((m) => m.date >= from && m.date <= to && (after === undefined || keyOf(m) > after));
    const page = range.slice(0, limit);
    this.reads += page.length;
    return { movements: page.map(({ tenantId: _t, ...m }) => m), ...(range.length > limit ? { after: keyOf(page.at(-1)!) } : {}) };
  }
}
