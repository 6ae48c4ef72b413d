import { beforeAll, describe, expect, it } from 'vitest';
import { NewClient, type Client } from '../../domain/clients/client.schema.ts';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import type { LedgerKind, LedgerMovement } from '../../domain/receivables/aggregates-port.ts';
import { firstOfMonth, ledgerSign } from '../../domain/receivables/client-ledger.ts';
import { addDays, localDate } from '../../domain/receivables/local-date.ts';
import { dynamoReceivablesAggregates } from '../../functions/adapters/dynamodb/receivables-aggregates.store.ts';
import { Statement } from '../../functions/http/routes/statement.routes.ts';
import { anIssuedInvoice } from '../domain/receivables/receivables-fixtures.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

const { handler } = await import('../../functions/http/receivables-api.handler.ts');
const deps = testDeps();
const store = dynamoReceivablesAggregates(deps.document, deps.config.tableName);
const ROUTE = 'GET /v1/clients/{clientId}/statement';
const get = (clientId: string, as: TestUser, query: Record<string, string> = {}, headers: Record<string, string> = {}) =>
  handler(httpEvent({ routeKey: ROUTE, as, pathParameters: { clientId }, query, headers }), contextOf('receivables-api'));

let admin: TestUser;
let seller: TestUser;
let outsider: TestUser;
let stranger: TestUser;
let client: Client;
const actorOf = (u: TestUser) => ({ tenantId: u.tenantId, userId: u.id, accessLevel: u.accessLevel, permissions: u.permissions });
const move = (date: string, kind: LedgerKind, documentId: string, amount: number, number?: string): LedgerMovement => ({
  clientId: client.id,
  currency: 'CLP',
  date,
  kind,
  documentId,
  number,
  amount: ledgerSign(kind) * amount,
});
// The tenant's today in Santiago, as the API takes it (read again per test: a run can cross midnight only between them).
const today = () => localDate(new Date(), 'America/Santiago');

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  ({ admin: stranger } = await newTenant(deps));
  seller = await newUser(deps, admin.tenantId, { accessLevel: 4 });
  outsider = await newUser(deps, admin.tenantId, { accessLevel: 4 });
  client = await createClient(deps)(actorOf(admin), NewClient.parse({ personType: 'other', name: 'Ferretería Sur', sellerId: seller.id }));
  // Seeded through the aggregate store, as invoice and payment writes do: the invoice with its movement, then movements alone.
  const invoice = {
    ...anIssuedInvoice('01JNDSTMT0000000000000F101', 119_000, { clientId: client.id, issueDate: '2026-01-05', dueDate: '2026-02-04' }),
    categoryId: 'none',
  };
  await store.apply({ tenantId: admin.tenantId, invoices: [{ after: invoice }], ledger: [move('2026-01-05', 'invoice', invoice.id, 119_000, invoice.number)] });
  await store.apply({
    tenantId: admin.tenantId,
    invoices: [],
    ledger: [
      move('2026-02-01', 'invoice', '01JNDSTMT0000000000000F102', 238_000, 'F-102'),
      move('2026-02-03', 'payment', '01JNDSTMT0000000000000P001', 50_000, 'TRF-1'),
      move('2026-02-10', 'credit_note', '01JNDSTMT000000000000NC07', 19_000, 'NC-7'),
      move('2026-02-20', 'payment_reversal', '01JNDSTMT0000000000000P001', 50_000, 'TRF-1'),
      move('2026-03-01', 'invoice', '01JNDSTMT0000000000000F103', 5_000, 'F-103'),
    ],
  });
});

describe('GET /v1/clients/{clientId}/statement', () => {
  it('answers the opening balance, the period movements with their running balance and the closing balance', async () => {
    // Act
    const res = await get(client.id, admin, { from: '2026-02-01', to: '2026-02-28' });

    // Assess
    expect(res.statusCode).toBe(200);
    const body = Statement.parse(json(res));
    expect(body).toMatchObject({
      clientId: client.id,
      currency: 'CLP',
      from: '2026-02-01',
      to: '2026-02-28',
      openingBalance: 119_000,
      closingBalance: 338_000,
    });
    expect(body.lines.map((l) => [l.date, l.kind, l.number, l.debit, l.credit, l.balance])).toEqual([
      ['2026-02-01', 'invoice', 'F-102', 238_000, 0, 357_000],
      ['2026-02-03', 'payment', 'TRF-1', 0, 50_000, 307_000],
      ['2026-02-10', 'credit_note', 'NC-7', 0, 19_000, 288_000],
      ['2026-02-20', 'payment_reversal', 'TRF-1', 50_000, 0, 338_000],
    ]);
    expect(body.cursor).toBeUndefined();
  });

  it('defaults to the company currency, from the first day of its month to its today', async () => {
    // Prepare: one movement on the last day of the previous month, one today.
    const { admin: own } = await newTenant(deps);
    const mine = await createClient(deps)(actorOf(own), NewClient.parse({ personType: 'other', name: 'Panadería Norte' }));
    const day = today();
    const ledger = [
      { ...move(addDays(firstOfMonth(day), -1), 'invoice', 'A', 700), clientId: mine.id },
      { ...move(day, 'payment', 'B', 300), clientId: mine.id },
    ];
    await store.apply({ tenantId: own.tenantId, invoices: [], ledger });

    // Act
    const body = json(await get(mine.id, own));

    // Assess
    expect(body).toMatchObject({ currency: 'CLP', from: firstOfMonth(today()), to: today(), openingBalance: 700, closingBalance: 400 });
    expect(body.lines).toHaveLength(1);
  });

  it('pages the lines with a sealed cursor that keeps the running balance, and refuses it with other filters', async () => {
    // Act
    const first = await get(client.id, admin, { from: '2026-01-01', to: '2026-03-31', limit: '2' });
    const second = await get(client.id, admin, { from: '2026-01-01', to: '2026-03-31', limit: '2', cursor: json(first).cursor });
    const third = await get(client.id, admin, { from: '2026-01-01', to: '2026-03-31', limit: '2', cursor: json(second).cursor });
    const otherFilter = await get(client.id, admin, { from: '2026-01-01', to: '2026-03-30', limit: '2', cursor: json(first).cursor });

    // Assess
    const pages = [first, second, third].map((r) => json(r));
    expect(pages.map((p) => p.lines.map((l: { balance: number }) => l.balance))).toEqual([
      [119_000, 357_000],
      [307_000, 288_000],
      [338_000, 343_000],
    ]);
    expect(pages.map((p) => [p.openingBalance, p.closingBalance])).toEqual([
      [0, 343_000],
      [0, 343_000],
      [0, 343_000],
    ]);
    expect(pages[2]!.cursor).toBeUndefined();
    expect(otherFilter.statusCode).toBe(400);
    expect(json(otherFilter).errors[0]).toMatchObject({ pointer: '/query/cursor', code: 'invalid_cursor' });
  });

  it('answers 404 for a client outside the caller scope or of another company, as for an unknown one', async () => {
    // Act
    const own = await get(client.id, seller, { from: '2026-02-01', to: '2026-02-28' });
    const outside = await get(client.id, outsider, { from: '2026-02-01', to: '2026-02-28' });
    const foreign = await get(client.id, stranger, { from: '2026-02-01', to: '2026-02-28' });

    // Assess
    expect(own.statusCode).toBe(200);
    for (const res of [outside, foreign]) {
      expect(res.statusCode).toBe(404);
      expect(json(res)).toMatchObject({ code: 'not_found', entity: 'client', id: client.id });
    }
  });

  it('refuses bad periods with a 400 naming the date, in Spanish or English', async () => {
    // Act
    const reversed = await get(client.id, admin, { from: '2026-03-01', to: '2026-02-01' });
    const future = await get(client.id, admin, { from: '9000-01-01' }, { 'accept-language': 'en' });
    const long = await get(client.id, admin, { from: '2020-01-01', to: '2025-01-01' });
    const justUnder = await get(client.id, admin, { from: '2020-01-01', to: '2024-12-31' });
    const notADate = await get(client.id, admin, { from: '2026-02-30' });
    const currency = await get(client.id, admin, { currency: 'EUR' });

    // Assess
    expect(reversed.statusCode).toBe(400);
    expect(json(reversed).errors).toEqual([
      {
        pointer: '/query/to',
        code: 'period_reversed',
        message: 'El período está al revés: la fecha desde («2026-03-01») es posterior a la fecha hasta («2026-02-01»)',
      },
    ]);
    expect(json(future).errors[0]).toMatchObject({ pointer: '/query/from', code: 'period_reversed', message: expect.stringContaining('wrong way round') });
    expect(json(long).errors[0]).toMatchObject({ pointer: '/query/to', code: 'period_too_long' });
    expect(justUnder.statusCode).toBe(200);
    expect(json(notADate).errors[0]).toMatchObject({ pointer: '/query/from' });
    expect(json(currency).errors[0]).toMatchObject({ pointer: '/query/currency' });
    for (const res of [long, notADate, currency]) expect(res.statusCode).toBe(400);
  });
});
