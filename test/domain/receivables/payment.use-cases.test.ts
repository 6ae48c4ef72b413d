import { describe, expect, it } from 'vitest';
import { NewClient } from '../../../domain/clients/client.schema.ts';
import { createClient } from '../../../domain/clients/client.use-cases.ts';
import { createCreditNote, reverseCreditNote } from '../../../domain/receivables/credit-note.use-cases.ts';
import { NewInvoice } from '../../../domain/receivables/invoice.ts';
import { createInvoice } from '../../../domain/receivables/invoice.use-cases.ts';
import { NewCreditNote, NewPayment } from '../../../domain/receivables/payment.ts';
import { applyPaymentCredit, clientPaymentsOverview, recordClientPayment, reverseClientPayment } from '../../../domain/receivables/payment.use-cases.ts';
import { SOURCE_ROUNDS } from '../../../domain/receivables/source-writes.ts';
import type { DomainError } from '../../../domain/shared/errors.ts';
import { inMemoryClientBook } from '../client-fakes.ts';
import { SequentialIds } from '../fakes.ts';
import { anActor, aTenant, aUser, T0 } from '../fixtures.ts';
import { InMemoryInvoiceRepository } from './invoice-fakes.ts';
import { InMemoryMoneySources } from './source-fakes.ts';

const admin = anActor({ permissions: ['invoices.manage', 'payments.manage'] });
const reject = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e as DomainError,
  );

async function setup() {
  const book = inMemoryClientBook(T0);
  await book.tenants.createIfAbsent(aTenant());
  await book.users.create(aUser({ id: 'admin-a' }));
  await book.catalogs.create({ id: 'mayorista', tenantId: 'tenant-a', kind: 'category', name: 'Mayorista', version: 1, createdAt: T0, updatedAt: T0 });
  const client = await createClient(book)(anActor(), NewClient.parse({ personType: 'other', name: 'Ferretería Sur', categoryId: 'mayorista' }));
  const invoices = new InMemoryInvoiceRepository(book.clients);
  const sources = new InMemoryMoneySources(invoices, book.clients);
  const deps = { ...book, invoices, sources, ids: new SequentialIds('p') };
  const invoice = (thousands: number, dueDate: string) =>
    createInvoice(deps)(
      admin,
      NewInvoice.parse({
        clientId: client.id,
        status: 'issued',
        issueDate: '2026-01-02',
        dueDate,
        lines: [{ description: 'Cemento', quantity: thousands, unitPrice: 1000, taxRate: 0 }],
      }),
    );
  return { deps, client, invoices, sources, invoice };
}

describe('recording payments', () => {
  it('hands the store each invoice before and after under the client’s category, the credit, the ledger and the month', async () => {
    // Prepare
    const { deps, client, sources, invoice } = await setup();
    const a = await invoice(10, '2026-02-01');

    // Act
    const payment = await recordClientPayment(deps)(admin, NewPayment.parse({ clientId: client.id, amount: 12000, method: 'transfer', reference: 'TEF 9' }));

    // Assess
    const [write] = sources.writes;
    expect(payment).toMatchObject({ date: '2026-03-02', unapplied: 2000, allocations: [{ invoiceId: a.id, amount: 10000, date: '2026-03-02' }] });
    expect(write!.receivables.invoices).toEqual([
      {
        before: expect.objectContaining({ id: a.id, status: 'issued', balance: 10000, categoryId: 'mayorista' }),
        after: expect.objectContaining({ id: a.id, status: 'paid', balance: 0, paidDate: '2026-03-02', categoryId: 'mayorista' }),
      },
    ]);
    expect(write!.receivables.credit).toEqual([{ clientId: client.id, currency: 'CLP', amount: 2000 }]);
    expect(write!.receivables.ledger).toEqual([
      { clientId: client.id, currency: 'CLP', date: '2026-03-02', kind: 'payment', documentId: payment.id, number: 'TEF 9', amount: -12000 },
    ]);
    expect(write!.paymentsMonth).toEqual({ month: '2026-03', day: '02', currency: 'CLP', count: 1, amount: 12000 });
    expect(write!.history.map((h) => [h.operation, h.operationId])).toEqual([
      ['payment.create', payment.id],
      ['invoice.payment', payment.id],
    ]);
  });

  it('reads again and decides again when an invoice moved before its write, so it applies only what is still owed', async () => {
    // Prepare
    const { deps, client, invoices, sources, invoice } = await setup();
    const a = await invoice(10, '2026-02-01');
    const b = await invoice(10, '2026-02-15');
    sources.beforeWrite = async () => {
      sources.beforeWrite = async () => {};
      // Another payment settles A between this one's read and its write.
      const stored = (await invoices.get('tenant-a', a.id))!;
      await invoices.update({ ...stored, status: 'paid', paid: 10000, balance: 0, paidDate: '2026-03-01', version: stored.version + 1 }, stored, []);
    };

    // Act
    const payment = await recordClientPayment(deps)(admin, NewPayment.parse({ clientId: client.id, amount: 10000, method: 'cash' }));

    // Assess
    expect(sources.tries).toBe(2);
    expect(payment.allocations.map((x) => x.invoiceId)).toEqual([b.id]);
    expect(await invoices.get('tenant-a', a.id)).toMatchObject({ paid: 10000, balance: 0 });
    expect(await invoices.get('tenant-a', b.id)).toMatchObject({ paid: 10000, balance: 0, version: 2 });
  });

  it('answers a redo of a committed request with the stored payment, and gives up with contention after its rounds', async () => {
    // Prepare
    const { deps, client, sources, invoice } = await setup();
    await invoice(10, '2026-02-01');
    const input = NewPayment.parse({ clientId: client.id, amount: 1000, method: 'cash' });
    const first = await recordClientPayment({ ...deps, ids: new SequentialIds('same') })(admin, input);
    const stale = await setup();
    await stale.invoice(10, '2026-02-01');
    stale.sources.write = async () => 'stale';

    // Act
    const redo = await recordClientPayment({ ...deps, ids: new SequentialIds('same') })(admin, { ...input, amount: 999 });
    const contended = await reject(recordClientPayment(stale.deps)(admin, NewPayment.parse({ clientId: stale.client.id, amount: 1000, method: 'cash' })));

    // Assess
    expect(redo).toEqual(first);
    expect(sources.writes).toHaveLength(1);
    expect(contended).toMatchObject({ name: 'TransactionConflictException' });
    expect(contended.message).toContain(`${SOURCE_ROUNDS} rounds`);
  });

  it('applies credit later without a ledger movement, and a reversal puts the money back on the reversal date', async () => {
    // Prepare
    const { deps, client, sources, invoice } = await setup();
    const payment = await recordClientPayment(deps)(admin, NewPayment.parse({ clientId: client.id, amount: 8000, method: 'check', date: '2026-02-20' }));
    const a = await invoice(5, '2026-02-01');

    // Act
    const applied = await applyPaymentCredit(deps)(admin, payment.id);
    deps.clock.advance(86_400_000);
    const reversed = await reverseClientPayment(deps)(admin, payment.id);
    const overview = await clientPaymentsOverview(deps)(admin, client.id);

    // Assess
    const [, apply, reverse] = sources.writes;
    expect(applied).toMatchObject({ unapplied: 3000, version: 2, allocations: [{ invoiceId: a.id, amount: 5000, date: '2026-03-02' }] });
    expect(apply!.receivables.ledger).toEqual([]);
    expect(apply!.receivables.credit).toEqual([{ clientId: client.id, currency: 'CLP', amount: -5000 }]);
    expect(apply!.paymentsMonth).toBeUndefined();
    expect(reversed).toMatchObject({ status: 'reversed', unapplied: 0, reversedDate: '2026-03-03', version: 3 });
    expect(reverse!.receivables.ledger).toEqual([expect.objectContaining({ kind: 'payment_reversal', date: '2026-03-03', amount: 8000 })]);
    expect(reverse!.receivables.credit).toEqual([{ clientId: client.id, currency: 'CLP', amount: -3000 }]);
    expect(reverse!.paymentsMonth).toEqual({ month: '2026-02', day: '20', currency: 'CLP', count: -1, amount: -8000 });
    expect(overview).toMatchObject({ month: '2026-03', currencies: [], last: [expect.objectContaining({ id: payment.id, status: 'reversed' })], more: false });
  });

  it('refuses a payment without payments.manage, and a credit note number already taken', async () => {
    // Prepare
    const { deps, client, invoice } = await setup();
    const a = await invoice(10, '2026-02-01');
    const note = await createCreditNote(deps)(admin, NewCreditNote.parse({ clientId: client.id, number: 'NC-1', amount: 1000, invoiceId: a.id }));

    // Act
    const forbidden = await reject(
      recordClientPayment(deps)(anActor({ permissions: ['invoices.manage'] }), NewPayment.parse({ clientId: client.id, amount: 1, method: 'cash' })),
    );
    const taken = await reject(createCreditNote(deps)(admin, NewCreditNote.parse({ clientId: client.id, number: 'nc-1', amount: 1000 })));
    const reversed = await reverseCreditNote(deps)(admin, note.id);

    // Assess
    expect(forbidden).toMatchObject({ code: 'forbidden', details: { permission: 'payments.manage' } });
    expect(taken).toMatchObject({ code: 'conflict', details: { entity: 'creditNote', field: 'number', existingId: note.id } });
    expect(reversed).toMatchObject({ status: 'reversed' });
    expect(await deps.invoices.get('tenant-a', a.id)).toMatchObject({ status: 'issued', credited: 0, balance: 10000 });
  });
});
