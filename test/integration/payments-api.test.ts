import { beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { NewClient, type Client } from '../../domain/clients/client.schema.ts';
import { NewPayment } from '../../domain/receivables/payment.ts';
import { recordClientPayment } from '../../domain/receivables/payment.use-cases.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

const { handler } = await import('../../functions/http/receivables-api.handler.ts');
type Extra = Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'>;
const call = (routeKey: string, as: TestUser, extra: Extra = {}) => handler(httpEvent({ routeKey, as, ...extra }), contextOf('receivables-api'));

const deps = testDeps();
let admin: TestUser;
let seller: TestUser;
let stranger: TestUser;
let theirs: Client;
let others: Client;

const actorOf = (u: TestUser) => ({ tenantId: u.tenantId, userId: u.id, accessLevel: u.accessLevel, permissions: u.permissions });
const newClient = (name: string, as = admin, extra: Record<string, unknown> = {}) =>
  createClient(deps)(actorOf(as), NewClient.parse({ personType: 'other', name, ...extra }));

/** An issued invoice of `thousands` × 1,000 CLP without tax, so totals are easy to read. */
async function invoice(clientId: string, thousands: number, dates: { issueDate: string; dueDate: string }, as = admin) {
  const created = await call('POST /v1/invoices', as, {
    body: { clientId, status: 'issued', ...dates, lines: [{ description: 'Cemento', quantity: String(thousands), unitPrice: '1000', taxRate: '0' }] },
  });
  expect(created.statusCode).toBe(201);
  return json(created) as { id: string; balance: number; number: string };
}
const readInvoice = async (id: string, as = admin) => json(await call('GET /v1/invoices/{invoiceId}', as, { pathParameters: { invoiceId: id } }));
const pay = (body: Record<string, unknown>, as = admin, headers: Record<string, string> = {}) => call('POST /v1/payments', as, { body, headers });
const onPayment = (routeKey: string, paymentId: string, as = admin, extra: Extra = {}) => call(routeKey, as, { pathParameters: { paymentId }, ...extra });
const figures = async (u: TestUser, clientId: string) => {
  const [client] = await deps.aggregates.client(u.tenantId, clientId);
  const open = await deps.aggregates.open(u.tenantId, 'due', 'CLP');
  return { credit: client?.credit ?? 0, openByDue: client?.openByDue ?? {}, tenantOpen: open.reduce((sum, row) => sum + row.amount, 0) };
};
const early = { issueDate: '2026-01-05', dueDate: '2026-02-04' };
const middle = { issueDate: '2026-01-10', dueDate: '2026-02-20' };
const late = { issueDate: '2026-01-02', dueDate: '2026-03-30' };

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  ({ admin: stranger } = await newTenant(deps));
  seller = await newUser(deps, admin.tenantId, { accessLevel: 4, permissions: ['payments.manage', 'invoices.manage'] });
  theirs = await newClient('Ferretería Sur', admin, { sellerId: seller.id });
  others = await newClient('Panadería Norte');
});

describe('payments over HTTP', () => {
  it('applies one payment over several invoices as the caller allocates it; the rest is the client’s credit, all in its history', async () => {
    // Prepare
    const client = await newClient('Constructora Andes');
    const a = await invoice(client.id, 100, early);
    const b = await invoice(client.id, 50, middle);
    const before = await figures(admin, client.id);

    // Act
    const created = await pay({
      clientId: client.id,
      amount: 131000,
      method: 'transfer',
      reference: 'TEF 1',
      allocations: [
        { invoiceId: a.id, amount: 100000 },
        { invoiceId: b.id, amount: 30000 },
      ],
    });
    const after = await figures(admin, client.id);
    const history = await deps.clients.history(admin.tenantId, client.id, { limit: 50 });

    // Assess
    expect(created.statusCode).toBe(201);
    const payment = json(created);
    expect(payment).toMatchObject({ amount: 131000, currency: 'CLP', unapplied: 1000, status: 'active', version: 1 });
    expect(payment.allocations.map((x: { invoiceId: string; amount: number }) => [x.invoiceId, x.amount])).toEqual([
      [a.id, 100000],
      [b.id, 30000],
    ]);
    expect(await readInvoice(a.id)).toMatchObject({ status: 'paid', paid: 100000, balance: 0, version: 2 });
    expect(await readInvoice(b.id)).toMatchObject({ status: 'partially_paid', paid: 30000, balance: 20000, version: 2 });
    expect(after.credit - before.credit).toBe(1000);
    expect(after.tenantOpen - before.tenantOpen).toBe(-130000);
    const mine = history.items.filter((h) => h.operationId === payment.id);
    expect(mine.map((h) => h.operation).sort()).toEqual(['invoice.payment', 'invoice.payment', 'payment.create']);
    expect(mine.find((h) => h.invoiceId === b.id)?.changes).toContainEqual({ field: 'invoice.balance', from: 50000, to: 20000 });
  });

  it('applies oldest due first when no allocation is given, whatever the order the invoices were issued in', async () => {
    // Prepare
    const client = await newClient('Maderas del Sur');
    const last = await invoice(client.id, 40, late);
    const first = await invoice(client.id, 10, early);
    const second = await invoice(client.id, 20, middle);

    // Act
    const payment = json(await pay({ clientId: client.id, amount: 25000, method: 'cash' }));

    // Assess
    expect(payment.allocations.map((x: { invoiceId: string; amount: number }) => [x.invoiceId, x.amount])).toEqual([
      [first.id, 10000],
      [second.id, 15000],
    ]);
    expect(payment.unapplied).toBe(0);
    expect((await readInvoice(last.id)).balance).toBe(40000);
    expect((await readInvoice(second.id)).status).toBe('partially_paid');
  });

  it('keeps what it cannot apply as credit and applies it later, oldest first or as told', async () => {
    // Prepare
    const client = await newClient('Vidrios Austral');
    const start = await figures(admin, client.id);
    const payment = json(await pay({ clientId: client.id, amount: 70000, method: 'check', reference: 'CHQ 5501' }));
    const x = await invoice(client.id, 30, early);
    const y = await invoice(client.id, 60, middle);

    // Act
    const credited = await figures(admin, client.id);
    const told = await onPayment('POST /v1/payments/{paymentId}/apply', payment.id, admin, { body: { allocations: [{ invoiceId: x.id, amount: 30000 }] } });
    const oldest = await onPayment('POST /v1/payments/{paymentId}/apply', payment.id, admin, { body: {} });
    const nothingLeft = await onPayment('POST /v1/payments/{paymentId}/apply', payment.id, admin, {
      body: { allocations: [{ invoiceId: y.id, amount: 1 }] },
      headers: { 'accept-language': 'en' },
    });
    const end = await figures(admin, client.id);

    // Assess
    expect(payment).toMatchObject({ unapplied: 70000, allocations: [] });
    expect(credited.credit - start.credit).toBe(70000);
    expect(json(told)).toMatchObject({ unapplied: 40000, version: 2 });
    expect(json(oldest)).toMatchObject({ unapplied: 0, version: 3 });
    expect(json(oldest).allocations.map((a: { invoiceId: string; amount: number }) => [a.invoiceId, a.amount])).toEqual([
      [x.id, 30000],
      [y.id, 40000],
    ]);
    expect(await readInvoice(y.id)).toMatchObject({ status: 'partially_paid', balance: 20000 });
    expect(end.credit).toBe(start.credit);
    expect(nothingLeft.statusCode).toBe(409);
    expect(json(nothingLeft)).toMatchObject({ code: 'invalid_state', reason: 'nothing_unapplied', detail: expect.stringContaining('no credit is left') });
  });

  it('reverses a payment: balances, statuses, credit and aggregates back to what they were; twice is a 409', async () => {
    // Prepare
    const client = await newClient('Ferretería Lago');
    const a = await invoice(client.id, 20, early);
    const b = await invoice(client.id, 30, middle);
    await pay({ clientId: client.id, amount: 5000, method: 'cash', allocations: [{ invoiceId: b.id, amount: 5000 }] });
    const before = await figures(admin, client.id);
    const beforeB = await readInvoice(b.id);
    const month = json(await call('GET /v1/clients/{clientId}/payments-overview', admin, { pathParameters: { clientId: client.id } }));
    const payment = json(await pay({ clientId: client.id, amount: 60000, method: 'deposit' }));
    const paid = await figures(admin, client.id);

    // Act
    const reversed = await onPayment('POST /v1/payments/{paymentId}/reverse', payment.id);
    const again = await onPayment('POST /v1/payments/{paymentId}/reverse', payment.id);
    const applyReversed = await onPayment('POST /v1/payments/{paymentId}/apply', payment.id, admin, { body: {} });
    const after = await figures(admin, client.id);
    const monthAfter = json(await call('GET /v1/clients/{clientId}/payments-overview', admin, { pathParameters: { clientId: client.id } }));

    // Assess
    expect(payment.unapplied).toBe(60000 - 20000 - 25000);
    expect(paid.credit - before.credit).toBe(15000);
    expect(paid.tenantOpen - before.tenantOpen).toBe(-45000);
    expect(json(reversed)).toMatchObject({ status: 'reversed', unapplied: 0, version: 2 });
    expect(after).toEqual(before);
    expect(await readInvoice(a.id)).toMatchObject({ status: 'issued', paid: 0, balance: 20000 });
    expect(await readInvoice(b.id)).toMatchObject({ status: 'partially_paid', paid: 5000, balance: 25000, version: beforeB.version + 2 });
    expect(monthAfter.currencies).toEqual(month.currencies);
    expect(again.statusCode).toBe(409);
    expect(json(again)).toMatchObject({ code: 'invalid_state', reason: 'already_reversed' });
    expect(applyReversed.statusCode).toBe(409);
    expect(json(applyReversed)).toMatchObject({ code: 'invalid_state', reason: 'source_reversed' });
  });

  it('never over-applies: two payments of one invoice at once, one refused; two oldest-first ones both land within the balance', async () => {
    // Prepare
    const client = await newClient('Áridos Centro');
    const target = await invoice(client.id, 80, early);
    const full = { clientId: client.id, amount: 80000, method: 'transfer', allocations: [{ invoiceId: target.id, amount: 80000 }] };
    const other = await invoice(client.id, 50, middle);

    // Act
    const [one, two] = await Promise.all([pay(full), pay(full)]);
    const [three, four] = await Promise.all([
      pay({ clientId: client.id, amount: 30000, method: 'cash' }),
      pay({ clientId: client.id, amount: 30000, method: 'cash' }),
    ]);
    const listed = json(await call('GET /v1/payments', admin, { query: { clientId: client.id, limit: '100' } }));

    // Assess
    const outcomes = [one, two].map((r) => r.statusCode).sort();
    expect(outcomes).toEqual([201, 400]);
    const refused = json([one, two].find((r) => r.statusCode === 400)!);
    expect(refused.errors).toEqual([expect.objectContaining({ pointer: '/body/allocations/0/invoiceId', code: 'invoice_not_open' })]);
    expect(await readInvoice(target.id)).toMatchObject({ status: 'paid', paid: 80000, balance: 0 });
    expect([three.statusCode, four.statusCode]).toEqual([201, 201]);
    expect(await readInvoice(other.id)).toMatchObject({ status: 'paid', paid: 50000, balance: 0 });
    expect(json(three).unapplied + json(four).unapplied).toBe(10000);
    expect(listed.items).toHaveLength(3);
  });

  it('answers 409 write_too_large, writing nothing, when 20 invoices of 20 different years do not fit in one transaction', async () => {
    // Prepare: 20 open invoices, each issued in its own year and due on its own date.
    const client = await newClient('Distribuidora Veinte Años');
    const invoices = [];
    for (let year = 2001; year <= 2020; year += 1) invoices.push(await invoice(client.id, 1, { issueDate: `${year}-03-01`, dueDate: `${year}-04-01` }));
    const before = await figures(admin, client.id);

    // Act
    const refused = await pay({
      clientId: client.id,
      amount: 20_000,
      method: 'transfer',
      allocations: invoices.map((i) => ({ invoiceId: i.id, amount: 1_000 })),
    });
    const inEnglish = await pay(
      { clientId: client.id, amount: 20_000, method: 'transfer', allocations: invoices.map((i) => ({ invoiceId: i.id, amount: 1_000 })) },
      admin,
      { 'accept-language': 'en' },
    );

    // Assess
    expect(refused.statusCode).toBe(409);
    expect(json(refused)).toMatchObject({ code: 'invalid_state', reason: 'write_too_large' });
    expect(json(refused).detail).toContain('divida la asignación');
    expect(json(inEnglish).detail).toContain('split the allocation');
    expect(await figures(admin, client.id)).toEqual(before);
    expect((await readInvoice(invoices[0]!.id)).balance).toBe(1_000);
    // Half of them fit: the same payment split in two lands.
    const first = await pay({
      clientId: client.id,
      amount: 10_000,
      method: 'transfer',
      allocations: invoices.slice(0, 10).map((i) => ({ invoiceId: i.id, amount: 1_000 })),
    });
    expect(first.statusCode).toBe(201);
  });

  it('records the same Idempotency-Key once, and answers its replay', async () => {
    // Prepare
    const client = await newClient('Cerámicas Norte');
    const target = await invoice(client.id, 10, early);
    const body = { clientId: client.id, amount: 4000, method: 'card', allocations: [{ invoiceId: target.id, amount: 4000 }] };
    const headers = { 'idempotency-key': `pay-${client.id}` };

    // Act
    const first = await pay(body, admin, headers);
    const again = await pay(body, admin, headers);
    const listed = json(await call('GET /v1/payments', admin, { query: { clientId: client.id } }));

    // Assess
    expect(first.statusCode).toBe(201);
    expect(again.headers?.['idempotency-replayed']).toBe('true');
    expect(json(again).id).toBe(json(first).id);
    expect(listed.items).toHaveLength(1);
    expect((await readInvoice(target.id)).balance).toBe(6000);
  });

  it('redone after its answer was lost (same ids), finds its payment under its own id and applies nothing twice', async () => {
    // Prepare
    const client = await newClient('Sanitarios Sur');
    const target = await invoice(client.id, 10, early);
    const seeded = () => ({ ...deps, ids: { next: () => `01JPAY${client.id.slice(-20)}` } });
    const input = NewPayment.parse({ clientId: client.id, amount: 4000, method: 'cash', allocations: [{ invoiceId: target.id, amount: 4000 }] });
    const first = await recordClientPayment(seeded())(actorOf(admin), input);

    // Act
    const redo = await recordClientPayment(seeded())(actorOf(admin), input);

    // Assess
    expect(redo).toEqual(first);
    expect(await readInvoice(target.id)).toMatchObject({ paid: 4000, balance: 6000, version: 2 });
  });

  it('keeps other companies and clients out of reach out (404), and needs payments.manage (403)', async () => {
    // Prepare
    const mine = await invoice(theirs.id, 10, early);
    const payment = json(await pay({ clientId: theirs.id, amount: 1000, method: 'cash', allocations: [{ invoiceId: mine.id, amount: 1000 }] }));
    const notMine = json(await pay({ clientId: others.id, amount: 1000, method: 'cash' }));
    const foreignInvoice = await invoice((await newClient('Ajeno', stranger)).id, 10, early, stranger);
    const clerk = await newUser(deps, admin.tenantId, { accessLevel: 1, permissions: ['invoices.manage'] });

    // Act
    const foreign = await Promise.all([
      onPayment('GET /v1/payments/{paymentId}', payment.id, stranger),
      onPayment('POST /v1/payments/{paymentId}/reverse', payment.id, stranger),
      onPayment('POST /v1/payments/{paymentId}/apply', payment.id, stranger, { body: {} }),
    ]);
    const foreignClient = await pay({ clientId: theirs.id, amount: 1000, method: 'cash' }, stranger);
    const foreignTab = await call('GET /v1/clients/{clientId}/payments-overview', stranger, { pathParameters: { clientId: theirs.id } });
    const foreignAllocation = await pay({ clientId: theirs.id, amount: 1000, method: 'cash', allocations: [{ invoiceId: foreignInvoice.id, amount: 1000 }] });
    const outOfScope = await onPayment('GET /v1/payments/{paymentId}', notMine.id, seller);
    const outOfScopeCreate = await pay({ clientId: others.id, amount: 1000, method: 'cash' }, seller);
    const outOfScopeList = await call('GET /v1/payments', seller, { query: { clientId: others.id } });
    const wholeCompany = await call('GET /v1/payments', seller);
    const ownList = json(await call('GET /v1/payments', seller, { query: { clientId: theirs.id } }));
    const withoutPermission = await pay({ clientId: theirs.id, amount: 1000, method: 'cash' }, clerk);
    const reverseWithout = await onPayment('POST /v1/payments/{paymentId}/reverse', payment.id, clerk);

    // Assess
    for (const r of foreign) {
      expect(r.statusCode).toBe(404);
      expect(json(r)).toMatchObject({ code: 'not_found', entity: 'payment' });
    }
    for (const r of [foreignClient, foreignTab, outOfScopeCreate, outOfScopeList]) {
      expect(r.statusCode).toBe(404);
      expect(json(r)).toMatchObject({ code: 'not_found', entity: 'client' });
    }
    expect(foreignAllocation.statusCode).toBe(400);
    expect(json(foreignAllocation).errors).toEqual([expect.objectContaining({ code: 'unknown_invoice' })]);
    expect(outOfScope.statusCode).toBe(404);
    expect(wholeCompany.statusCode).toBe(400);
    expect(json(wholeCompany).errors).toEqual([expect.objectContaining({ pointer: '/query/clientId', code: 'required' })]);
    expect(ownList.items.map((p: { id: string }) => p.id)).toContain(payment.id);
    for (const r of [withoutPermission, reverseWithout]) {
      expect(r.statusCode).toBe(403);
      expect(json(r)).toMatchObject({ code: 'forbidden', reason: 'requires_permission', permission: 'payments.manage' });
    }
  });

  it('refuses hostile input with a 400 naming each field, in Spanish and English, and never writes', async () => {
    // Prepare
    const client = await newClient('Pinturas Sur');
    const target = await invoice(client.id, 10, early);
    const base = { clientId: client.id, amount: 1000, method: 'cash' };
    const bodies = [
      { ...base, amount: -5 },
      { ...base, amount: 10.5 },
      { ...base, amount: '1000' },
      { ...base, amount: 1e16 },
      { ...base, method: 'bitcoin' },
      { ...base, date: '2999-01-01' },
      { ...base, date: '2026-02-30' },
      { ...base, currency: 'USD' },
      { ...base, extra: true },
      { ...base, reference: 'x'.repeat(101) },
      { ...base, allocations: Array.from({ length: 21 }, () => ({ invoiceId: target.id, amount: 1 })) },
      {
        ...base,
        allocations: [
          { invoiceId: target.id, amount: 500 },
          { invoiceId: target.id, amount: 500 },
        ],
      },
      { ...base, allocations: [{ invoiceId: target.id, amount: 2000 }] },
      { ...base, amount: 20000, allocations: [{ invoiceId: target.id, amount: 15000 }] },
      { ...base, clientId: '../../etc' },
    ];

    // Act
    const answers = await Promise.all(bodies.map((body) => pay(body)));
    const english = await pay(bodies[13]!, admin, { 'accept-language': 'en' });
    const spanish = json(answers[13]!);
    const listed = json(await call('GET /v1/payments', admin, { query: { clientId: client.id } }));

    // Assess
    expect(answers.map((r) => r.statusCode)).toEqual(bodies.map(() => 400));
    for (const r of answers) expect(r.headers?.['content-type']).toBe('application/problem+json');
    expect(spanish.errors).toEqual([expect.objectContaining({ pointer: '/body/allocations/0/amount', code: 'exceeds_balance' })]);
    expect(spanish.errors[0].message).toContain('saldo de la factura (10.000 CLP)');
    expect(json(english).errors[0].message).toContain("invoice's balance (10,000 CLP)");
    expect(json(answers[5]!).errors).toEqual([expect.objectContaining({ pointer: '/body/date', code: 'date_in_future' })]);
    expect(listed.items).toEqual([]);
    expect((await readInvoice(target.id)).balance).toBe(10000);
  });
});

describe('credit notes over HTTP', () => {
  it('reduces an invoice’s balance, keeps its number unique, and a reversal gives the balance back', async () => {
    // Prepare
    const client = await newClient('Eléctrica Sur');
    const target = await invoice(client.id, 50, early);
    const before = await figures(admin, client.id);
    const number = `NC-${client.id.slice(-6)}`;

    // Act
    const created = await call('POST /v1/credit-notes', admin, { body: { clientId: client.id, number, amount: 8000, invoiceId: target.id, reason: 'Flete' } });
    const taken = await call('POST /v1/credit-notes', admin, { body: { clientId: client.id, number: number.toLowerCase(), amount: 1000 } });
    const credited = await readInvoice(target.id);
    const asCredit = json(await call('POST /v1/credit-notes', admin, { body: { clientId: client.id, amount: 3000 } }));
    const noteId = json(created).id;
    const read = await call('GET /v1/credit-notes/{creditNoteId}', admin, { pathParameters: { creditNoteId: noteId } });
    const reversed = await call('POST /v1/credit-notes/{creditNoteId}/reverse', admin, { pathParameters: { creditNoteId: noteId } });
    const again = await call('POST /v1/credit-notes/{creditNoteId}/reverse', admin, { pathParameters: { creditNoteId: noteId } });
    await call('POST /v1/credit-notes/{creditNoteId}/reverse', admin, { pathParameters: { creditNoteId: asCredit.id } });
    const foreign = await call('GET /v1/credit-notes/{creditNoteId}', stranger, { pathParameters: { creditNoteId: noteId } });
    const listed = json(await call('GET /v1/credit-notes', admin, { query: { clientId: client.id } }));
    const history = await deps.clients.history(admin.tenantId, client.id, { limit: 50 });

    // Assess
    expect(created.statusCode).toBe(201);
    expect(json(created)).toMatchObject({ kind: 'credit_note', number, amount: 8000, unapplied: 0 });
    expect(taken.statusCode).toBe(409);
    expect(json(taken)).toMatchObject({ code: 'conflict', entity: 'creditNote', field: 'number', existingId: noteId });
    expect(credited).toMatchObject({ status: 'partially_paid', credited: 8000, balance: 42000 });
    expect(asCredit).toMatchObject({ unapplied: 3000, allocations: [] });
    expect(json(read)).toEqual(json(created));
    expect(json(reversed)).toMatchObject({ status: 'reversed', version: 2 });
    expect(again.statusCode).toBe(409);
    expect(json(again)).toMatchObject({ code: 'invalid_state', reason: 'already_reversed' });
    expect(await readInvoice(target.id)).toMatchObject({ status: 'issued', credited: 0, balance: 50000 });
    expect(await figures(admin, client.id)).toEqual(before);
    expect(foreign.statusCode).toBe(404);
    expect(listed.items).toHaveLength(2);
    expect(
      history.items
        .filter((h) => h.operationId === noteId)
        .map((h) => h.operation)
        .sort(),
    ).toEqual(['credit_note.create', 'credit_note.reverse', 'invoice.credit_note', 'invoice.credit_note_reversal']);
  });
});

describe('the client’s payments tab', () => {
  it('gives this month’s total, count and per-day series, and the last 20 newest first, the rest by cursor', async () => {
    // Prepare
    const client = await newClient('Comercial Sur');
    for (let i = 0; i < 22; i += 1) await pay({ clientId: client.id, amount: 1000 + i, method: 'cash', date: '2025-06-15' });
    const today = await pay({ clientId: client.id, amount: 5000, method: 'transfer' });
    const todays = json(today);

    // Act
    const tab = await call('GET /v1/clients/{clientId}/payments-overview', admin, { pathParameters: { clientId: client.id } });
    const first = json(await call('GET /v1/payments', admin, { query: { clientId: client.id, limit: '20' } }));
    const rest = json(await call('GET /v1/payments', admin, { query: { clientId: client.id, limit: '20', cursor: first.cursor } }));

    // Assess
    const body = json(tab);
    expect(tab.statusCode).toBe(200);
    expect(body.month).toBe(todays.date.slice(0, 7));
    const day = Number(todays.date.slice(8, 10));
    const ofMonth = body.currencies.find((c: { currency: string }) => c.currency === 'CLP');
    expect(ofMonth).toMatchObject({ total: 5000, count: 1 });
    expect(ofMonth.days).toHaveLength(day);
    expect(ofMonth.days[day - 1]).toEqual({ date: todays.date, count: 1, amount: 5000 });
    expect(ofMonth.days.filter((d: { count: number }) => d.count === 0)).toHaveLength(day - 1);
    expect(body.last).toHaveLength(20);
    expect(body.last[0].id).toBe(todays.id);
    expect(body.more).toBe(true);
    expect(first.items.map((p: { id: string }) => p.id)).toEqual(body.last.map((p: { id: string }) => p.id));
    expect(new Set([...first.items, ...rest.items].map((p: { id: string }) => p.id)).size).toBe(23);
  });
});
