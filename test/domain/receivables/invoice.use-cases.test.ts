import { describe, expect, it } from 'vitest';
import { NewClient } from '../../../domain/clients/client.schema.ts';
import { createClient, updateClient } from '../../../domain/clients/client.use-cases.ts';
import { NewInvoice } from '../../../domain/receivables/invoice.ts';
import {
  createInvoice,
  getInvoice,
  holdExistingInvoice,
  invoiceCurrencies,
  issueExistingInvoice,
  listInvoices,
  releaseInvoiceHold,
  voidExistingInvoice,
} from '../../../domain/receivables/invoice.use-cases.ts';
import type { DomainError } from '../../../domain/shared/errors.ts';
import { inMemoryClientBook } from '../client-fakes.ts';
import { anActor, aTenant, aUser, T0 } from '../fixtures.ts';
import { InMemoryInvoiceRepository } from './invoice-fakes.ts';

const admin = anActor({ permissions: ['invoices.manage'] });
const seller = anActor({ userId: 'seller-1', accessLevel: 4, permissions: ['invoices.manage'] });
const line = { description: 'Asesoría', quantity: 1, unitPrice: 100000, taxRate: 19 };
const input = (overrides: Record<string, unknown> = {}) => NewInvoice.parse({ clientId: 'c-0001', lines: [line], ...overrides });

async function setup(tenant = aTenant()) {
  const book = inMemoryClientBook(T0);
  await book.tenants.createIfAbsent(tenant);
  await book.users.create(aUser({ id: 'admin-a' }));
  await book.users.create(aUser({ id: 'seller-1', email: 's@acme.test', accessLevel: 4 }));
  await book.catalogs.create({ id: 'mayorista', tenantId: 'tenant-a', kind: 'category', name: 'Mayorista', version: 1, createdAt: T0, updatedAt: T0 });
  const mine = await createClient(book)(
    anActor(),
    NewClient.parse({ personType: 'other', name: 'Ferretería Sur', categoryId: 'mayorista', sellerId: 'seller-1', paymentTermsDays: 30 }),
  );
  const other = await createClient(book)(anActor(), NewClient.parse({ personType: 'other', name: 'Panadería Norte' }));
  const invoices = new InMemoryInvoiceRepository(book.clients);
  return { deps: { ...book, invoices }, mine, other, invoices };
}

const reject = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e as DomainError,
  );

describe('creating invoices', () => {
  it('prices a draft, dates it from the client terms, copies the client keys and writes one history entry', async () => {
    // Prepare
    const { deps, mine } = await setup();

    // Act
    const invoice = await createInvoice(deps)(admin, input({ issueDate: '2026-03-01' }));

    // Assess
    expect(invoice).toMatchObject({
      clientId: mine.id,
      status: 'draft',
      issueDate: '2026-03-01',
      dueDate: '2026-03-31',
      currency: 'CLP',
      totals: { net: 100000, tax: 19000, total: 119000 },
      categoryId: 'mayorista',
      sellerId: 'seller-1',
      displayStatus: 'draft',
      holdState: 'none',
    });
    expect(invoice.number).toBeUndefined();
    const history = deps.clients.historyOf('tenant-a', mine.id).filter((h) => h.invoiceId);
    expect(history).toEqual([expect.objectContaining({ operation: 'invoice.create', version: 1, invoiceId: invoice.id, by: 'admin-a' })]);
    expect(history[0]!.changes).toContainEqual({ field: 'invoice.total', to: 119000 });
  });

  it('numbers issued invoices from the sequence, consecutively, skipping a number taken by hand', async () => {
    // Prepare
    const { deps } = await setup();
    await createInvoice(deps)(admin, input({ number: '2' }));

    // Act
    const numbers = [];
    for (let i = 0; i < 3; i++) numbers.push((await createInvoice(deps)(admin, input({ status: 'issued' }))).number);

    // Assess
    expect(numbers).toEqual(['1', '3', '4']);
    expect(await deps.invoices.lastNumber('tenant-a')).toBe(4);
  });

  it('leaves no gap when the write fails, and re-reads a sequence another writer moved', async () => {
    // Prepare
    const { deps, invoices } = await setup();
    invoices.beforeWrite = () => {
      throw new Error('store unavailable');
    };
    const failed = await reject(createInvoice(deps)(admin, input({ status: 'issued' })));
    let raced = false;
    invoices.beforeWrite = () => {
      if (!raced) invoices.setLastNumber('tenant-a', 1);
      raced = true;
    };

    // Act
    const invoice = await createInvoice(deps)(admin, input({ status: 'issued' }));

    // Assess
    expect(failed).toMatchObject({ message: 'store unavailable' });
    expect(invoice).toMatchObject({ number: '2', status: 'issued', balance: 119000 });
  });

  it('refuses a number the tenant already used, naming the invoice that holds it (any case)', async () => {
    // Prepare
    const { deps } = await setup();
    const first = await createInvoice(deps)(admin, input({ number: 'F-10' }));

    // Act
    const refused = await reject(createInvoice(deps)(admin, input({ number: 'f-10', status: 'issued' })));

    // Assess
    expect(refused).toMatchObject({ code: 'conflict', details: { entity: 'invoice', field: 'number', existingId: first.id } });
  });

  it.each([
    ['the peso of its country', aTenant(), 'CLP', true],
    ['the UF its country also uses', aTenant(), 'CLF', true],
    ['a foreign currency', aTenant(), 'USD', false],
    ['a foreign currency the tenant allows', aTenant({ allowForeignCurrency: true }), 'USD', true],
  ] as const)('takes %s: %s', async (_what, tenant, currency, allowed) => {
    // Prepare
    const { deps } = await setup(tenant);

    // Act
    const outcome = await createInvoice(deps)(admin, input({ currency })).catch((e: unknown) => e);

    // Assess
    if (allowed) expect(outcome).toMatchObject({ currency });
    else
      expect(outcome).toMatchObject({
        code: 'validation_failed',
        details: { errors: [{ pointer: '/currency', code: 'currency_not_allowed', params: { currencies: ['CLP', 'CLF'] } }] },
      });
    expect(invoiceCurrencies(tenant)).toContain(tenant.currency);
  });

  it('answers 404 for a client of another tenant or outside the scope, and forbids without the permission', async () => {
    // Prepare
    const { deps, other } = await setup();

    // Act
    const outOfScope = await reject(createInvoice(deps)(seller, input({ clientId: other.id })));
    const foreign = await reject(createInvoice(deps)({ ...admin, tenantId: 'tenant-b' }, input()));
    const withoutPermission = await reject(createInvoice(deps)(anActor(), input()));

    // Assess
    expect(outOfScope).toMatchObject({ code: 'not_found', details: { entity: 'client', id: other.id } });
    expect(foreign).toMatchObject({ code: 'not_found', details: { entity: 'client' } });
    expect(withoutPermission).toMatchObject({ code: 'forbidden', details: { reason: 'requires_permission', permission: 'invoices.manage' } });
    expect(deps.invoices.all('tenant-a')).toEqual([]);
  });
});

describe('changing invoices', () => {
  it('issues a draft with the next number, voids it, and records each change', async () => {
    // Prepare
    const { deps, mine } = await setup();
    const draft = await createInvoice(deps)(admin, input());

    // Act
    const issued = await issueExistingInvoice(deps)(admin, draft.id);
    const again = await reject(issueExistingInvoice(deps)(admin, draft.id));
    const voided = await voidExistingInvoice(deps)(admin, draft.id);
    const twice = await reject(voidExistingInvoice(deps)(admin, draft.id));

    // Assess
    expect(issued).toMatchObject({ number: '1', status: 'issued', version: 2, balance: 119000 });
    expect(again).toMatchObject({ code: 'invalid_state', details: { reason: 'not_draft' } });
    expect(voided).toMatchObject({ status: 'void', balance: 0, version: 3 });
    expect(twice).toMatchObject({ code: 'invalid_state', details: { reason: 'already_void' } });
    expect(
      deps.clients
        .historyOf('tenant-a', mine.id)
        .filter((h) => h.invoiceId)
        .map((h) => h.operation),
    ).toEqual(['invoice.create', 'invoice.issue', 'invoice.void']);
  });

  it('hands each write its receivables change: the client’s category now, the statement movements; nothing for a hold', async () => {
    // Prepare
    const { deps, mine, invoices } = await setup();
    await deps.catalogs.create({ id: 'minorista', tenantId: 'tenant-a', kind: 'category', name: 'Minorista', version: 1, createdAt: T0, updatedAt: T0 });
    const draft = await createInvoice(deps)(admin, input({ clientId: mine.id, issueDate: '2026-02-01' }));
    const issued = await issueExistingInvoice(deps)(admin, draft.id);
    await holdExistingInvoice(deps)(admin, draft.id, { kind: 'disputed', reason: 'Revisión' });

    // Act: the client moves to another category, then the invoice is voided.
    await updateClient(deps)(anActor(), mine.id, { categoryId: 'minorista' }, 'any');
    const voided = await voidExistingInvoice(deps)(admin, draft.id);

    // Assess
    const [create, issue, voiding, ...more] = invoices.receivables;
    expect(more).toEqual([]);
    expect(create).toEqual({
      tenantId: 'tenant-a',
      invoices: [{ after: expect.objectContaining({ id: draft.id, status: 'draft', categoryId: 'mayorista' }) }],
    });
    expect(issue!.invoices[0]).toMatchObject({ before: { status: 'draft' }, after: { status: 'issued', balance: 119000, categoryId: 'mayorista' } });
    expect(issue!.ledger).toEqual([
      { clientId: mine.id, currency: 'CLP', date: '2026-02-01', kind: 'invoice', documentId: draft.id, number: issued.number, amount: 119000 },
    ]);
    // The contribution leaves the category the previous write put it in and the void carries the client's category now.
    expect(voiding!.invoices[0]).toMatchObject({ before: { status: 'issued', categoryId: 'mayorista' }, after: { status: 'void', categoryId: 'minorista' } });
    expect(voiding!.ledger).toEqual([
      { clientId: mine.id, currency: 'CLP', date: '2026-03-02', kind: 'invoice_void', documentId: draft.id, number: issued.number, amount: -119000 },
    ]);
    expect(voided.categoryId).toBe('minorista');
  });

  it('refuses to void an invoice with payments applied', async () => {
    // Prepare
    const { deps, invoices } = await setup();
    const issued = await createInvoice(deps)(admin, input({ status: 'issued' }));
    const stored = (await invoices.get('tenant-a', issued.id))!;
    await invoices.update({ ...stored, paid: 1000, balance: 118000, status: 'partially_paid', version: 2 }, stored, []);

    // Act
    const refused = await reject(voidExistingInvoice(deps)(admin, issued.id));

    // Assess
    expect(refused).toMatchObject({ code: 'invalid_state', details: { reason: 'has_applied_amounts', paid: 1000 } });
  });

  it('puts and releases holds; a promise for a past date is refused, a release without hold writes nothing', async () => {
    // Prepare
    const { deps, mine } = await setup();
    const issued = await createInvoice(deps)(admin, input({ status: 'issued' }));

    // Act
    const disputed = await holdExistingInvoice(deps)(admin, issued.id, { kind: 'disputed', reason: 'Mercadería dañada' });
    const promised = await holdExistingInvoice(deps)(admin, issued.id, { kind: 'promise', promisedDate: '2026-03-10' });
    const past = await reject(holdExistingInvoice(deps)(admin, issued.id, { kind: 'promise', promisedDate: '2026-02-01' }));
    const released = await releaseInvoiceHold(deps)(admin, issued.id);
    const releasedAgain = await releaseInvoiceHold(deps)(admin, issued.id);

    // Assess
    expect(disputed).toMatchObject({ hold: { kind: 'disputed', since: '2026-03-02' }, holdState: 'disputed' });
    expect(promised).toMatchObject({ hold: { kind: 'promise', promisedDate: '2026-03-10' }, holdState: 'promised' });
    expect(past).toMatchObject({ code: 'validation_failed', details: { errors: [{ pointer: '/promisedDate', code: 'date_in_past' }] } });
    expect(released.hold).toBeUndefined();
    expect(releasedAgain.version).toBe(released.version);
    expect(
      deps.clients
        .historyOf('tenant-a', mine.id)
        .filter((h) => h.invoiceId)
        .map((h) => h.operation),
    ).toEqual(['invoice.create', 'invoice.hold', 'invoice.hold', 'invoice.release']);
  });
});

describe('reading invoices', () => {
  it('shows a level-4 user only the invoices of their clients; another one is a 404', async () => {
    // Prepare
    const { deps, mine, other } = await setup();
    const theirs = await createInvoice(deps)(admin, input({ clientId: mine.id, status: 'issued', issueDate: '2026-01-02' }));
    const hidden = await createInvoice(deps)(admin, input({ clientId: other.id, status: 'issued' }));

    // Act
    const listed = await listInvoices(deps)(seller, {}, { limit: 10 });
    const overdue = await listInvoices(deps)(admin, { status: 'overdue' }, { limit: 10 });
    const refused = await reject(getInvoice(deps)(seller, hidden.id));
    const otherClient = await reject(listInvoices(deps)(seller, { clientId: other.id }, { limit: 10 }));

    // Assess
    expect(listed.items.map((i) => i.id)).toEqual([theirs.id]);
    expect(overdue.items).toEqual([expect.objectContaining({ id: theirs.id, displayStatus: 'overdue', dueDate: '2026-02-01' })]);
    expect(refused).toMatchObject({ code: 'not_found', details: { entity: 'invoice', id: hidden.id } });
    expect(otherClient).toMatchObject({ code: 'not_found', details: { entity: 'client' } });
  });
});
