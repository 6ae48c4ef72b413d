import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainError } from '../../../domain/shared/errors.ts';
import {
  aggregateDeltas,
  blockDeltas,
  blocks,
  cellKey,
  salesDeltas,
  sumCells,
  type BlockFigure,
  type Cell,
} from '../../../domain/receivables/aggregate-deltas.ts';
import { ageing } from '../../../domain/receivables/ageing.ts';
import { applyToInvoice, issueInvoice, unapplyFromInvoice, voidInvoice, type Invoice } from '../../../domain/receivables/invoice.ts';
import { anIssuedInvoice, TODAY } from './receivables-fixtures.ts';

/** An invoice with the category its client had when it was written, as the repository will store it. */
type Categorized = Invoice & { categoryId: string };
const withCategory = (invoice: Invoice, categoryId: string): Categorized => ({ ...invoice, categoryId });

describe('aggregate deltas', () => {
  it('adds an issued invoice’s balance on its issue and due dates, and takes it away when paid', () => {
    const issued = withCategory(anIssuedInvoice('a', 119000, { issueDate: '2026-01-05', dueDate: '2026-02-04' }), 'mayorista');
    expect(aggregateDeltas(undefined, issued)).toEqual([
      { basis: 'issue', currency: 'CLP', date: '2026-01-05', categoryId: 'mayorista', amount: 119000, count: 1 },
      { basis: 'due', currency: 'CLP', date: '2026-02-04', categoryId: 'mayorista', amount: 119000, count: 1 },
    ]);
    const part = { ...issued, ...applyToInvoice(issued, 'payment', 19000, TODAY) };
    expect(aggregateDeltas(issued, part).map((c) => [c.basis, c.amount, c.count])).toEqual([
      ['issue', -19000, 0],
      ['due', -19000, 0],
    ]);
    const paid = { ...part, ...applyToInvoice(part, 'payment', 100000, TODAY) };
    expect(aggregateDeltas(part, paid).map((c) => [c.basis, c.amount, c.count])).toEqual([
      ['issue', -100000, -1],
      ['due', -100000, -1],
    ]);
    expect(aggregateDeltas(paid, paid)).toEqual([]);
  });

  it('moves a client’s open balances between categories when its category changes', () => {
    const inv = anIssuedInvoice('a', 5000);
    const moved = aggregateDeltas(withCategory(inv, 'none'), withCategory(inv, 'minorista'));
    expect(moved.map((c) => [c.basis, c.categoryId, c.amount, c.count])).toEqual([
      ['issue', 'none', -5000, -1],
      ['due', 'none', -5000, -1],
      ['issue', 'minorista', 5000, 1],
      ['due', 'minorista', 5000, 1],
    ]);
  });

  it('counts an invoice in its issue month’s sales once issued, whatever is paid, and takes it back when voided', () => {
    const draft = withCategory({ ...anIssuedInvoice('s', 5000, { issueDate: '2026-01-31' }), status: 'draft', balance: 0 }, 'none');
    const issued = withCategory(issueInvoice({ ...draft, number: undefined }, 'F-1'), 'none');
    expect(salesDeltas(undefined, draft)).toEqual([]);
    expect(salesDeltas(draft, issued)).toEqual([{ currency: 'CLP', month: '2026-01', amount: 5000, count: 1 }]);
    expect(salesDeltas(issued, withCategory(applyToInvoice(issued, 'payment', 5000, TODAY), 'none'))).toEqual([]);
    expect(salesDeltas(issued, withCategory(voidInvoice(issued), 'none'))).toEqual([{ currency: 'CLP', month: '2026-01', amount: -5000, count: -1 }]);
  });

  it('counts the seed’s blocks: pending with its balance, partial with its paid part, total without drafts or voids', () => {
    const part = withCategory(applyToInvoice(anIssuedInvoice('a', 10000), 'payment', 2500, TODAY), 'none');
    expect(blocks(part).map((b) => [b.block, b.amount])).toEqual([
      ['pending', 7500],
      ['partial', 2500],
      ['total', 10000],
    ]);
    expect(blocks(withCategory(voidInvoice(anIssuedInvoice('v', 10)), 'none'))).toEqual([]);
    expect(blockDeltas(part, withCategory(applyToInvoice(part, 'payment', 7500, TODAY), 'none')).map((b) => [b.block, b.amount, b.count])).toEqual([
      ['pending', -7500, -1],
      ['partial', -2500, -1],
      ['paid', 10000, 1],
    ]);
  });
});

type Op = { invoice: number; kind: 'issue' | 'apply' | 'unapply' | 'void' | 'recategorize'; amount: number; category: string };
const ops = fc.array(
  fc.record({
    invoice: fc.nat({ max: 9 }),
    kind: fc.constantFrom<Op['kind']>('issue', 'apply', 'unapply', 'void', 'recategorize'),
    amount: fc.integer({ min: 1, max: 80_000 }),
    category: fc.constantFrom('none', 'mayorista', 'minorista'),
  }),
  { maxLength: 60 },
);

describe('aggregates kept by deltas', () => {
  it('always equal the sum of the invoices’ contributions, whatever the sequence of writes, and age the same as the invoices', () => {
    const start = fc.array(fc.record({ total: fc.integer({ min: 1, max: 100_000 }), draft: fc.boolean() }), { minLength: 1, maxLength: 10 });
    fc.assert(
      fc.property(start, ops, (specs, steps) => {
        let invoices: Categorized[] = specs.map(({ total, draft }, i) => {
          const issued = anIssuedInvoice(`i${i}`, total, {
            issueDate: `2026-01-${String(1 + i).padStart(2, '0')}`,
            dueDate: `2026-02-${String(1 + (i % 3)).padStart(2, '0')}`,
          });
          return withCategory(draft ? { ...issued, status: 'draft', balance: 0 } : issued, 'none');
        });
        const store = new Map<string, Cell>();
        const kept = new Map<string, BlockFigure>();
        const write = (before: Categorized | undefined, after: Categorized) => {
          for (const delta of aggregateDeltas(before, after)) {
            const found = store.get(cellKey(delta));
            store.set(cellKey(delta), { ...delta, amount: (found?.amount ?? 0) + delta.amount, count: (found?.count ?? 0) + delta.count });
          }
          for (const delta of blockDeltas(before, after)) {
            const found = kept.get(delta.block);
            kept.set(delta.block, { ...delta, amount: (found?.amount ?? 0) + delta.amount, count: (found?.count ?? 0) + delta.count });
          }
        };
        for (const invoice of invoices) write(undefined, invoice);
        for (const op of steps) {
          const before = invoices[op.invoice % invoices.length]!;
          let after: Categorized;
          try {
            after =
              op.kind === 'recategorize'
                ? { ...before, categoryId: op.category }
                : {
                    ...(op.kind === 'issue'
                      ? issueInvoice(before, `N${op.amount}`)
                      : op.kind === 'apply'
                        ? applyToInvoice(before, 'payment', op.amount, TODAY)
                        : op.kind === 'unapply'
                          ? unapplyFromInvoice(before, 'payment', op.amount)
                          : voidInvoice(before)),
                    categoryId: before.categoryId,
                  };
          } catch (error) {
            expect((error as DomainError).name).toBe('DomainError');
            continue;
          }
          write(before, after);
          invoices = invoices.map((i) => (i === before ? after : i));
        }
        const cellsKept = [...store.values()].filter((c) => c.amount !== 0 || c.count !== 0);
        const sort = (cs: Cell[]) => [...cs].sort((a, b) => cellKey(a).localeCompare(cellKey(b)));
        expect(sort(cellsKept)).toEqual(sort(sumCells(invoices)));
        for (const c of cellsKept) expect(c.amount).toBeGreaterThan(0);
        // The blocks kept by deltas are the blocks counted over the invoices.
        const counted = new Map<string, { amount: number; count: number }>();
        for (const b of invoices.flatMap(blocks)) {
          const found = counted.get(b.block) ?? { amount: 0, count: 0 };
          counted.set(b.block, { amount: found.amount + b.amount, count: found.count + b.count });
        }
        for (const block of ['pending', 'paid', 'draft', 'partial', 'total']) {
          expect({ amount: kept.get(block)?.amount ?? 0, count: kept.get(block)?.count ?? 0 }, block).toEqual(counted.get(block) ?? { amount: 0, count: 0 });
        }
        // The ageing table read from the aggregates is the one read from the invoices themselves.
        const fromCells = ageing(
          cellsKept.filter((c) => c.basis === 'due'),
          TODAY,
          [30, 60],
          'due',
        );
        const fromInvoices = ageing(
          invoices
            .filter((i) => i.status === 'issued' || i.status === 'partially_paid')
            .map((i) => ({ date: i.dueDate, amount: i.balance, count: 1, categoryId: i.categoryId })),
          TODAY,
          [30, 60],
          'due',
        );
        expect(fromCells.overall).toEqual(fromInvoices.overall);
      }),
      { numRuns: 200 },
    );
  });
});
