import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainError } from '../../../domain/shared/errors.ts';
import {
  applyToInvoice,
  buildInvoice,
  displayStatus,
  Hold,
  holdInvoice,
  Invoice,
  holdState,
  issueInvoice,
  NewInvoice,
  releaseHold,
  remindersHeld,
  unapplyFromInvoice,
  voidInvoice,
  type SourceKind,
} from '../../../domain/receivables/invoice.ts';
import { anIssuedInvoice, invoiceContext, TODAY } from './receivables-fixtures.ts';

const failure = (run: () => unknown) => {
  try {
    run();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('expected a refusal');
};

const input = (body: Record<string, unknown>) =>
  NewInvoice.parse({ clientId: 'client-1', lines: [{ description: 'Asesoría contable marzo', quantity: 1, unitPrice: 100000, taxRate: 19 }], ...body });

describe('creating an invoice', () => {
  it('is a draft in the tenant’s currency, issued today and due after the client’s payment terms', () => {
    const invoice = buildInvoice(input({}), invoiceContext());
    expect(invoice).toMatchObject({
      status: 'draft',
      currency: 'CLP',
      issueDate: TODAY,
      dueDate: '2026-04-01',
      totals: { net: 100000, tax: 19000, total: 119000 },
      paid: 0,
      credited: 0,
      balance: 0,
    });
    expect(invoice).not.toHaveProperty('number');
  });

  it('is issued at once with its own number or the next of the sequence, owing its total', () => {
    expect(buildInvoice(input({ status: 'issued', number: 'F-77' }), invoiceContext())).toMatchObject({ status: 'issued', number: 'F-77', balance: 119000 });
    expect(buildInvoice(input({ status: 'issued' }), invoiceContext({ nextNumber: '1024' }))).toMatchObject({ number: '1024', balance: 119000 });
    expect(failure(() => buildInvoice(input({ status: 'issued' }), invoiceContext())).details).toMatchObject({ reason: 'number_required' });
  });

  it('refuses a due date before the issue date, and terms that leave the supported years', () => {
    expect(failure(() => buildInvoice(input({ issueDate: '2026-03-10', dueDate: '2026-03-09' }), invoiceContext())).details).toEqual({
      errors: [{ pointer: '/dueDate', code: 'due_before_issue', params: { issueDate: '2026-03-10' } }],
    });
    expect(failure(() => buildInvoice(input({ issueDate: '9999-12-15' }), invoiceContext())).details).toEqual({
      errors: [{ pointer: '/dueDate', code: 'date_out_of_range' }],
    });
  });

  it('builds records its own schema accepts (the schema the API will answer with)', () => {
    for (const invoice of [buildInvoice(input({}), invoiceContext()), buildInvoice(input({ status: 'issued', number: '1' }), invoiceContext())]) {
      expect(Invoice.parse(invoice)).toEqual(invoice);
    }
  });

  it('settles a zero-total invoice as paid when it is issued', () => {
    const free = buildInvoice(input({ lines: [{ description: 'Muestra gratis', quantity: 1, unitPrice: 0, taxRate: 19 }] }), invoiceContext());
    expect(issueInvoice(free, '5')).toMatchObject({ status: 'paid', balance: 0, paidDate: TODAY });
  });
});

describe('the invoice lifecycle', () => {
  const issued = anIssuedInvoice('i1', 119000);

  it('goes issued → partially paid → paid, and back on unapply', () => {
    const part = applyToInvoice(issued, 'payment', 19000, '2026-02-10');
    expect(part).toMatchObject({ status: 'partially_paid', paid: 19000, balance: 100000 });
    const paid = applyToInvoice(part, 'credit_note', 100000, '2026-02-20');
    expect(paid).toMatchObject({ status: 'paid', paid: 19000, credited: 100000, balance: 0, paidDate: '2026-02-20' });
    const back = unapplyFromInvoice(paid, 'payment', 19000);
    expect(back).toMatchObject({ status: 'partially_paid', paid: 0, credited: 100000, balance: 19000 });
    expect(back).not.toHaveProperty('paidDate');
    expect(unapplyFromInvoice(back, 'credit_note', 100000)).toMatchObject({ status: 'issued', balance: 119000 });
  });

  it('refuses more than the balance, nothing, a draft, and taking back more than was applied', () => {
    expect(failure(() => applyToInvoice(issued, 'payment', 119001, TODAY)).details).toMatchObject({ reason: 'exceeds_balance', balance: 119000 });
    expect(failure(() => applyToInvoice(issued, 'payment', 0, TODAY)).details).toMatchObject({ reason: 'exceeds_balance' });
    expect(failure(() => applyToInvoice({ ...issued, status: 'draft' }, 'payment', 1, TODAY)).details).toMatchObject({ reason: 'not_open' });
    const part = applyToInvoice(issued, 'payment', 1000, TODAY);
    expect(failure(() => unapplyFromInvoice(part, 'payment', 1001)).details).toMatchObject({ reason: 'exceeds_applied', applied: 1000 });
    expect(failure(() => unapplyFromInvoice(part, 'credit_note', 1)).details).toMatchObject({ reason: 'exceeds_applied', applied: 0 });
  });

  it('voids a draft or an untouched issued invoice, but not one with a payment or a credit note applied', () => {
    expect(voidInvoice(issued)).toMatchObject({ status: 'void', balance: 0 });
    expect(voidInvoice({ ...issued, status: 'draft', balance: 0 })).toMatchObject({ status: 'void' });
    const part = applyToInvoice(issued, 'payment', 1000, TODAY);
    expect(failure(() => voidInvoice(part)).details).toMatchObject({ reason: 'has_applied_amounts', paid: 1000 });
    expect(failure(() => voidInvoice(applyToInvoice(issued, 'credit_note', 5, TODAY))).details).toMatchObject({ reason: 'has_applied_amounts', credited: 5 });
    // Once the payment is reversed the invoice can be voided.
    expect(voidInvoice(unapplyFromInvoice(part, 'payment', 1000))).toMatchObject({ status: 'void' });
    expect(failure(() => voidInvoice(voidInvoice(issued))).details).toMatchObject({ reason: 'already_void' });
  });

  it('is overdue only while open and past its due date (derived, never stored)', () => {
    const due = anIssuedInvoice('i2', 5000, { dueDate: '2026-03-01' });
    expect(displayStatus(due, '2026-03-01')).toBe('issued');
    expect(displayStatus(due, '2026-03-02')).toBe('overdue');
    expect(displayStatus(applyToInvoice(due, 'payment', 100, TODAY), '2026-03-02')).toBe('overdue');
    expect(displayStatus(applyToInvoice(due, 'payment', 5000, TODAY), '2026-03-02')).toBe('paid');
    expect(displayStatus({ ...due, status: 'draft' }, '2026-03-02')).toBe('draft');
  });
});

describe('holds', () => {
  const issued = anIssuedInvoice('i1', 119000);

  it('holds the reminders while disputed, or while a promise to pay stands; a promise past its date is broken', () => {
    const disputed = holdInvoice(issued, { kind: 'disputed', reason: 'Cliente reclama cobro duplicado' }, TODAY);
    expect(disputed.hold).toEqual({ kind: 'disputed', reason: 'Cliente reclama cobro duplicado', since: TODAY });
    expect(holdState(disputed, '2026-12-31')).toBe('disputed');
    expect(remindersHeld(disputed, TODAY)).toBe(true);

    const promised = holdInvoice(issued, { kind: 'promise', promisedDate: '2026-03-10' }, TODAY);
    expect(holdState(promised, '2026-03-10')).toBe('promised');
    expect(remindersHeld(promised, '2026-03-10')).toBe(true);
    expect(holdState(promised, '2026-03-11')).toBe('broken_promise');
    expect(remindersHeld(promised, '2026-03-11')).toBe(false);
    expect(holdState(releaseHold(promised), TODAY)).toBe('none');
  });

  it('refuses a dispute without a reason and a promise without a valid date', () => {
    expect(Hold.safeParse({ kind: 'disputed', reason: '  ' }).success).toBe(false);
    expect(Hold.safeParse({ kind: 'promise', promisedDate: '2026-02-30' }).success).toBe(false);
    expect(Hold.safeParse({ kind: 'promise', promisedDate: '2026-03-10', reason: 'Paga el viernes' }).success).toBe(true);
  });

  it('refuses a promise dated before today and a hold on an invoice that is not open; paying ends the hold', () => {
    expect(failure(() => holdInvoice(issued, { kind: 'promise', promisedDate: '2026-03-01' }, TODAY)).details).toEqual({
      errors: [{ pointer: '/promisedDate', code: 'date_in_past', params: { today: TODAY } }],
    });
    const paid = applyToInvoice(holdInvoice(issued, { kind: 'disputed', reason: 'x' }, TODAY), 'payment', 119000, TODAY);
    expect(paid).not.toHaveProperty('hold');
    expect(failure(() => holdInvoice(paid, { kind: 'disputed', reason: 'x' }, TODAY)).details).toMatchObject({ reason: 'not_open' });
  });
});

type Step = { op: 'apply'; kind: SourceKind; amount: number } | { op: 'unapply'; kind: SourceKind; amount: number } | { op: 'void' } | { op: 'hold' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('apply' as const), kind: fc.constantFrom<SourceKind>('payment', 'credit_note'), amount: fc.integer({ min: -5, max: 150_000 }) }),
  fc.record({
    op: fc.constant('unapply' as const),
    kind: fc.constantFrom<SourceKind>('payment', 'credit_note'),
    amount: fc.integer({ min: -5, max: 150_000 }),
  }),
  fc.constant({ op: 'void' as const }),
  fc.constant({ op: 'hold' as const }),
);

function run(invoice: Invoice, s: Step): Invoice {
  switch (s.op) {
    case 'apply':
      return applyToInvoice(invoice, s.kind, s.amount, TODAY);
    case 'unapply':
      return unapplyFromInvoice(invoice, s.kind, s.amount);
    case 'void':
      return voidInvoice(invoice);
    case 'hold':
      return holdInvoice(invoice, { kind: 'disputed', reason: 'x' }, TODAY);
  }
}

describe('the lifecycle under any sequence of operations', () => {
  it('never voids an invoice with money applied, and keeps total = paid + credited + balance', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120_000 }), fc.array(step, { maxLength: 30 }), (total, steps) => {
        let invoice = anIssuedInvoice('p', total);
        for (const s of steps) {
          const before = invoice;
          try {
            invoice = run(invoice, s);
          } catch (error) {
            // A refused operation changes nothing and is a domain refusal, never a crash.
            expect((error as DomainError).name).toBe('DomainError');
            invoice = before;
            continue;
          }
          if (invoice.status === 'void') {
            expect(before.paid + before.credited).toBe(0);
            expect(invoice.paid + invoice.credited + invoice.balance).toBe(0);
          } else {
            expect(invoice.paid + invoice.credited + invoice.balance).toBe(total);
            expect(invoice.balance).toBeGreaterThanOrEqual(0);
            const expected = invoice.balance === 0 ? 'paid' : invoice.paid + invoice.credited > 0 ? 'partially_paid' : 'issued';
            expect(invoice.status).toBe(expected);
            expect('paidDate' in invoice).toBe(invoice.status === 'paid');
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
