import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createCatalogEntry } from '../../domain/clients/catalog.use-cases.ts';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { sales, sumCells, type Basis } from '../../domain/receivables/aggregate-deltas.ts';
import { emptyClientReceivables, foldClient } from '../../domain/receivables/client-receivables.ts';
import { aggregatedInvoice } from '../../domain/receivables/invoice-receivables.ts';
import { NewInvoice } from '../../domain/receivables/invoice.ts';
import { createInvoice, issueExistingInvoice, voidExistingInvoice } from '../../domain/receivables/invoice.use-cases.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { dynamoFaults } from '../support/dynamo-faults.ts';
import { contextOf, httpEvent, json } from '../support/http.ts';
import { newAdminActor, newTenant, testDeps } from '../support/tenants.ts';

const deps = testDeps();
const store = deps.aggregates;
const faults = dynamoFaults();
afterEach(() => {
  faults.mock.reset();
  faults.mock.send.callThrough();
});
afterAll(() => faults.mock.restore());

const line = (unitPrice: number) => ({ description: 'Asesoría', quantity: 1, unitPrice, taxRate: 19 });

async function tenantWithClients() {
  const actor: Actor = await newAdminActor(deps);
  const category = await createCatalogEntry(deps)(actor, 'category', { name: 'Mayorista' });
  const client = (categoryId?: string) =>
    createClient(deps)(
      actor,
      NewClient.parse({ personType: 'other', name: `Cliente ${Math.random()}`, paymentTermsDays: 30, ...(categoryId ? { categoryId } : {}) }),
    );
  const invoice = (clientId: string, input: Record<string, unknown>) =>
    createInvoice(deps)(actor, NewInvoice.parse({ clientId, lines: [line(10_000)], ...input }));
  return { actor, category, client, invoice };
}

/** Every invoice of the tenant as stored (the list, then each header). */
async function storedInvoices(tenantId: string, ids: string[]) {
  return Promise.all(ids.map(async (id) => (await deps.invoices.get(tenantId, id))!));
}

const byKey = <T extends { date: string; categoryId?: string | undefined }>(rows: T[]) =>
  [...rows].sort((a, b) => `${a.date}#${a.categoryId}`.localeCompare(`${b.date}#${b.categoryId}`));

/** Rows of one item per (date, category) summed over the shards, zero rows left out. */
async function openRows(tenantId: string, basis: Basis) {
  const merged = new Map<string, { date: string; categoryId?: string | undefined; amount: number; count: number }>();
  for (const r of await store.open(tenantId, basis, 'CLP')) {
    const key = `${r.date}#${r.categoryId}`;
    const found = merged.get(key) ?? { date: r.date, categoryId: r.categoryId, amount: 0, count: 0 };
    merged.set(key, { ...found, amount: found.amount + r.amount, count: found.count + r.count });
  }
  return byKey([...merged.values()].filter((r) => r.amount !== 0 || r.count !== 0));
}

/** What the aggregates must hold for these invoices: the domain's sums over them, read back from the table. */
async function expectAggregatesOf(tenantId: string, ids: string[]) {
  const invoices = (await storedInvoices(tenantId, ids)).map(aggregatedInvoice);
  for (const basis of ['issue', 'due'] as const) {
    const expected = sumCells(invoices)
      .filter((c) => c.basis === basis)
      .map((c) => ({ date: c.date, categoryId: c.categoryId, amount: c.amount, count: c.count }));
    expect(await openRows(tenantId, basis)).toEqual(byKey(expected));
  }
  const months = new Map<string, { month: string; amount: number; count: number }>();
  for (const s of invoices.flatMap((i) => sales(i))) {
    const found = months.get(s.month) ?? { month: s.month, amount: 0, count: 0 };
    months.set(s.month, { month: s.month, amount: found.amount + s.amount, count: found.count + s.count });
  }
  expect((await store.sales(tenantId, 'CLP', '1900-01')).filter((m) => m.amount !== 0 || m.count !== 0)).toEqual(
    [...months.values()].sort((a, b) => a.month.localeCompare(b.month)),
  );
  for (const clientId of new Set(invoices.map((i) => i.clientId))) {
    const own = invoices.filter((i) => i.clientId === clientId);
    const fresh = foldClient(
      emptyClientReceivables(clientId, 'CLP'),
      own.map((after) => ({ after })),
    );
    const [stored] = await store.client(tenantId, clientId);
    expect({ ...stored, version: 0 }).toEqual({ ...fresh, years: {}, version: 0 });
  }
}

describe('invoice writes keep the receivables aggregates', () => {
  it('equal the sums over the invoices after creates, issues and voids by concurrent writers on one client and one due date', {
    timeout: 120_000,
  }, async () => {
    // Prepare
    const { actor, category, client, invoice } = await tenantWithClients();
    const busy = await client(category.id);
    const quiet = await client();
    const dates = { issueDate: '2025-11-03', dueDate: '2025-12-03' };

    // Act: 6 writers at once, each with its own numbers (no sequence lease to take turns on): an issued invoice,
    // a draft it then issues, one it voids; all on the same client and due date, one writer on another client.
    const ids = (
      await Promise.all(
        Array.from({ length: 6 }, async (_, w) => {
          const clientId = w === 5 ? quiet.id : busy.id;
          const issued = await invoice(clientId, { ...dates, status: 'issued', number: `A-${w}`, lines: [line(1000 + w)] });
          const draft = await invoice(clientId, { ...dates, number: `B-${w}`, lines: [line(2000 + w)] });
          await issueExistingInvoice(deps)(actor, draft.id);
          const voided = await invoice(clientId, { ...dates, status: 'issued', number: `C-${w}`, lines: [line(3000 + w)] });
          await voidExistingInvoice(deps)(actor, voided.id);
          const kept = await invoice(clientId, { ...dates, number: `D-${w}` });
          return [issued.id, draft.id, voided.id, kept.id];
        }),
      )
    ).flat();

    // Assess
    await expectAggregatesOf(actor.tenantId, ids);
    const [busyState] = await store.client(actor.tenantId, busy.id);
    expect(busyState!.aggCategory).toBe(category.id);
    expect(busyState!.blocks.draft?.count).toBe(5);
    expect(busyState!.openByDue[dates.dueDate]![0]).toBe(10);
  });

  it('leaves the aggregates as they were when the invoice write fails', async () => {
    // Prepare
    const { actor, client, invoice } = await tenantWithClients();
    const holder = await client();
    const first = await invoice(holder.id, { status: 'issued', number: 'F-1', issueDate: '2025-10-01' });
    const before = { open: await openRows(actor.tenantId, 'due'), client: await store.client(actor.tenantId, holder.id) };

    // Act: a number in use refuses the whole transaction; a failure of DynamoDB on the write too.
    const taken = invoice(holder.id, { status: 'issued', number: 'f-1', issueDate: '2025-10-02' });
    await expect(taken).rejects.toMatchObject({ code: 'conflict', details: { field: 'number' } });
    faults.mock.on(TransactWriteCommand).rejects(Object.assign(new Error('Internal server error'), { name: 'InternalServerError', $fault: 'server' }));
    await expect(voidExistingInvoice(deps)(actor, first.id)).rejects.toThrow(/Internal server error/);
    faults.mock.reset();
    faults.mock.send.callThrough();

    // Assess
    expect(await openRows(actor.tenantId, 'due')).toEqual(before.open);
    expect(await store.client(actor.tenantId, holder.id)).toEqual(before.client);
    await expectAggregatesOf(actor.tenantId, [first.id]);
  });

  it('adds once for the same Idempotency-Key sent twice', async () => {
    // Prepare
    const { handler } = await import('../../functions/http/receivables-api.handler.ts');
    const { admin } = await newTenant(deps);
    const actor = { tenantId: admin.tenantId, userId: admin.id, accessLevel: 1 as const, permissions: admin.permissions as never };
    const client = await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Ferretería Sur' }));
    const send = () =>
      handler(
        httpEvent({
          routeKey: 'POST /v1/invoices',
          as: admin,
          body: { clientId: client.id, status: 'issued', issueDate: '2025-09-01', lines: [line(5000)] },
          headers: { 'idempotency-key': `agg-${client.id}` },
        }),
        contextOf('receivables-api'),
      );

    // Act
    const first = await send();
    const again = await send();

    // Assess
    expect(again.headers?.['idempotency-replayed']).toBe('true');
    expect(json(again).id).toBe(json(first).id);
    const [state] = await store.client(admin.tenantId, client.id);
    expect(state!.blocks.total).toEqual({ count: 1, amount: 5950 });
    await expectAggregatesOf(admin.tenantId, [json(first).id]);
  });
});
