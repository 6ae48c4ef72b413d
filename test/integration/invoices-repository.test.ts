import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { NewInvoice } from '../../domain/receivables/invoice.ts';
import {
  createInvoice,
  getInvoice,
  holdExistingInvoice,
  issueExistingInvoice,
  listInvoices,
  voidExistingInvoice,
} from '../../domain/receivables/invoice.use-cases.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { dynamoFaults } from '../support/dynamo-faults.ts';
import { newAdminActor, testDeps } from '../support/tenants.ts';

const deps = testDeps();
const faults = dynamoFaults();
afterEach(() => {
  faults.mock.reset();
  faults.mock.send.callThrough();
});
afterAll(() => faults.mock.restore());

const line = { description: 'Asesoría', quantity: 2, unitPrice: 50000, taxRate: 19 };

async function tenantWithClient(client: Record<string, unknown> = {}) {
  const actor: Actor = await newAdminActor(deps);
  const made = await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Ferretería Sur', paymentTermsDays: 30, ...client }));
  const invoice = (input: Record<string, unknown> = {}) => createInvoice(deps)(actor, NewInvoice.parse({ clientId: made.id, lines: [line], ...input }));
  return { actor, client: made, invoice };
}

describe('invoices on DynamoDB', () => {
  it('stores header and lines apart and reads them back as one invoice, with its history entry', async () => {
    // Prepare
    const { actor, client, invoice } = await tenantWithClient();

    // Act
    const created = await invoice({ issueDate: '2026-03-01', number: 'F-1' });
    const read = await getInvoice(deps)(actor, created.id);
    const history = await deps.clients.history(actor.tenantId, client.id, { limit: 10 });

    // Assess
    expect(read).toEqual(created);
    expect(read).toMatchObject({
      dueDate: '2026-03-31',
      lines: [{ description: 'Asesoría', net: 100000, tax: 19000, total: 119000 }],
      totals: { total: 119000 },
    });
    expect(history.items[0]).toMatchObject({ operation: 'invoice.create', invoiceId: created.id, version: 1 });
  });

  // Serial by design (one sequence item, taken in turns under its lease); room for DynamoDB Local under load.
  it('numbers 20 concurrent creates without a number 1 to 20, each once, no gaps', { timeout: 120_000 }, async () => {
    // Prepare
    const { actor, invoice } = await tenantWithClient();

    // Act
    const created = await Promise.all(Array.from({ length: 20 }, () => invoice({ status: 'issued' })));

    // Assess
    expect(created.map((i) => Number(i.number)).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await deps.invoices.lastNumber(actor.tenantId)).toBe(20);
  });

  it('refuses a number already used (any case), naming the invoice holding it', async () => {
    // Prepare
    const { invoice } = await tenantWithClient();
    const first = await invoice({ number: 'F-100' });

    // Act
    const results = await Promise.allSettled([invoice({ number: 'f-100' }), invoice({ number: 'F-100', status: 'issued' })]);

    // Assess
    for (const r of results)
      expect(r).toMatchObject({ status: 'rejected', reason: { code: 'conflict', details: { entity: 'invoice', field: 'number', existingId: first.id } } });
  });

  it('leaves no gap when a numbered write fails, and skips a number taken by hand', async () => {
    // Prepare
    const { invoice } = await tenantWithClient();
    await invoice({ status: 'issued' });
    await invoice({ number: '3' });
    let failures = 0;
    faults.mock.on(TransactWriteCommand).callsFake(async (input, getClient) => {
      if (failures++ === 0) throw Object.assign(new Error('injected'), { name: 'InternalServerError' });
      return faults.passOn(new TransactWriteCommand(input), getClient());
    });

    // Act
    const failed = await invoice({ status: 'issued' }).catch((e: unknown) => e);
    const next = await invoice({ status: 'issued' });
    const after = await invoice({ status: 'issued' });

    // Assess
    expect(String(failed)).toMatch(/injected/);
    expect([next.number, after.number]).toEqual(['2', '4']);
  });

  it('lets a lease left by a writer that died lapse: the next writer waits for it and takes the next number', async () => {
    // Prepare
    const { actor, invoice } = await tenantWithClient();
    await invoice({ status: 'issued' });
    const last = await deps.invoices.drawSequence(actor.tenantId, 'writer-that-died');

    // Act
    const next = await invoice({ status: 'issued' });

    // Assess
    expect(last).toBe(1);
    expect(next.number).toBe('2');
    expect(await deps.invoices.lastNumber(actor.tenantId)).toBe(2);
  });

  it('keeps an invoice in the open indexes only while it is open', async () => {
    // Prepare
    const { actor, client, invoice } = await tenantWithClient();
    const old = await invoice({ status: 'issued', issueDate: '2025-01-02', dueDate: '2025-02-01' });
    const draft = await invoice({ issueDate: '2025-01-03', dueDate: '2025-02-01' });
    const voided = await invoice({ status: 'issued', issueDate: '2025-01-04', dueDate: '2025-02-01' });
    await voidExistingInvoice(deps)(actor, voided.id);
    const list = (filter: Record<string, unknown>) => listInvoices(deps)(actor, filter, { limit: 50 }).then((p) => p.items.map((i) => i.id));

    // Act
    const overdue = await list({ status: 'overdue' });
    const overdueOfClient = await list({ status: 'overdue', clientId: client.id });
    await issueExistingInvoice(deps)(actor, draft.id);
    const overdueAfterIssue = await list({ status: 'overdue' });

    // Assess
    expect(overdue).toEqual([old.id]);
    expect(overdueOfClient).toEqual([old.id]);
    expect(overdueAfterIssue).toEqual([old.id, draft.id]);
  });

  it('filters by category (none included), status, issue and due ranges and amount, combined, by cursor', async () => {
    // Prepare
    const actor = await newAdminActor(deps);
    await deps.catalogs.create({
      id: 'mayorista',
      tenantId: actor.tenantId,
      kind: 'category',
      name: 'Mayorista',
      version: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    const categorized = await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Con categoría', categoryId: 'mayorista' }));
    const plain = await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Sin categoría' }));
    const make = (clientId: string, issueDate: string, quantity: number, status: 'draft' | 'issued' = 'issued') =>
      createInvoice(deps)(actor, NewInvoice.parse({ clientId, issueDate, status, lines: [{ ...line, quantity }] }));
    const a = await make(categorized.id, '2026-01-10', 1);
    const b = await make(categorized.id, '2026-02-10', 3);
    const c = await make(plain.id, '2026-01-15', 1);
    const d = await make(plain.id, '2026-02-15', 1, 'draft');
    const list = async (filter: Record<string, unknown>, limit = 50) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listInvoices(deps)(actor, filter, { limit, cursor });
        ids.push(...page.items.map((i) => i.id));
        cursor = page.cursor;
      } while (cursor);
      return ids;
    };

    // Act
    const all = await list({}, 1);
    const uncategorized = await list({ categoryId: 'none' });
    const mayoristaBig = await list({ categoryId: 'mayorista', minTotal: 150000 });
    const issuedInJanuary = await list({ status: 'issued', issueFrom: '2026-01-01', issueTo: '2026-01-31' });
    const draftsDueLate = await list({ status: 'draft', dueFrom: '2026-02-01' });

    // Assess
    expect(all).toEqual([a.id, c.id, b.id, d.id]);
    expect(uncategorized).toEqual([c.id, d.id]);
    expect(mayoristaBig).toEqual([b.id]);
    expect(issuedInJanuary).toEqual([a.id, c.id]);
    expect(draftsDueLate).toEqual([d.id]);
  });

  it('refuses a stale change: of two concurrent holds on one invoice, one is written', async () => {
    // Prepare
    const { actor, invoice } = await tenantWithClient();
    const issued = await invoice({ status: 'issued', dueDate: '2099-01-01' });

    // Act
    const results = await Promise.allSettled([
      holdExistingInvoice(deps)(actor, issued.id, { kind: 'disputed', reason: 'Precio mal calculado' }),
      holdExistingInvoice(deps)(actor, issued.id, { kind: 'promise', promisedDate: '2098-12-01' }),
    ]);

    // Assess
    const won = results.filter((r) => r.status === 'fulfilled');
    const stored = await getInvoice(deps)(actor, issued.id);
    expect(won.length).toBeGreaterThanOrEqual(1);
    expect(stored.version).toBe(1 + won.length);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'version_mismatch' });
  });
});
