import { beforeAll, describe, expect, it } from 'vitest';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import type { Client } from '../../domain/clients/client.schema.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

const { handler } = await import('../../functions/http/receivables-api.handler.ts');
const call = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
  handler(httpEvent({ routeKey, as, ...extra }), contextOf('receivables-api'));

const deps = testDeps();
const line = { description: 'Cemento 25 kg', quantity: '40', unitPrice: '5290', taxRate: '19' };
let admin: TestUser;
let seller: TestUser;
let stranger: TestUser;
let theirs: Client;
let others: Client;

const actorOf = (u: TestUser) => ({ tenantId: u.tenantId, userId: u.id, accessLevel: u.accessLevel, permissions: u.permissions });
const create = (body: Record<string, unknown>, as = admin, headers: Record<string, string> = {}) => call('POST /v1/invoices', as, { body, headers });
const byId = (routeKey: string, invoiceId: string, as = admin, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
  call(routeKey, as, { pathParameters: { invoiceId }, ...extra });

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  ({ admin: stranger } = await newTenant(deps));
  seller = await newUser(deps, admin.tenantId, { accessLevel: 4, permissions: ['invoices.manage'] });
  theirs = await createClient(deps)(
    actorOf(admin),
    NewClient.parse({ personType: 'other', name: 'Ferretería Sur', sellerId: seller.id, paymentTermsDays: 30 }),
  );
  others = await createClient(deps)(actorOf(admin), NewClient.parse({ personType: 'other', name: 'Panadería Norte' }));
});

describe('invoices over HTTP', () => {
  it('creates a draft priced in minor units, due after the client terms, and reads it back with its ETag', async () => {
    // Act
    const created = await create({ clientId: theirs.id, issueDate: '2026-03-02', lines: [line] });
    const read = await byId('GET /v1/invoices/{invoiceId}', json(created).id);

    // Assess
    expect(created.statusCode).toBe(201);
    expect(json(created)).toMatchObject({
      status: 'draft',
      dueDate: '2026-04-01',
      currency: 'CLP',
      totals: { net: 211600, tax: 40204, total: 251804 },
      displayStatus: 'draft',
    });
    expect(read.statusCode).toBe(200);
    expect(read.headers?.etag).toBe('"1"');
    expect(json(read)).toEqual(json(created));
  });

  it('numbers issued invoices from the sequence and refuses a number in use with a 409 naming the holder', async () => {
    // Prepare
    const { admin: own } = await newTenant(deps);
    const client = await createClient(deps)(actorOf(own), NewClient.parse({ personType: 'other', name: 'Cliente' }));

    // Act
    const first = await create({ clientId: client.id, status: 'issued', lines: [line] }, own);
    const second = await create({ clientId: client.id, status: 'issued', lines: [line] }, own);
    const taken = await create({ clientId: client.id, number: '1', lines: [line] }, own);

    // Assess
    expect([json(first).number, json(second).number]).toEqual(['1', '2']);
    expect(taken.statusCode).toBe(409);
    expect(json(taken)).toMatchObject({ code: 'conflict', entity: 'invoice', field: 'number', existingId: json(first).id });
  });

  it('answers the same Idempotency-Key twice with one invoice', async () => {
    // Prepare
    const body = { clientId: others.id, status: 'issued', lines: [line] };
    const headers = { 'idempotency-key': `inv-${theirs.id}` };

    // Act
    const first = await create(body, admin, headers);
    const again = await create(body, admin, headers);
    const listed = json(await call('GET /v1/invoices', admin, { query: { clientId: others.id, limit: '100' } }));

    // Assess
    expect(again.headers?.['idempotency-replayed']).toBe('true');
    expect(json(again).id).toBe(json(first).id);
    expect(listed.items.filter((i: { number?: string }) => i.number === json(first).number)).toHaveLength(1);
  });

  it('keeps other companies and out-of-scope clients out: 404 everywhere, and 403 without invoices.manage', async () => {
    // Prepare
    const mine = json(await create({ clientId: theirs.id, lines: [line] }));
    const notMine = json(await create({ clientId: others.id, lines: [line] }));
    const clerk = await newUser(deps, admin.tenantId, { accessLevel: 1, permissions: [] });

    // Act
    const foreignGet = await byId('GET /v1/invoices/{invoiceId}', mine.id, stranger);
    const foreignCreate = await create({ clientId: theirs.id, lines: [line] }, stranger);
    const outOfScopeGet = await byId('GET /v1/invoices/{invoiceId}', notMine.id, seller);
    const outOfScopeCreate = await create({ clientId: others.id, lines: [line] }, seller);
    const outOfScopeFilter = await call('GET /v1/invoices', seller, { query: { clientId: others.id } });
    const listed = json(await call('GET /v1/invoices', seller, { query: { limit: '100' } }));
    const withoutPermission = await create({ clientId: theirs.id, lines: [line] }, clerk);

    // Assess
    expect(foreignGet.statusCode).toBe(404);
    expect(json(foreignGet)).toMatchObject({ code: 'not_found', entity: 'invoice' });
    for (const r of [foreignCreate, outOfScopeCreate, outOfScopeFilter]) {
      expect(r.statusCode).toBe(404);
      expect(json(r)).toMatchObject({ code: 'not_found', entity: 'client' });
    }
    expect(outOfScopeGet.statusCode).toBe(404);
    expect(listed.items.length).toBeGreaterThan(0);
    expect(listed.items.every((i: { clientId: string }) => i.clientId === theirs.id)).toBe(true);
    expect(withoutPermission.statusCode).toBe(403);
    expect(json(withoutPermission)).toMatchObject({ code: 'forbidden', reason: 'requires_permission', permission: 'invoices.manage' });
  });

  it('refuses a currency the company does not invoice in, naming the ones it does', async () => {
    // Act
    const refused = await create({ clientId: theirs.id, currency: 'USD', lines: [line] });
    const uf = await create({ clientId: theirs.id, currency: 'CLF', lines: [{ ...line, unitPrice: '1.5' }] });

    // Assess
    expect(refused.statusCode).toBe(400);
    expect(json(refused).errors).toEqual([
      expect.objectContaining({ pointer: '/body/currency', code: 'currency_not_allowed', message: expect.stringContaining('CLP o CLF') }),
    ]);
    expect(uf.statusCode).toBe(201);
    expect(json(uf)).toMatchObject({ currency: 'CLF', totals: { net: 600000, tax: 114000, total: 714000 } });
  });

  it('issues, holds, releases and voids, refusing what the state does not allow', async () => {
    // Prepare
    const draft = json(await create({ clientId: theirs.id, lines: [line] }));

    // Act
    const issued = await byId('POST /v1/invoices/{invoiceId}/issue', draft.id);
    const issuedAgain = await byId('POST /v1/invoices/{invoiceId}/issue', draft.id);
    const held = await byId('PUT /v1/invoices/{invoiceId}/hold', draft.id, admin, { body: { kind: 'disputed', reason: 'Mercadería dañada' } });
    const released = await byId('DELETE /v1/invoices/{invoiceId}/hold', draft.id);
    const voided = await byId('POST /v1/invoices/{invoiceId}/void', draft.id);
    const voidedAgain = await byId('POST /v1/invoices/{invoiceId}/void', draft.id);
    const heldVoid = await byId('PUT /v1/invoices/{invoiceId}/hold', draft.id, admin, { body: { kind: 'promise', promisedDate: '2099-01-01' } });
    const history = await deps.clients.history(admin.tenantId, theirs.id, { limit: 50 });

    // Assess
    expect(json(issued)).toMatchObject({ status: 'issued', balance: 251804, version: 2 });
    expect(issuedAgain.statusCode).toBe(409);
    expect(json(issuedAgain)).toMatchObject({ code: 'invalid_state', reason: 'not_draft', recordStatus: 'issued', status: 409 });
    expect(json(held)).toMatchObject({ hold: { kind: 'disputed', reason: 'Mercadería dañada' }, holdState: 'disputed' });
    expect(json(released).hold).toBeUndefined();
    expect(json(voided)).toMatchObject({ status: 'void', balance: 0, version: 5 });
    expect(json(voidedAgain)).toMatchObject({ code: 'invalid_state', reason: 'already_void' });
    expect(heldVoid.statusCode).toBe(409);
    expect(json(heldVoid)).toMatchObject({ code: 'invalid_state', reason: 'not_open', recordStatus: 'void' });
    expect(history.items.filter((h) => h.invoiceId === draft.id).map((h) => h.operation)).toEqual([
      'invoice.void',
      'invoice.release',
      'invoice.hold',
      'invoice.issue',
      'invoice.create',
    ]);
  });

  it('refuses to void an invoice with a payment applied', async () => {
    // Prepare
    const issued = json(await create({ clientId: theirs.id, status: 'issued', lines: [line] }));
    const stored = (await deps.invoices.get(admin.tenantId, issued.id))!;
    await deps.invoices.update({ ...stored, paid: 1000, balance: stored.balance - 1000, status: 'partially_paid', version: 2 }, stored, []);

    // Act
    const refused = await byId('POST /v1/invoices/{invoiceId}/void', issued.id, admin, { headers: { 'accept-language': 'en' } });

    // Assess
    expect(refused.statusCode).toBe(409);
    expect(json(refused)).toMatchObject({
      code: 'invalid_state',
      reason: 'has_applied_amounts',
      paid: 1000,
      credited: 0,
      currency: 'CLP',
      detail: expect.stringContaining('reverse them'),
    });
  });

  it('lists overdue invoices and filters by category none and amount', async () => {
    // Prepare
    const { admin: own } = await newTenant(deps);
    const client = await createClient(deps)(actorOf(own), NewClient.parse({ personType: 'other', name: 'Sin categoría' }));
    const late = json(await create({ clientId: client.id, status: 'issued', issueDate: '2025-01-02', dueDate: '2025-02-01', lines: [line] }, own));
    const small = json(
      await create({ clientId: client.id, status: 'issued', issueDate: '2025-01-03', dueDate: '2099-01-01', lines: [{ ...line, quantity: '1' }] }, own),
    );

    // Act
    const overdue = json(await call('GET /v1/invoices', own, { query: { status: 'overdue' } }));
    const cheap = json(await call('GET /v1/invoices', own, { query: { categoryId: 'none', maxTotal: '10000' } }));
    const badRange = await call('GET /v1/invoices', own, { query: { minTotal: '-1' } });

    // Assess
    expect(overdue.items.map((i: { id: string; displayStatus: string }) => [i.id, i.displayStatus])).toEqual([[late.id, 'overdue']]);
    expect(cheap.items.map((i: { id: string }) => i.id)).toEqual([small.id]);
    expect(badRange.statusCode).toBe(400);
  });
});
