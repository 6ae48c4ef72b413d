import { beforeAll, describe, expect, it } from 'vitest';
import { createCatalogEntry } from '../../domain/clients/catalog.use-cases.ts';
import { NewClient, type Client } from '../../domain/clients/client.schema.ts';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

const { handler } = await import('../../functions/http/receivables-api.handler.ts');
const { handler: clientsApi } = await import('../../functions/http/clients-api.handler.ts');
const call = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
  handler(httpEvent({ routeKey, as, ...extra }), contextOf('receivables-api'));

const deps = testDeps();
const line = (unitPrice: number) => ({ description: 'Cemento 25 kg', quantity: '1', unitPrice: String(unitPrice), taxRate: '0' });
let admin: TestUser;
let seller: TestUser;
let stranger: TestUser;
let categoryId: string;
let wholesale: Client;
let walkIn: Client;

const actorOf = (u: TestUser) => ({ tenantId: u.tenantId, userId: u.id, accessLevel: u.accessLevel, permissions: u.permissions });
const invoice = async (clientId: string, total: number, dates: { issueDate: string; dueDate: string }, as = admin) => {
  const created = await call('POST /v1/invoices', as, { body: { clientId, status: 'issued', ...dates, lines: [line(total)] } });
  expect(created.statusCode).toBe(201);
  return json(created);
};
const dashboard = async (as = admin) => json(await call('GET /v1/receivables/dashboard', as));
const balance = (clientId: string, as = admin) => call('GET /v1/clients/{clientId}/balance', as, { pathParameters: { clientId } });
const summary = (clientId: string, as = admin, query?: Record<string, string>) =>
  call('GET /v1/clients/{clientId}/receivables-summary', as, { pathParameters: { clientId }, ...(query ? { query } : {}) });

// Long past due whatever day the suite runs, and due far ahead.
const late = { issueDate: '2025-01-10', dueDate: '2025-02-09' };
const ahead = { issueDate: '2025-01-15', dueDate: '2099-01-01' };

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  ({ admin: stranger } = await newTenant(deps));
  seller = await newUser(deps, admin.tenantId, { accessLevel: 4, permissions: ['invoices.manage'] });
  categoryId = (await createCatalogEntry(deps)(actorOf(admin), 'category', { name: 'Mayorista' })).id;
  wholesale = await createClient(deps)(actorOf(admin), NewClient.parse({ personType: 'other', name: 'Ferretería Sur', categoryId, sellerId: seller.id }));
  walkIn = await createClient(deps)(actorOf(admin), NewClient.parse({ personType: 'other', name: 'Panadería Norte' }));
  await invoice(wholesale.id, 100_000, late);
  await invoice(wholesale.id, 40_000, ahead);
  await invoice(walkIn.id, 7_000, late);
});

describe('delinquency over HTTP', () => {
  it('shows overdue by category with a "Sin info" segment, and a new invoice and a void in the next read', async () => {
    // Prepare
    const before = await dashboard();

    // Act
    const added = await invoice(walkIn.id, 3_000, late);
    const withNew = await dashboard();
    const voided = await call('POST /v1/invoices/{invoiceId}/void', admin, { pathParameters: { invoiceId: added.id } });
    const afterVoid = await dashboard();

    // Assess
    expect(before).toMatchObject({
      currency: 'CLP',
      segments: [
        { categoryId, clients: 1, invoices: 1, amount: 100_000 },
        { categoryId: 'none', clients: 1, invoices: 1, amount: 7_000 },
      ],
      overdue: { clients: 2, invoices: 2, amount: 107_000 },
      open: { invoices: 3, amount: 147_000 },
      kpis: { beyond90: { overdueAmount: 107_000, beyondAmount: 107_000, basisPoints: 10_000 } },
      otherCurrencies: [],
    });
    expect(before.kpis.dso).toMatchObject({ receivable: 147_000, months: 24 });
    expect(withNew.segments[1]).toEqual({ categoryId: 'none', clients: 1, invoices: 2, amount: 10_000 });
    expect(voided.statusCode).toBe(200);
    expect(afterVoid.segments).toEqual(before.segments);
    expect(afterVoid.open).toEqual(before.open);
  });

  it('ages by issue or by due date in the tenant’s buckets, overall and for one category', async () => {
    // Prepare
    const tenant = (await deps.tenants.get(admin.tenantId))!;
    await deps.tenants.update({ ...tenant, ageingBounds: [30, 365], version: tenant.version + 1 }, tenant.version);

    // Act
    const byDue = json(await call('GET /v1/receivables/ageing', admin, { query: { basis: 'due' } }));
    const byIssue = json(await call('GET /v1/receivables/ageing', admin, { query: { categoryId } }));
    const none = json(await call('GET /v1/receivables/ageing', admin, { query: { basis: 'due', categoryId: 'none' } }));
    const badBasis = await call('GET /v1/receivables/ageing', admin, { query: { basis: 'vencimiento' } });

    // Assess
    expect(byDue.bounds).toEqual([30, 365]);
    expect(byDue.overall.notDue).toEqual({ amount: 40_000, count: 1 });
    expect(byDue.overall.buckets.map((b: { amount: number }) => b.amount)).toEqual([0, 0, 107_000]);
    expect(Object.keys(byDue.byCategory).sort()).toEqual([categoryId, 'none'].sort());
    expect(byIssue).toMatchObject({ categoryId, overall: { basis: 'issue', total: { amount: 140_000, count: 2 } } });
    expect(none.overall.total).toEqual({ amount: 7_000, count: 1 });
    expect(badBasis.statusCode).toBe(400);
    expect(json(badBasis).errors[0]).toMatchObject({ pointer: '/query/basis' });
  });

  it('gives a client’s balance and summary blocks, by the caller’s saved period', async () => {
    // Prepare
    const draft = await call('POST /v1/invoices', admin, { body: { clientId: wholesale.id, lines: [line(9_000)] } });
    expect(draft.statusCode).toBe(201);

    // Act
    const own = json(await balance(wholesale.id, seller));
    const all = json(await summary(wholesale.id, seller));
    const saved = await call('PUT /v1/receivables/preferences', seller, { body: { summaryPeriod: 'year' } });
    const byPreference = json(await summary(wholesale.id, seller));
    const asked = json(await summary(wholesale.id, seller, { period: 'all' }));
    const adminDefault = json(await call('GET /v1/receivables/preferences', admin));

    // Assess
    expect(own.currencies).toEqual([
      { currency: 'CLP', openBalance: 140_000, overdueBalance: 100_000, credit: 0, oldestOverdueDays: expect.any(Number), averageDaysToPay: null },
    ]);
    expect(own.currencies[0].oldestOverdueDays).toBeGreaterThan(300);
    expect(all).toMatchObject({ period: 'all' });
    expect(all.currencies[0]).toEqual({
      currency: 'CLP',
      pending: { count: 2, amount: 140_000 },
      paid: { count: 0, amount: 0 },
      overdue: { count: 1, amount: 100_000 },
      draft: { count: 1, amount: 9_000 },
      partiallyPaid: { count: 0, amount: 0 },
      total: { count: 2, amount: 140_000 },
    });
    expect(json(saved)).toEqual({ summaryPeriod: 'year' });
    expect(byPreference).toMatchObject({ period: 'year', year: byPreference.today.slice(0, 4) });
    expect(asked.period).toBe('all');
    expect(adminDefault).toEqual({ summaryPeriod: 'all' });
  });

  it('shows the client’s balance in its overview (clients-api), the same figures as /balance, and nothing of another company', async () => {
    // Act
    const overview = await clientsApi(
      httpEvent({ routeKey: 'GET /v1/clients/{clientId}/overview', as: seller, pathParameters: { clientId: wholesale.id } }),
      contextOf('clients-api'),
    );
    const viaBalance = json(await balance(wholesale.id, seller));
    const foreign = await clientsApi(
      httpEvent({ routeKey: 'GET /v1/clients/{clientId}/overview', as: stranger, pathParameters: { clientId: wholesale.id } }),
      contextOf('clients-api'),
    );

    // Assess
    expect(overview.statusCode).toBe(200);
    expect(json(overview).sections.receivables).toEqual({ currencies: viaBalance.currencies });
    expect(viaBalance.currencies[0]).toMatchObject({ currency: 'CLP', openBalance: expect.any(Number), overdueBalance: 100_000 });
    expect(foreign.statusCode).toBe(404);
  });

  it('answers 403 below level 1 on the company-wide reads, 404 for a client out of scope or of another company', async () => {
    // Prepare
    const branchUser = await newUser(deps, admin.tenantId, { accessLevel: 2, branchId: 'b-1' });

    // Act
    const refused = await call('GET /v1/receivables/dashboard', seller);
    const refusedAgeing = await call('GET /v1/receivables/ageing', branchUser, { headers: { 'accept-language': 'en' } });
    const outOfScope = await balance(walkIn.id, seller);
    const outOfScopeSummary = await summary(walkIn.id, seller);
    const foreign = await balance(wholesale.id, stranger);
    const foreignDashboard = await dashboard(stranger);

    // Assess
    expect(refused.statusCode).toBe(403);
    expect(json(refused)).toMatchObject({ code: 'forbidden', reason: 'requires_level' });
    expect(refusedAgeing.statusCode).toBe(403);
    for (const r of [outOfScope, outOfScopeSummary, foreign]) {
      expect(r.statusCode).toBe(404);
      expect(json(r)).toMatchObject({ code: 'not_found', entity: 'client' });
    }
    expect(foreignDashboard).toMatchObject({ segments: [], open: { invoices: 0, amount: 0 }, kpis: { dso: null } });
  });
});
