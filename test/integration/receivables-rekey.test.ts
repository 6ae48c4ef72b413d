import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createCatalogEntry } from '../../domain/clients/catalog.use-cases.ts';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { createClient, updateClient } from '../../domain/clients/client.use-cases.ts';
import { NO_CATEGORY, type DatedAmount } from '../../domain/receivables/ageing.ts';
import { sumCells } from '../../domain/receivables/aggregate-deltas.ts';
import type { AggregatedInvoice } from '../../domain/receivables/client-receivables.ts';
import { overdueByCategory, type DatedClients } from '../../domain/receivables/delinquency.ts';
import { dashboardFor, readDashboard } from '../../domain/receivables/delinquency.use-cases.ts';
import { addDays } from '../../domain/receivables/local-date.ts';
import type { StoredInvoice } from '../../domain/receivables/ports.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { dynamoClients } from '../../functions/adapters/aws-clients.ts';
import { createDataService } from '../../functions/adapters/dynamodb/entities/index.ts';
import { invoiceHeaderItem } from '../../functions/adapters/dynamodb/invoice-items.ts';
import { dynamoReceivablesAggregates } from '../../functions/adapters/dynamodb/receivables-aggregates.store.ts';
import { receivablesKeys } from '../../functions/adapters/dynamodb/receivables-keys.ts';
import { clientCopiesFollowUp, receivablesRekey } from '../../functions/adapters/dynamodb/receivables-rekey.ts';
import { receivableRepositories } from '../../functions/wiring/receivables.ts';
import { FakeClock } from '../domain/fakes.ts';
import { anIssuedInvoice } from '../domain/receivables/receivables-fixtures.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

const { handler } = await import('../../functions/http/clients-api.handler.ts');
const call = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
  handler(httpEvent({ routeKey, as, ...extra }), contextOf('clients-api'));

const deps = testDeps();
const table = deps.config.tableName;
const store = dynamoReceivablesAggregates(deps.document, table);
const rekey = receivablesRekey({ data: deps.data, document: deps.document, table, aggregates: store });
// 15:00 UTC is 12:00 in Santiago: the tenant's today is 2026-03-02.
const TODAY = '2026-03-02';
const readOnly = readDashboard({ aggregates: store, tenants: deps.tenants, clock: new FakeClock('2026-03-02T15:00:00.000Z') });
/**
 * The dashboard read as the receivables routes make it: pending moves settled first (the client write's
 * follow-up has a time budget, and under load it may leave part of a large move to this read).
 */
const dashboard = async (tenantId: string) => {
  await rekey.settlePendingMoves(tenantId);
  return readOnly(tenantId);
};

// Faults: a second document client whose calls go on to DynamoDB Local unless a test says otherwise.
const config = deps.config;
const real = dynamoClients(config).document;
const faulty = dynamoClients(config).document;
const mock = mockClient(faulty);
const faultyData = createDataService(faulty, table);
const faultyRekey = receivablesRekey({ data: faultyData, document: faulty, table, aggregates: dynamoReceivablesAggregates(faulty, table) });
/** Run before the n-th transaction (1-based) the faulty client sends; it may throw to make that transaction fail. */
let beforeTransaction: (n: number) => Promise<void> = async () => {};
function passThrough() {
  let transactions = 0;
  mock.on(GetCommand).callsFake((input) => real.send(new GetCommand(input)));
  mock.on(BatchGetCommand).callsFake((input) => real.send(new BatchGetCommand(input)));
  mock.on(QueryCommand).callsFake((input) => real.send(new QueryCommand(input)));
  mock.on(PutCommand).callsFake((input) => real.send(new PutCommand(input)));
  mock.on(UpdateCommand).callsFake((input) => real.send(new UpdateCommand(input)));
  mock.on(DeleteCommand).callsFake((input) => real.send(new DeleteCommand(input)));
  mock.on(TransactWriteCommand).callsFake(async (input) => {
    transactions += 1;
    await beforeTransaction(transactions);
    return real.send(new TransactWriteCommand(input));
  });
}
afterEach(() => {
  mock.reset();
  beforeTransaction = async () => {};
});

const aggregatedOf = (invoice: StoredInvoice): AggregatedInvoice => ({ ...invoice, categoryId: invoice.categoryId ?? NO_CATEGORY });

/**
 * A tenant with categories A and B, client `moved` (category A, `count` open invoices on distinct issue and due
 * dates) and client `stays` (category A, 3 invoices). Headers through the invoice repository, their aggregates
 * through the store's `apply` (as the invoice writes will add them), both with category A.
 */
async function seeded(count: number) {
  const { tenantId, admin } = await newTenant(deps);
  const actor: Actor = { tenantId, userId: admin.id, accessLevel: 1, permissions: admin.permissions as Actor['permissions'] };
  const a = await createCatalogEntry(deps)(actor, 'category', { name: 'Mayorista', color: '#336699' });
  const b = await createCatalogEntry(deps)(actor, 'category', { name: 'Minorista', color: '#993366' });
  const newClient = (name: string) => createClient(deps)(actor, NewClient.parse({ personType: 'other', name, categoryId: a.id }));
  const moved = await newClient('Se Mueve');
  const stays = await newClient('Se Queda');
  const invoices: StoredInvoice[] = [];
  const issue = async (clientId: string, n: number, amount: number) => {
    // All overdue, on distinct dates: the dashboard counts every one of them.
    const issueDate = addDays(TODAY, -300 + n * 3);
    const invoice: StoredInvoice = {
      ...anIssuedInvoice(`${clientId}-${String(n).padStart(3, '0')}`, amount, { clientId, issueDate, dueDate: addDays(issueDate, 30 + (n % 3)) }),
      tenantId,
      categoryId: a.id,
    };
    await deps.invoices.create(invoice, []);
    invoices.push(invoice);
  };
  for (let n = 0; n < count; n += 1) await issue(moved.id, n, 1_000 + n);
  for (let n = 0; n < 3; n += 1) await issue(stays.id, n, 50_000);
  await store.apply({ tenantId, invoices: invoices.map((i) => ({ after: aggregatedOf(i) })) });
  return { tenantId, admin, actor, a: a.id, b: b.id, moved, stays, invoices };
}

/** The open headers as stored now, read consistently, with their copies. */
async function headers(tenantId: string, ids: string[]) {
  const { data } = await deps.data.entities.invoice.get(ids.map((id) => ({ tenantId, id }))).go({ consistent: true });
  return data as unknown as Array<StoredInvoice & { lineCount: number; categoryKey: string }>;
}

/** Rows summed by date and category, zeros dropped: what the aggregates say, however they are sharded. */
function byDateAndCategory(rows: DatedAmount[]) {
  const out = new Map<string, [number, number]>();
  for (const r of rows) {
    const key = `${r.date}#${r.categoryId}`;
    const [c, a] = out.get(key) ?? [0, 0];
    out.set(key, [c + r.count, a + r.amount]);
  }
  return new Map([...out].filter(([, [c, a]]) => c !== 0 || a !== 0));
}

/** What the aggregates must hold for these headers (their own copies say where their balances sit). */
function expected(invoices: StoredInvoice[], basis: 'issue' | 'due') {
  return new Map(
    sumCells(invoices.map(aggregatedOf))
      .filter((c) => c.basis === basis)
      .map((c) => [`${c.date}#${c.categoryId}`, [c.count, c.amount] as [number, number]]),
  );
}

/** The clients by oldest open due date each client's open headers give, per category. */
function expectedOldest(invoices: StoredInvoice[]): Map<string, number> {
  const oldest = new Map<string, StoredInvoice>();
  for (const i of invoices.filter((x) => x.balance > 0 && (x.status === 'issued' || x.status === 'partially_paid'))) {
    const found = oldest.get(i.clientId);
    if (!found || i.dueDate < found.dueDate) oldest.set(i.clientId, i);
  }
  const out = new Map<string, number>();
  for (const i of oldest.values()) out.set(`${i.dueDate}#${i.categoryId}`, (out.get(`${i.dueDate}#${i.categoryId}`) ?? 0) + 1);
  return out;
}
const oldestByDateAndCategory = (rows: DatedClients[]) => {
  const out = new Map<string, number>();
  for (const r of rows) out.set(`${r.date}#${r.categoryId}`, (out.get(`${r.date}#${r.categoryId}`) ?? 0) + r.clients);
  return new Map([...out].filter(([, n]) => n !== 0));
};

/** Every aggregate the dashboard and ageing read equals what the headers (as stored now) say. */
async function expectAggregatesToMatch(tenantId: string, ids: string[]) {
  const now = await headers(tenantId, ids);
  expect(byDateAndCategory(await store.open(tenantId, 'due', 'CLP'))).toEqual(expected(now, 'due'));
  expect(byDateAndCategory(await store.open(tenantId, 'issue', 'CLP'))).toEqual(expected(now, 'issue'));
  expect(oldestByDateAndCategory(await store.oldest(tenantId, 'CLP'))).toEqual(expectedOldest(now));
  return now;
}

const pendingMarker = async (tenantId: string, clientId: string) =>
  (
    await deps.document.send(
      new GetCommand({ TableName: table, Key: { pk: receivablesKeys.client(tenantId, clientId), sk: receivablesKeys.rekeySk }, ConsistentRead: true }),
    )
  ).Item;

describe('a client category change moves its receivables', () => {
  it('moves every open balance, the oldest-overdue count and the open headers when the category changes through PATCH', async () => {
    // 60 invoices on distinct dates: 3 rekey transactions of ≤ 25 invoices each.
    const s = await seeded(60);
    const before = await dashboard(s.tenantId);
    const movedAmount = s.invoices.filter((i) => i.clientId === s.moved.id).reduce((sum, i) => sum + i.balance, 0);
    expect(before.segments).toEqual([{ categoryId: s.a, clients: 2, invoices: 63, amount: movedAmount + 150_000 }]);

    const patched = await call('PATCH /v1/clients/{clientId}', s.admin, {
      pathParameters: { clientId: s.moved.id },
      body: { categoryId: s.b },
      headers: { 'if-match': `"${s.moved.version}"` },
    });
    expect(patched.statusCode).toBe(200);
    expect(json(patched).categoryId).toBe(s.b);

    // The next read: the whole client moved; the other client of A did not.
    const after = await dashboard(s.tenantId);
    expect(after.segments).toEqual([
      { categoryId: s.a, clients: 1, invoices: 3, amount: 150_000 },
      { categoryId: s.b, clients: 1, invoices: 60, amount: movedAmount },
    ]);
    const now = await expectAggregatesToMatch(
      s.tenantId,
      s.invoices.map((i) => i.id),
    );
    // Headers follow: category copy and its index key; each rewritten once (version + 1).
    for (const h of now) {
      const category = h.clientId === s.moved.id ? s.b : s.a;
      expect([h.categoryId, h.categoryKey, h.version]).toEqual([category, category, h.clientId === s.moved.id ? 2 : 1]);
    }
    // The category's invoice list (gsi3) shows them under B, none of them under A.
    const listed = await deps.invoices.list(s.tenantId, { scope: { kind: 'all' }, categoryId: s.b, today: TODAY }, { limit: 100 });
    expect(listed.items.map((i) => i.id).sort()).toEqual(
      s.invoices
        .filter((i) => i.clientId === s.moved.id)
        .map((i) => i.id)
        .sort(),
    );
    expect(await pendingMarker(s.tenantId, s.moved.id)).toBeUndefined();
    expect(await rekey.settlePendingMoves(s.tenantId)).toEqual({ settled: 0, pending: 0 });
  });

  it('moves every selected client of a mass update, and a move back restores the first dashboard', async () => {
    const s = await seeded(4);
    const first = await dashboard(s.tenantId);
    const massUpdate = (categoryId: string) =>
      call('POST /v1/clients/mass-update', s.admin, {
        body: { clientIds: [s.moved.id, s.stays.id], patch: { categoryId } },
        headers: { 'idempotency-key': `mass-${categoryId}` },
      });
    const moved = await massUpdate(s.b);
    expect(json(moved)).toMatchObject({ complete: true, counts: { updated: 2 } });
    const all = await dashboard(s.tenantId);
    expect(all.segments).toEqual([{ ...first.segments[0], categoryId: s.b }]);
    await expectAggregatesToMatch(
      s.tenantId,
      s.invoices.map((i) => i.id),
    );
    await massUpdate(s.a);
    expect(await dashboard(s.tenantId)).toEqual(first);
  });

  it('finishes a move whose follow-up failed on its 2nd transaction at the next read (settlePendingMoves)', async () => {
    const s = await seeded(60);
    const errors: unknown[] = [];
    passThrough();
    beforeTransaction = async (n) => {
      if (n === 2) throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    };
    // The client's own write goes through the real repository; only the follow-up's client is faulty.
    // A budget no loaded machine runs out of, so the follow-up always reaches its 2nd transaction.
    const copies = clientCopiesFollowUp(faultyRekey, (error) => errors.push(error), 60_000);
    const updated = await updateClient({ ...deps, copies })(s.actor, s.moved.id, { categoryId: s.b }, s.moved.version);
    expect(updated.client.categoryId).toBe(s.b);
    expect(errors).toHaveLength(1);

    // Half moved: 25 invoices under B, 35 still under A, and the client still marked.
    const half = await headers(
      s.tenantId,
      s.invoices.map((i) => i.id),
    );
    expect(half.filter((h) => h.categoryId === s.b)).toHaveLength(25);
    expect(await pendingMarker(s.tenantId, s.moved.id)).toBeDefined();
    // Even half moved, the aggregates equal what the headers say (each transaction moved both together).
    await expectAggregatesToMatch(
      s.tenantId,
      s.invoices.map((i) => i.id),
    );

    // The dashboard route's read, with pending moves wired as receivables-api wires them, settles first:
    // the move shows as completed.
    const { pendingMoves } = receivableRepositories(deps);
    const routeRead = dashboardFor({ aggregates: store, tenants: deps.tenants, clock: new FakeClock('2026-03-02T15:00:00.000Z'), pendingMoves });
    const movedAmount = s.invoices.filter((i) => i.clientId === s.moved.id).reduce((sum, i) => sum + i.balance, 0);
    expect((await routeRead(s.actor)).segments).toEqual([
      { categoryId: s.a, clients: 1, invoices: 3, amount: 150_000 },
      { categoryId: s.b, clients: 1, invoices: 60, amount: movedAmount },
    ]);
    await expectAggregatesToMatch(
      s.tenantId,
      s.invoices.map((i) => i.id),
    );
    expect(await pendingMarker(s.tenantId, s.moved.id)).toBeUndefined();
  });

  it('keeps the totals equal to the sum over the invoices when invoice writes land between its transactions', async () => {
    const s = await seeded(60);
    const ids = s.invoices.filter((i) => i.clientId === s.moved.id).map((i) => i.id);
    const firstBatch = ids[0]!;
    const laterBatch = ids[59]!;
    passThrough();
    // Before the move's 2nd transaction, an invoice write pays one invoice already moved and one not yet moved,
    // as the invoice writes do: `before` from the stored header's copy, `after` with the client's live category.
    beforeTransaction = async (n) => {
      if (n !== 2) return;
      for (const id of [firstBatch, laterBatch]) await payInFull(s.tenantId, id, s.b);
    };
    await faultyRekey.markPending(s.tenantId, s.moved.id);
    await deps.clients.update({ ...s.moved, categoryId: s.b, version: s.moved.version + 1 }, s.moved, []);
    expect(await faultyRekey.settleClient(s.tenantId, s.moved.id)).toBe(true);

    const now = await expectAggregatesToMatch(
      s.tenantId,
      s.invoices.map((i) => i.id),
    );
    expect(now.filter((h) => h.status === 'paid').map((h) => h.id)).toEqual(expect.arrayContaining([firstBatch, laterBatch]));
    const stillOpen = now.filter((h) => h.clientId === s.moved.id && h.status === 'issued');
    expect(stillOpen).toHaveLength(58);
    expect(stillOpen.every((h) => h.categoryId === s.b)).toBe(true);
    const due = await store.open(s.tenantId, 'due', 'CLP', TODAY);
    const segments = overdueByCategory(due, await store.oldest(s.tenantId, 'CLP', TODAY), TODAY);
    expect(segments.find((x) => x.categoryId === s.b)).toEqual({
      categoryId: s.b,
      clients: 1,
      invoices: 58,
      amount: stillOpen.reduce((sum, h) => sum + h.balance, 0),
    });
  });

  it('moves once when two settles of the same client run at once, and never touches another tenant', async () => {
    const s = await seeded(30);
    const other = await seeded(2);
    await rekey.markPending(s.tenantId, s.moved.id);
    await deps.clients.update({ ...s.moved, categoryId: s.b, version: s.moved.version + 1 }, s.moved, []);
    const otherBefore = await readOnly(other.tenantId);
    const results = await Promise.all([rekey.settleClient(s.tenantId, s.moved.id), rekey.settleClient(s.tenantId, s.moved.id)]);
    expect(results).toEqual([true, true]);
    const now = await expectAggregatesToMatch(
      s.tenantId,
      s.invoices.map((i) => i.id),
    );
    // Each header moved exactly once (one version more), whichever settle moved it.
    expect(now.filter((h) => h.clientId === s.moved.id).map((h) => [h.categoryId, h.version])).toEqual(
      now.filter((h) => h.clientId === s.moved.id).map(() => [s.b, 2]),
    );
    expect(await rekey.settlePendingMoves(other.tenantId)).toEqual({ settled: 0, pending: 0 });
    expect(await readOnly(other.tenantId)).toEqual(otherBefore);
  });

  it('rewrites the scope copies of open invoices when the seller changes, leaving the aggregates as they were', async () => {
    const s = await seeded(3);
    const dashboardBefore = await dashboard(s.tenantId);
    const patched = await call('PATCH /v1/clients/{clientId}', s.admin, {
      pathParameters: { clientId: s.moved.id },
      body: { sellerId: s.admin.id },
      headers: { 'if-match': `"${s.moved.version}"` },
    });
    expect(patched.statusCode).toBe(200);
    const now = await headers(
      s.tenantId,
      s.invoices.filter((i) => i.clientId === s.moved.id).map((i) => i.id),
    );
    expect(now.map((h) => [h.sellerId, h.categoryId])).toEqual(now.map(() => [s.admin.id, s.a]));
    const bySeller = await deps.invoices.list(s.tenantId, { scope: { kind: 'user', userId: s.admin.id }, today: TODAY }, { limit: 100 });
    expect(bySeller.items).toHaveLength(3);
    expect(await dashboard(s.tenantId)).toEqual(dashboardBefore);
  });
});

/** An invoice write paying an invoice in full, as the invoice use cases write it with the aggregates in one transaction. */
async function payInFull(tenantId: string, id: string, liveCategory: string) {
  const [h] = await headers(tenantId, [id]);
  const paid = { ...h!, status: 'paid' as const, paid: h!.totals.total, balance: 0, paidDate: TODAY, version: h!.version + 1, categoryId: liveCategory };
  const aggregateItems = await store.prepare({ tenantId, invoices: [{ before: aggregatedOf(h!), after: aggregatedOf(paid) }] });
  const header = deps.data.entities.invoice
    .put({ ...invoiceHeaderItem({ ...paid, lines: [] }), lineCount: h!.lineCount })
    .where((attr, op) => op.eq(attr.version, h!.version))
    .params();
  await real.send(new TransactWriteCommand({ TransactItems: [...aggregateItems, { Put: header as never }] }));
}
