import { DeleteCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { NewClient, type Client } from '../../domain/clients/client.schema.ts';
import { addContact } from '../../domain/clients/contact.use-cases.ts';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { collectionMessageId } from '../../domain/collections/message-id.ts';
import { defaultCollectionsSettings } from '../../domain/collections/settings-defaults.ts';
import { dynamoCollectionRecheck } from '../../functions/adapters/dynamodb/collection-recheck.ts';
import { dynamoCollectionsSettingsStore } from '../../functions/adapters/dynamodb/collections-settings.store.ts';
import { dynamoMoneySourceRepository } from '../../functions/adapters/dynamodb/money-source.repository.ts';
import { dynamoReceiptRequests } from '../../functions/adapters/dynamodb/receipt-requests.store.ts';
import { dynamoSendLogRepository } from '../../functions/adapters/dynamodb/send-log.repository.ts';
import { dynamoSuppressionStore } from '../../functions/adapters/dynamodb/suppression.store.ts';
import { envNames } from '../../functions/catalogue.ts';
import { createOutboxDispatcher } from '../../functions/schedule/outbox-dispatcher.ts';
import { createReceiptPlanner } from '../../functions/schedule/receipt-planner.ts';
import { receiptPlannerDependencies } from '../../functions/wiring/receipts.ts';
import { recordClientPayment } from '../../domain/receivables/payment.use-cases.ts';
import { NewPayment } from '../../domain/receivables/payment.ts';
import { ulid } from 'ulid';
import type { CellValue } from '../../domain/imports/rows.ts';
import { paymentsImportSpec } from '../../domain/imports/specs/payments.spec.ts';
import { dynamoReceivableImportReader } from '../../functions/adapters/dynamodb/receivable-import.reader.ts';
import { paymentsImportProcessor } from '../../functions/imports/payments-processor.ts';
import { dynamoFaults } from '../support/dynamo-faults.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { letLeasesRunOut, loseAnswersOf } from '../support/lost-answers.ts';
import { ownTable } from '../support/own-table.ts';
import { inboxOf } from '../support/ses-inbox.ts';
import { newTenant } from '../support/tenants.ts';

// Each test runs a payment, the receipt planner and the dispatcher end to end: minutes on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });
// A table of this file's own: the receipt planner and the dispatcher drain every tenant's queue of it.
const deps = await ownTable();
vi.stubEnv(envNames.tableName, deps.config.tableName);
afterAll(() => vi.unstubAllEnvs());
const receivables = (await import('../../functions/http/receivables-api.handler.ts')).handler;
const faults = dynamoFaults();
afterEach(() => {
  faults.mock.reset();
  faults.mock.send.callThrough();
});
afterAll(() => faults.mock.restore());

const quiet = { warn: () => undefined, info: () => undefined } as never;
const noMetrics = { addMetric: () => undefined, publishStoredMetrics: () => undefined } as never;
const scheduled = { time: new Date().toISOString() } as never;
const planReceipts = () => createReceiptPlanner(receiptPlannerDependencies(deps), quiet)(scheduled);
const dispatch = () =>
  createOutboxDispatcher(
    { outbox: deps.outbox, mailer: deps.mailer, clock: deps.clock, recheck: dynamoCollectionRecheck(deps.document, deps.config.tableName) },
    quiet,
    noMetrics,
  )(scheduled);
const requests = dynamoReceiptRequests(deps.document, deps.config.tableName);
const sendLog = dynamoSendLogRepository(deps.data);
const settings = dynamoCollectionsSettingsStore(deps.data);
const unique = (name: string) => `${name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@cliente.test`;

const call = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
  receivables(httpEvent({ routeKey, as, ...extra }), contextOf('receivables-api'));
const actorOf = (u: TestUser) => ({ tenantId: u.tenantId, userId: u.id, accessLevel: u.accessLevel, permissions: u.permissions as never });
const newClient = (as: TestUser, input: Record<string, unknown>) => createClient(deps)(actorOf(as), NewClient.parse({ personType: 'other', ...input }));
async function invoice(as: TestUser, clientId: string, amount: number, number: string) {
  const created = await call('POST /v1/invoices', as, {
    body: {
      clientId,
      number,
      status: 'issued',
      issueDate: '2026-11-02',
      dueDate: '2026-12-02',
      lines: [{ description: 'Cemento', quantity: '1', unitPrice: String(amount), taxRate: '0' }],
    },
  });
  expect(created.statusCode).toBe(201);
  return json(created) as { id: string; number: string };
}
const pay = (as: TestUser, body: Record<string, unknown>, key?: string) =>
  call('POST /v1/payments', as, { body, ...(key ? { headers: { 'idempotency-key': key } } : {}) });
const receiptIdOf = (tenantId: string, clientId: string, paymentId: string) =>
  collectionMessageId({ tenantId, subject: { kind: 'client', id: clientId }, what: 'payment_received', step: paymentId });
const receiptsOf = async (tenantId: string) =>
  (await deps.data.entities.outboundEmail.query.byId({ tenantId }).go({ pages: 'all' })).data.filter((m) => m.kind === 'collections.payment_received');
const pendingRequests = async (tenantId: string) => (await requests.due('9999', 1000)).filter((r) => r.tenantId === tenantId);

async function tenantWithClient(client: Record<string, unknown> = {}, tenant: { locale?: 'es' | 'en' } = {}) {
  const { admin } = await newTenant(deps, tenant);
  const email = unique('cliente');
  const made: Client = await newClient(admin, { name: 'Ferretería Sur', email, ...client });
  return { admin, client: made, email };
}

describe('payment receipts', () => {
  it('plans the receipt of an API payment once, in the tenant’s language, and the dispatcher sends it with the amount formatted', async () => {
    // Prepare
    const { admin, client, email } = await tenantWithClient();
    const billing = unique('facturacion');
    await addContact(deps)(actorOf(admin), client.id, { name: 'Marta', email: billing, type: 'billing' } as never);
    const paid = await invoice(admin, client.id, 1_234_567, 'F-501');

    // Act: the same request twice with one Idempotency-Key, then the planner twice
    const first = await pay(admin, { clientId: client.id, amount: 1_234_567, method: 'transfer', reference: 'TEF 77' }, 'receipt-key-1');
    const again = await pay(admin, { clientId: client.id, amount: 1_234_567, method: 'transfer', reference: 'TEF 77' }, 'receipt-key-1');
    const queued = await pendingRequests(admin.tenantId);
    const planned = await planReceipts();
    const replanned = await planReceipts();
    const payment = json(first);
    const receipt = await deps.outbox.get(admin.tenantId, receiptIdOf(admin.tenantId, client.id, payment.id));
    await dispatch();

    // Assess
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(json(again).id).toBe(payment.id);
    expect(queued.map((r) => r.paymentId)).toEqual([payment.id]);
    expect(planned).toMatchObject({ planned: 1, failed: 0 });
    expect(replanned).toMatchObject({ planned: 0, again: 0 });
    expect(await pendingRequests(admin.tenantId)).toEqual([]);
    expect(receipt).toMatchObject({ status: 'pending', kind: 'collections.payment_received', collection: { type: 'payment_received', step: payment.id } });
    expect(receipt?.to.sort()).toEqual([email, billing].sort());
    expect(receipt?.collection?.invoiceIds).toEqual([paid.id]);
    const [sent, ...more] = await inboxOf(email);
    expect(more).toEqual([]);
    expect(sent?.subject).toContain('Recibimos su pago');
    expect(sent?.body.text).toContain('$1.234.567');
    expect(sent?.body.text).toContain('TEF 77');
    expect(sent?.body.text).toContain('F-501');
    expect(await inboxOf(billing)).toHaveLength(1);
    expect((await deps.outbox.get(admin.tenantId, receipt!.id))?.status).toBe('sent');
  });

  it('gives two payments two receipts, in English for an English-speaking tenant', async () => {
    // Prepare
    const { admin, client, email } = await tenantWithClient({}, { locale: 'en' });
    await invoice(admin, client.id, 50_000, 'F-1');

    // Act
    const a = json(await pay(admin, { clientId: client.id, amount: 20_000, method: 'cash' }));
    const b = json(await pay(admin, { clientId: client.id, amount: 30_000, method: 'cash' }));
    await planReceipts();
    await dispatch();

    // Assess
    const receipts = await receiptsOf(admin.tenantId);
    expect(receipts.map((r) => r.id).sort()).toEqual([receiptIdOf(admin.tenantId, client.id, a.id), receiptIdOf(admin.tenantId, client.id, b.id)].sort());
    const inbox = await inboxOf(email);
    expect(inbox).toHaveLength(2);
    expect(inbox.every((m) => m.subject.startsWith('We received your payment'))).toBe(true);
  });

  it('plans none while the tenant has receipts off, and none for a credit note', async () => {
    // Prepare
    const { admin, client } = await tenantWithClient();
    const inv = await invoice(admin, client.id, 10_000, 'F-9');
    const off = defaultCollectionsSettings();
    await settings.save(
      admin.tenantId,
      { ...off, reminders: { ...off.reminders, payment_received: { ...off.reminders.payment_received, enabled: false } } },
      0,
    );

    // Act
    const paid = await pay(admin, { clientId: client.id, amount: 5_000, method: 'cash' });
    const noted = await call('POST /v1/credit-notes', admin, { body: { clientId: client.id, amount: 1_000, invoiceId: inv.id } });
    const report = await planReceipts();

    // Assess
    expect([paid.statusCode, noted.statusCode]).toEqual([201, 201]);
    expect(report.off).toBeGreaterThanOrEqual(1);
    expect(await receiptsOf(admin.tenantId)).toEqual([]);
    expect(await pendingRequests(admin.tenantId)).toEqual([]);
  });

  it('records the receipt of a client with collections off as skipped collections_off, shown in the send log, and sends nothing', async () => {
    // Prepare
    const { admin, client, email } = await tenantWithClient({ collectionsEnabled: false });

    // Act
    const payment = json(await pay(admin, { clientId: client.id, amount: 7_000, method: 'cash' }));
    const report = await planReceipts();
    await dispatch();
    const log = await sendLog.list(admin.tenantId, { reason: 'collections_off' }, { limit: 10 });

    // Assess
    expect(report.skipped).toBeGreaterThanOrEqual(1);
    expect(log.items.map((m) => m.id)).toEqual([receiptIdOf(admin.tenantId, client.id, payment.id)]);
    expect(log.items[0]).toMatchObject({ status: 'skipped', collection: { type: 'payment_received', skipReason: 'collections_off' } });
    expect(await inboxOf(email)).toEqual([]);
  });

  it('leaves out a suppressed address: a client whose only address bounced gets its receipt skipped as suppressed', async () => {
    // Prepare
    const { admin, client, email } = await tenantWithClient();
    await dynamoSuppressionStore(deps.document, deps.config.tableName).suppress(admin.tenantId, email, {
      reason: 'hard_bounce',
      at: new Date().toISOString(),
      messageId: 'x',
    });

    // Act
    const payment = json(await pay(admin, { clientId: client.id, amount: 7_000, method: 'cash' }));
    await planReceipts();

    // Assess
    expect(await deps.outbox.get(admin.tenantId, receiptIdOf(admin.tenantId, client.id, payment.id))).toMatchObject({
      status: 'skipped',
      collection: { skipReason: 'suppressed' },
    });
  });
});

describe('receipts of imported payments', () => {
  it('plans one receipt per imported payment row, also when the batch runs twice', async () => {
    // Prepare
    const { admin, client, email } = await tenantWithClient({ customId: 'IMP-1' });
    await invoice(admin, client.id, 80_000, 'F-77');
    const processor = paymentsImportProcessor({ ...deps, reader: dynamoReceivableImportReader(deps.data) });
    const keys = paymentsImportSpec.columns.map((c) => c.key);
    const mapped = processor.mapHeaders(paymentsImportSpec.columns.map((c) => c.header.en));
    if (!('mapping' in mapped)) throw new Error('headers refused');
    const row = (n: number, values: Record<string, CellValue>) => ({ row: n, cells: keys.map((k) => values[k] ?? null) });
    const rows = [
      row(2, { 'client.customId': 'IMP-1', amount: 50_000, method: 'transfer', reference: 'BANCO 1' }),
      row(3, { 'client.customId': 'IMP-1', amount: 30_000, method: 'cash' }),
    ];
    const context = { actor: actorOf(admin), jobId: ulid(), mode: 'create' as const, dryRun: false, createMissingReferences: false };

    // Act
    const first = await processor.processBatch(context, mapped.mapping, rows);
    const redo = await processor.processBatch(context, mapped.mapping, rows);
    await planReceipts();
    await dispatch();

    // Assess
    expect(first.map((o) => o.result)).toEqual(['created', 'created']);
    expect(redo.map((o) => o.result)).not.toContain('failed');
    expect(await receiptsOf(admin.tenantId)).toHaveLength(2);
    expect((await inboxOf(email)).map((m) => m.subject)).toHaveLength(2);
  });
});

describe('payment receipts under faults', () => {
  it('writes neither the payment nor its receipt request when the transaction fails, and the retry writes both once', async () => {
    // Prepare
    const { admin, client } = await tenantWithClient();
    await invoice(admin, client.id, 9_000, 'F-2');
    let failures = 1;
    faults.mock.on(TransactWriteCommand).callsFake(async (input, getClient) => {
      if (failures-- > 0) throw Object.assign(new Error('injected: rate exceeded'), { name: 'ProvisionedThroughputExceededException', $metadata: {} });
      return faults.passOn(new TransactWriteCommand(input), getClient());
    });

    // Act
    const failed = await pay(admin, { clientId: client.id, amount: 9_000, method: 'cash' }, 'fault-key-1');
    const between = {
      payments: (await deps.sources.list(admin.tenantId, 'payment', { clientId: client.id }, { limit: 10 })).items,
      requests: await pendingRequests(admin.tenantId),
    };
    const retried = await pay(admin, { clientId: client.id, amount: 9_000, method: 'cash' }, 'fault-key-1');
    await planReceipts();

    // Assess
    expect(failed.statusCode).toBe(503);
    expect(between).toEqual({ payments: [], requests: [] });
    expect(retried.statusCode).toBe(201);
    expect((await receiptsOf(admin.tenantId)).map((r) => r.id)).toEqual([receiptIdOf(admin.tenantId, client.id, json(retried).id)]);
  });

  it('gives the retry of a payment whose answer was lost its one payment and one receipt', async () => {
    // Prepare
    const { admin, client } = await tenantWithClient();
    loseAnswersOf(faults, TransactWriteCommand, { matches: (input) => JSON.stringify(input).includes('RECEIPT#') });

    // Act
    const lost = await pay(admin, { clientId: client.id, amount: 4_000, method: 'cash' }, 'lost-key-1');
    await letLeasesRunOut(admin.tenantId, deps.config);
    const retried = await pay(admin, { clientId: client.id, amount: 4_000, method: 'cash' }, 'lost-key-1');
    await planReceipts();

    // Assess
    expect(lost.statusCode).toBe(503);
    expect(json(lost).outcome).toBe('kept');
    expect(retried.statusCode).toBe(201);
    const payments = (await deps.sources.list(admin.tenantId, 'payment', { clientId: client.id }, { limit: 10 })).items;
    expect(payments.map((p) => p.id)).toEqual([json(retried).id]);
    expect(await receiptsOf(admin.tenantId)).toHaveLength(1);
  });

  it('keeps the request when the planner stops between the receipt and the request’s removal; the next run plans nothing twice', async () => {
    // Prepare
    const { admin, client, email } = await tenantWithClient();
    const payment = json(await pay(admin, { clientId: client.id, amount: 3_000, method: 'cash' }));
    faults.mock.on(DeleteCommand).rejects(Object.assign(new Error('injected: connection reset'), { name: 'TimeoutError', $metadata: {} }));

    // Act
    const crashed = await planReceipts();
    const left = await pendingRequests(admin.tenantId);
    faults.mock.reset();
    faults.mock.send.callThrough();
    const next = await planReceipts();
    await dispatch();

    // Assess
    expect(crashed).toMatchObject({ planned: 1, failed: 1 });
    expect(left.map((r) => r.paymentId)).toEqual([payment.id]);
    expect(next).toMatchObject({ planned: 0, again: 1, failed: 0 });
    expect(await pendingRequests(admin.tenantId)).toEqual([]);
    expect(await receiptsOf(admin.tenantId)).toHaveLength(1);
    expect(await inboxOf(email)).toHaveLength(1);
  });
});

describe('the receipt in the payment’s transaction', () => {
  it('adds one item: a payment over 20 invoices on distinct dates within one year stays well under 100 items', async () => {
    // Prepare: 21 invoices, each due on its own date of 2026
    const { admin, client } = await tenantWithClient();
    const counts: number[] = [];
    const counted = { ...deps, sources: dynamoMoneySourceRepository(deps.data, deps.document, deps.config.tableName, deps.aggregates, (n) => counts.push(n)) };
    for (let i = 0; i < 21; i++) {
      const created = await call('POST /v1/invoices', admin, {
        body: {
          clientId: client.id,
          status: 'issued',
          issueDate: '2026-01-02',
          dueDate: `2026-${String(1 + Math.floor(i / 2)).padStart(2, '0')}-${i % 2 ? '25' : '10'}`,
          lines: [{ description: 'Cemento', quantity: '1', unitPrice: '1000', taxRate: '0' }],
        },
      });
      expect(created.statusCode).toBe(201);
    }

    // Act
    const one = await recordClientPayment(counted)(actorOf(admin), NewPayment.parse({ clientId: client.id, amount: 1000, method: 'cash' }));
    const twenty = await recordClientPayment(counted)(actorOf(admin), NewPayment.parse({ clientId: client.id, amount: 20_000, method: 'cash' }));

    // Assess
    expect(one.allocations).toHaveLength(1);
    expect(twenty.allocations).toHaveLength(20);
    expect((await pendingRequests(admin.tenantId)).map((r) => r.invoices.length).sort()).toEqual([1, 20]);
    expect(counts[1]).toBeLessThanOrEqual(90);
    console.info(`payment transaction items, receipt request included: 1 invoice ${counts[0]}, 20 invoices ${counts[1]}`);
  });
});
