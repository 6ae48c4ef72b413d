import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainError } from '../../../domain/shared/errors.ts';
import { allocate, allocateOldestFirst, applyAllocations, MAX_ALLOCATIONS, reverseAllocations } from '../../../domain/receivables/allocation.ts';
import { applyToInvoice, type Invoice } from '../../../domain/receivables/invoice.ts';
import type { Currency } from '../../../domain/receivables/money.ts';
import {
  applySource,
  creditOf,
  MoneySource,
  NewCreditNote,
  NewPayment,
  recordCreditNote,
  recordPayment,
  reverseSource,
} from '../../../domain/receivables/payment.ts';
import { anIssuedInvoice, sourceContext, TODAY } from './receivables-fixtures.ts';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (e) {
    return (e as DomainError).details;
  }
  throw new Error('expected a refusal');
};

/** Ferretería client: three open invoices in pesos, one in dollars, one already paid. */
const book = () => [
  anIssuedInvoice('marzo', 119000, { issueDate: '2026-02-01', dueDate: '2026-03-03' }),
  anIssuedInvoice('enero', 59500, { issueDate: '2025-12-01', dueDate: '2025-12-31' }),
  anIssuedInvoice('febrero', 238000, { issueDate: '2026-01-02', dueDate: '2026-02-01' }),
  anIssuedInvoice('usd', 125000, { currency: 'USD', issueDate: '2025-11-01', dueDate: '2025-12-01' }),
  applyToInvoice(anIssuedInvoice('pagada', 10000, { issueDate: '2025-10-01', dueDate: '2025-10-31' }), 'payment', 10000, '2025-11-02'),
];

describe('applying a payment', () => {
  it('goes oldest due first in the payment’s currency, and what is left is the client’s credit', () => {
    const { source, invoices } = recordPayment(
      NewPayment.parse({ clientId: 'client-1', amount: 400000, method: 'transfer', reference: 'TEF 99812' }),
      book(),
      sourceContext(),
    );
    expect(source.allocations.map((a) => [a.invoiceId, a.amount])).toEqual([
      ['enero', 59500],
      ['febrero', 238000],
      ['marzo', 102500],
    ]);
    expect(source).toMatchObject({ unapplied: 0, currency: 'CLP', date: TODAY, method: 'transfer', status: 'active' });
    expect(invoices.map((i) => [i.id, i.status, i.balance])).toEqual([
      ['enero', 'paid', 0],
      ['febrero', 'paid', 0],
      ['marzo', 'partially_paid', 16500],
    ]);
    expect(MoneySource.parse(source)).toEqual(source);

    const more = recordPayment(NewPayment.parse({ clientId: 'client-1', amount: 500000, method: 'cash' }), book(), sourceContext());
    expect(more.source.unapplied).toBe(500000 - 59500 - 238000 - 119000);
  });

  it('dates what it settles on the payment’s own date, and refuses a payment dated after today', () => {
    const late = recordPayment(NewPayment.parse({ clientId: 'client-1', amount: 59500, method: 'deposit', date: '2026-02-10' }), book(), sourceContext());
    expect(late.invoices).toMatchObject([{ id: 'enero', status: 'paid', paidDate: '2026-02-10' }]);
    expect(late.source.allocations).toEqual([{ invoiceId: 'enero', amount: 59500, date: '2026-02-10' }]);
    expect(
      refusal(() => recordPayment(NewPayment.parse({ clientId: 'client-1', amount: 1, method: 'check', date: '2026-03-03' }), book(), sourceContext())),
    ).toEqual({ errors: [{ pointer: '/date', code: 'date_in_future', params: { today: TODAY } }] });
  });

  it('takes the caller’s allocation when it is given, the rest as credit', () => {
    const { source, invoices } = recordPayment(
      NewPayment.parse({
        clientId: 'client-1',
        amount: 100000,
        method: 'check',
        allocations: [
          { invoiceId: 'marzo', amount: 60000 },
          { invoiceId: 'enero', amount: 10000 },
        ],
      }),
      book(),
      sourceContext(),
    );
    expect(source.unapplied).toBe(30000);
    expect(invoices.map((i) => [i.id, i.balance])).toEqual([
      ['marzo', 59000],
      ['enero', 49500],
    ]);
  });

  it('refuses an allocation over a balance, over the payment, twice to one invoice, to another currency, a paid or unknown invoice', () => {
    const pay = (allocations: Array<{ invoiceId: string; amount: number }>, amount = 1_000_000) =>
      refusal(() => recordPayment(NewPayment.parse({ clientId: 'client-1', amount, method: 'cash', allocations }), book(), sourceContext()));
    expect(pay([{ invoiceId: 'enero', amount: 59501 }])).toEqual({
      errors: [{ pointer: '/allocations/0/amount', code: 'exceeds_balance', params: { balance: 59500, currency: 'CLP' } }],
    });
    expect(
      pay(
        [
          { invoiceId: 'enero', amount: 50000 },
          { invoiceId: 'marzo', amount: 50001 },
        ],
        100000,
      ),
    ).toEqual({ errors: [{ pointer: '/allocations', code: 'exceeds_amount', params: { amount: 100000, allocated: '100001', currency: 'CLP' } }] });
    expect(
      pay([
        { invoiceId: 'enero', amount: 1 },
        { invoiceId: 'enero', amount: 1 },
      ]),
    ).toEqual({ errors: [{ pointer: '/allocations/1/invoiceId', code: 'duplicate_invoice' }] });
    expect(pay([{ invoiceId: 'usd', amount: 1 }])).toEqual({
      errors: [{ pointer: '/allocations/0/invoiceId', code: 'currency_mismatch', params: { expected: 'CLP', actual: 'USD' } }],
    });
    expect(pay([{ invoiceId: 'pagada', amount: 1 }])).toEqual({
      errors: [{ pointer: '/allocations/0/invoiceId', code: 'invoice_not_open', params: { status: 'paid' } }],
    });
    expect(pay([{ invoiceId: 'otra', amount: 1 }])).toEqual({
      errors: [{ pointer: '/allocations/0/invoiceId', code: 'unknown_invoice', params: { id: 'otra' } }],
    });
  });

  it('never touches another client’s invoice, even when its id is given', () => {
    const foreign = anIssuedInvoice('ajena', 5000, { clientId: 'client-2' });
    expect(
      refusal(() =>
        recordPayment(
          NewPayment.parse({ clientId: 'client-1', amount: 5000, method: 'cash', allocations: [{ invoiceId: 'ajena', amount: 5000 }] }),
          [foreign],
          sourceContext(),
        ),
      ),
    ).toEqual({ errors: [{ pointer: '/allocations/0/invoiceId', code: 'unknown_invoice', params: { id: 'ajena' } }] });
    expect(recordPayment(NewPayment.parse({ clientId: 'client-1', amount: 5000, method: 'cash' }), [foreign], sourceContext())).toMatchObject({
      invoices: [],
      source: { unapplied: 5000 },
    });
  });

  it('applies the credit later, and a reversal gives every invoice back exactly what it received and drops the credit', () => {
    const first = recordPayment(
      NewPayment.parse({ clientId: 'client-1', amount: 50000, method: 'cash', allocations: [{ invoiceId: 'enero', amount: 20000 }] }),
      book(),
      sourceContext(),
    );
    expect(creditOf([first.source], 'CLP')).toBe(30000);
    const updated = book().map((i) => first.invoices.find((c) => c.id === i.id) ?? i);
    const later = applySource(first.source, updated, '2026-03-05');
    expect(later.source.allocations).toEqual([
      { invoiceId: 'enero', amount: 20000, date: TODAY },
      { invoiceId: 'enero', amount: 30000, date: '2026-03-05' },
    ]);
    expect(later.source.unapplied).toBe(0);
    const afterLater = updated.map((i) => later.invoices.find((c) => c.id === i.id) ?? i);
    expect(afterLater.find((i) => i.id === 'enero')!.balance).toBe(9500);

    const reversed = reverseSource(later.source, afterLater, '2026-03-06');
    expect(reversed.source).toMatchObject({ status: 'reversed', unapplied: 0, reversedDate: '2026-03-06' });
    expect(reversed.invoices).toEqual([book()[1]]);
    expect(creditOf([reversed.source], 'CLP')).toBe(0);
    expect(refusal(() => reverseSource(reversed.source, afterLater, TODAY))).toMatchObject({ reason: 'already_reversed' });
  });
});

describe('credit notes', () => {
  it('reduce the invoice they name, the excess over its balance becoming credit', () => {
    const { source, invoices } = recordCreditNote(
      NewCreditNote.parse({ clientId: 'client-1', invoiceId: 'enero', amount: 70000, number: 'NC-12', reason: 'Devolución' }),
      book(),
      sourceContext({ id: 'nc-1' }),
    );
    expect(invoices).toMatchObject([{ id: 'enero', status: 'paid', credited: 59500, paid: 0, balance: 0 }]);
    expect(source).toMatchObject({ kind: 'credit_note', unapplied: 10500, number: 'NC-12' });
  });

  it('refuses an invoice that is not the client’s, not open, or in another currency', () => {
    const note = (body: Record<string, unknown>) =>
      refusal(() => recordCreditNote(NewCreditNote.parse({ clientId: 'client-1', amount: 100, ...body }), book(), sourceContext()));
    expect(note({ invoiceId: 'nada' })).toEqual({ errors: [{ pointer: '/invoiceId', code: 'unknown_invoice', params: { id: 'nada' } }] });
    expect(note({ invoiceId: 'pagada' })).toEqual({ errors: [{ pointer: '/invoiceId', code: 'invoice_not_open', params: { status: 'paid' } }] });
    expect(note({ invoiceId: 'usd' })).toEqual({ errors: [{ pointer: '/currency', code: 'currency_mismatch', params: { expected: 'USD', actual: 'CLP' } }] });
  });
});

// A client's book: up to 30 invoices in two currencies, some partly paid, some not open.
const currencies: Currency[] = ['CLP', 'USD'];
const anInvoice = fc.record({
  total: fc.integer({ min: 1, max: 5_000_000 }),
  paidShare: fc.integer({ min: 0, max: 100 }),
  currency: fc.constantFrom(...currencies),
  due: fc.integer({ min: 0, max: 400 }),
  draft: fc.boolean(),
});
const aBook = fc.array(anInvoice, { minLength: 0, maxLength: 30 }).map((specs) =>
  specs.map((s, i): Invoice => {
    const dueDate = `2025-${String(1 + (s.due % 12)).padStart(2, '0')}-${String(1 + (s.due % 28)).padStart(2, '0')}`;
    const invoice = anIssuedInvoice(`i${i}`, s.total, { currency: s.currency, issueDate: '2025-01-01', dueDate });
    if (s.draft) return { ...invoice, status: 'draft', balance: 0 };
    const paid = Math.floor((s.total * s.paidShare) / 100);
    return paid > 0 ? applyToInvoice(invoice, 'payment', paid, '2025-06-01') : invoice;
  }),
);

const balances = (invoices: Invoice[]) => invoices.reduce((sum, i) => sum + i.balance, 0);

describe('allocation never loses or creates a minor unit', () => {
  it('oldest first: allocations + credit = payment; balances fall by exactly the allocations; reversal restores every invoice', () => {
    fc.assert(
      fc.property(aBook, fc.integer({ min: 1, max: 50_000_000 }), fc.constantFrom(...currencies), (invoices, amount, currency) => {
        const { allocations, unapplied } = allocateOldestFirst(amount, currency, invoices);
        const allocated = allocations.reduce((s, a) => s + a.amount, 0);
        expect(allocated + unapplied).toBe(amount);
        expect(unapplied).toBeGreaterThanOrEqual(0);
        expect(allocations.length).toBeLessThanOrEqual(MAX_ALLOCATIONS);
        const changed = applyAllocations(invoices, 'payment', allocations, TODAY);
        const after = invoices.map((i) => changed.find((c) => c.id === i.id) ?? i);
        expect(balances(invoices) - balances(after)).toBe(allocated);
        for (const c of changed) expect(c.currency).toBe(currency);
        // Credit is left only when every open invoice of the currency that could be reached is settled.
        const open = after.filter((i) => i.currency === currency && i.balance > 0 && (i.status === 'issued' || i.status === 'partially_paid'));
        if (unapplied > 0) expect(open.length === 0 || allocations.length === MAX_ALLOCATIONS).toBe(true);
        const restored = reverseAllocations(after, 'payment', allocations);
        expect(after.map((i) => restored.find((r) => r.id === i.id) ?? i)).toEqual(invoices);
      }),
      { numRuns: 300 },
    );
  });

  it('oldest first: no invoice is paid while an older-due one of the currency still owes', () => {
    fc.assert(
      fc.property(aBook, fc.integer({ min: 1, max: 10_000_000 }), (invoices, amount) => {
        const { allocations } = allocateOldestFirst(amount, 'CLP', invoices);
        if (allocations.length === 0) return;
        const got = new Map(allocations.map((a) => [a.invoiceId, a.amount]));
        const open = invoices.filter((i) => i.currency === 'CLP' && i.balance > 0 && i.status !== 'draft');
        const last = invoices.find((i) => i.id === allocations.at(-1)!.invoiceId)!;
        for (const i of open) if (i.dueDate < last.dueDate) expect(got.get(i.id)).toBe(i.balance);
      }),
      { numRuns: 300 },
    );
  });

  it('the caller’s allocation: refused as a whole, or applied with allocations + credit = payment', () => {
    const request = fc.array(fc.record({ invoiceId: fc.integer({ min: 0, max: 32 }).map((n) => `i${n}`), amount: fc.integer({ min: 1, max: 3_000_000 }) }), {
      minLength: 1,
      maxLength: 8,
    });
    fc.assert(
      fc.property(aBook, fc.integer({ min: 1, max: 10_000_000 }), request, (invoices, amount, requested) => {
        let result: ReturnType<typeof allocate>;
        try {
          result = allocate(amount, 'CLP', invoices, requested);
        } catch (error) {
          expect((error as DomainError).code).toBe('validation_failed');
          return;
        }
        expect(result.allocations.reduce((s, a) => s + a.amount, 0) + result.unapplied).toBe(amount);
        const changed = applyAllocations(invoices, 'payment', result.allocations, TODAY);
        const after = invoices.map((i) => changed.find((c) => c.id === i.id) ?? i);
        expect(balances(invoices) - balances(after)).toBe(amount - result.unapplied);
        expect(after.every((i) => i.balance >= 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('payments, later credit applications and reversals in any order keep Σ balances + Σ credit + Σ reversed = what was owed + what was paid', () => {
    fc.assert(
      fc.property(
        aBook,
        fc.array(fc.integer({ min: 1, max: 3_000_000 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (start, amounts, reversals) => {
          let invoices = start.map((i) => ({ ...i, clientId: 'client-1' }));
          const owedBefore = balances(invoices.filter((i) => i.currency === 'CLP'));
          const merge = (changed: Invoice[]) => (invoices = invoices.map((i) => changed.find((c) => c.id === i.id) ?? i));
          let sources = amounts.map((amount, n) => {
            const { source, invoices: changed } = recordPayment(
              NewPayment.parse({ clientId: 'client-1', amount, method: 'cash' }),
              invoices,
              sourceContext({ id: `p${n}` }),
            );
            merge(changed);
            return source;
          });
          for (const pick of reversals) {
            const source = sources[pick % sources.length]!;
            if (source.status === 'reversed') continue;
            const { source: reversed, invoices: changed } = reverseSource(source, invoices, TODAY);
            merge(changed);
            sources = sources.map((s) => (s.id === reversed.id ? reversed : s));
            // The other payments' credit goes to the balances the reversal reopened.
            for (const other of sources.filter((s) => s.status === 'active' && s.unapplied > 0)) {
              const again = applySource(other, invoices, TODAY);
              merge(again.invoices);
              sources = sources.map((s) => (s.id === other.id ? again.source : s));
            }
          }
          const active = sources.filter((s) => s.status === 'active');
          const applied = active.reduce((sum, s) => sum + s.allocations.reduce((a, x) => a + x.amount, 0), 0);
          expect(owedBefore - balances(invoices.filter((i) => i.currency === 'CLP'))).toBe(applied);
          for (const s of active) expect(s.allocations.reduce((a, x) => a + x.amount, 0) + s.unapplied).toBe(s.amount);
          expect(creditOf(sources, 'CLP')).toBe(active.reduce((sum, s) => sum + s.unapplied, 0));
        },
      ),
      { numRuns: 200 },
    );
  });
});
