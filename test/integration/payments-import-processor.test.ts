import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { NewClient, type Client } from '../../domain/clients/client.schema.ts';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { importRecordId, type CellValue, type ImportContext, type ImportMode, type RowOutcome, type SourceRow } from '../../domain/imports/rows.ts';
import { paymentsImportSpec } from '../../domain/imports/specs/payments.spec.ts';
import { clientBalanceFor } from '../../domain/receivables/delinquency.use-cases.ts';
import { createInvoice } from '../../domain/receivables/invoice.use-cases.ts';
import { NewInvoice } from '../../domain/receivables/invoice.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { dynamoReceivableImportReader } from '../../functions/adapters/dynamodb/receivable-import.reader.ts';
import { paymentsImportProcessor } from '../../functions/imports/payments-processor.ts';
import { newAdminActor, newUser, testDeps } from '../support/tenants.ts';

const deps = testDeps();
const reader = dynamoReceivableImportReader(deps.data);
const newProcessor = () => paymentsImportProcessor({ ...deps, reader });

const keys = paymentsImportSpec.columns.map((c) => c.key);
const headerRow: CellValue[] = paymentsImportSpec.columns.map((c) => c.header.en);
const row = (n: number, values: Record<string, CellValue>): SourceRow => ({ row: n, cells: keys.map((k) => values[k] ?? null) });
const contextFor = (actor: Actor, mode: ImportMode = 'create', more: Partial<ImportContext> = {}): ImportContext => ({
  actor,
  jobId: ulid(),
  mode,
  dryRun: false,
  createMissingReferences: false,
  ...more,
});
async function run(context: ImportContext, rows: SourceRow[], processor = newProcessor()) {
  const mapped = processor.mapHeaders(headerRow);
  if (!('mapping' in mapped)) throw new Error('headers refused');
  return processor.processBatch(context, mapped.mapping, rows);
}
const byRow = (outcomes: RowOutcome[]) => Object.fromEntries(outcomes.map((o) => [o.row, o]));
const results = (outcomes: RowOutcome[]) => Object.fromEntries(outcomes.map((o) => [o.row, o.result]));
const make = (actor: Actor, input: Record<string, unknown>) => createClient(deps)(actor, NewClient.parse(input));
const balanceOf = async (actor: Actor, clientId: string) => (await clientBalanceFor(deps)(actor, clientId)).currencies.find((c) => c.currency === 'CLP');
const invoice = (actor: Actor, clientId: string, number: string, net: number, dueDate: string) =>
  createInvoice(deps)(
    actor,
    NewInvoice.parse({
      clientId,
      number,
      issueDate: '2026-01-02',
      dueDate,
      status: 'issued',
      lines: [{ description: number, quantity: '1', unitPrice: String(net), taxRate: '0' }],
    }),
  );

let admin: Actor;
beforeAll(async () => {
  admin = await newAdminActor(deps);
});

describe('payments import', () => {
  it('records good rows through recordClientPayment (oldest due first, or the invoices named), fails bad rows, and keeps the balances', async () => {
    const client: Client = await make(admin, { personType: 'other', name: 'Ferretería Sur', customId: 'P-1' });
    const old = await invoice(admin, client.id, 'PA-1', 100_000, '2026-02-01');
    const newer = await invoice(admin, client.id, 'PA-2', 50_000, '2026-03-01');
    const named = await invoice(admin, client.id, 'PA-3', 30_000, '2026-04-01');
    const context = contextFor(admin);
    const outcomes = byRow(
      await run(context, [
        row(2, { 'client.customId': 'P-1', amount: '120.000', date: '10-03-2026', method: 'Transferencia', reference: 'TEF 1' }),
        row(3, { 'client.customId': 'P-1', amount: 10_000, date: '2026-03-11', method: 'cash', invoiceNumber: 'pa-3' }),
        row(4, { 'client.customId': 'P-1', amount: '1.234,5', method: 'cash' }),
        row(5, { 'client.customId': 'P-1', amount: 100, method: 'bitcoin' }),
        row(6, { 'client.customId': 'P-1', amount: 100, method: 'cash', invoiceNumber: 'NO-EXISTE' }),
        row(7, { 'client.customId': 'P-1', amount: 100, method: 'cash', date: '2099-01-01' }),
        row(8, { 'client.customId': 'P-9', amount: 100, method: 'cash' }),
        row(9, { 'client.customId': 'P-1', amount: '120000', date: '2026-03-10', method: 'transfer', reference: 'tef  1' }),
        row(10, { 'client.customId': 'P-1', method: 'cash' }),
      ]),
    );
    expect(results(Object.values(outcomes))).toEqual({
      2: 'created',
      3: 'created',
      4: 'failed',
      5: 'failed',
      6: 'failed',
      7: 'failed',
      8: 'failed',
      9: 'failed',
      10: 'failed',
    });
    expect(outcomes[4]!.errors).toEqual([expect.objectContaining({ column: 'Amount', code: 'too_many_decimals' })]);
    expect(outcomes[5]!.errors).toEqual([expect.objectContaining({ column: 'Payment method', code: 'invalid_choice' })]);
    expect(outcomes[6]!.errors).toEqual([expect.objectContaining({ column: 'Invoice number', code: 'not_found' })]);
    expect(outcomes[7]!.errors).toEqual([expect.objectContaining({ column: 'Date', code: 'date_in_future' })]);
    expect(outcomes[8]!.errors).toEqual([expect.objectContaining({ column: 'Client custom id', code: 'not_found' })]);
    expect(outcomes[9]!.errors).toEqual([
      expect.objectContaining({ code: 'duplicate_in_file', message: expect.objectContaining({ en: expect.stringContaining('Row 2') }) }),
    ]);
    expect(outcomes[10]!.errors).toEqual([expect.objectContaining({ column: 'Amount', code: 'required' })]);

    // Oldest due first: PA-1 paid, PA-2 gets the rest; the named row goes to PA-3 only.
    expect(await deps.invoices.get(admin.tenantId, old.id)).toMatchObject({ status: 'paid', balance: 0 });
    expect(await deps.invoices.get(admin.tenantId, newer.id)).toMatchObject({ status: 'partially_paid', balance: 30_000 });
    expect(await deps.invoices.get(admin.tenantId, named.id)).toMatchObject({ status: 'partially_paid', balance: 20_000 });
    const payment = await deps.sources.get(admin.tenantId, 'payment', importRecordId(context.jobId, 2));
    expect(payment).toMatchObject({ amount: 120_000, date: '2026-03-10', method: 'transfer', reference: 'TEF 1', unapplied: 0 });
    expect((await balanceOf(admin, client.id))?.openBalance).toBe(50_000);
    const history = (await deps.clients.history(admin.tenantId, client.id, { limit: 50 })).items;
    expect(history.find((h) => h.sourceId === payment!.id)).toMatchObject({ operation: 'payment.create', importJobId: context.jobId });
  });

  it('the same file as a new job records no payment with a reference twice: already_exists naming the first', async () => {
    const client = await make(admin, { personType: 'other', name: 'Repetido', customId: 'P-2' });
    await invoice(admin, client.id, 'PB-1', 100_000, '2026-02-01');
    const rows = [
      row(2, { 'client.customId': 'P-2', amount: 40_000, date: '2026-03-01', method: 'transfer', reference: 'OP-77' }),
      row(3, { 'client.customId': 'P-2', amount: 5_000, date: '2026-03-01', method: 'cash' }),
    ];
    const first = contextFor(admin);
    expect(results(await run(first, rows))).toEqual({ 2: 'created', 3: 'created' });
    const second = byRow(await run(contextFor(admin), rows));
    expect(second[2]).toMatchObject({
      result: 'failed',
      recordId: importRecordId(first.jobId, 2),
      errors: [
        expect.objectContaining({ code: 'already_exists', column: 'Reference', message: expect.objectContaining({ es: expect.stringContaining('OP-77') }) }),
      ],
    });
    // Without a reference a payment has no natural key: a second one is recorded (documented).
    expect(second[3]!.result).toBe('created');
    expect((await balanceOf(admin, client.id))?.openBalance).toBe(100_000 - 40_000 - 5_000 - 5_000);
    // In upsert mode the same referenced payment is unchanged.
    expect(results(await run(contextFor(admin, 'upsert'), [rows[0]!]))).toEqual({ 2: 'unchanged' });
  });

  it('a batch delivered twice, and twice at once, applies each payment once', async () => {
    const client = await make(admin, { personType: 'other', name: 'Doble', customId: 'P-3' });
    await invoice(admin, client.id, 'PC-1', 30_000, '2026-02-01');
    await invoice(admin, client.id, 'PC-2', 30_000, '2026-03-01');
    const rows = [
      row(2, { 'client.customId': 'P-3', amount: 20_000, date: '2026-03-01', method: 'cash' }),
      row(3, { 'client.customId': 'P-3', amount: 20_000, date: '2026-03-02', method: 'cash' }),
      row(4, { 'client.customId': 'P-3', amount: 5_000, date: '2026-03-03', method: 'deposit', reference: 'DEP-1' }),
    ];
    const context = contextFor(admin);
    const [a, b] = await Promise.all([run(context, rows), run(context, rows)]);
    const c = await run(context, rows);
    for (const outcomes of [a, b, c]) expect(results(outcomes)).toEqual({ 2: 'created', 3: 'created', 4: 'created' });
    const payments = await deps.sources.list(admin.tenantId, 'payment', { clientId: client.id }, { limit: 20 });
    expect(payments.items).toHaveLength(3);
    expect((await balanceOf(admin, client.id))?.openBalance).toBe(60_000 - 45_000);
  });

  it('a dry run records nothing; a level-4 user pays only their own clients', async () => {
    const seller = await newUser(deps, admin.tenantId, { accessLevel: 4, permissions: ['imports.run', 'payments.manage'] });
    const sellerActor: Actor = { tenantId: admin.tenantId, userId: seller.id, accessLevel: 4, permissions: ['imports.run', 'payments.manage'] };
    const mine = await make(admin, { personType: 'other', name: 'Mío', customId: 'P-4', sellerId: seller.id });
    const theirs = await make(admin, { personType: 'other', name: 'Ajeno', customId: 'P-5' });
    await invoice(admin, mine.id, 'PD-1', 10_000, '2026-02-01');
    await invoice(admin, theirs.id, 'PD-2', 10_000, '2026-02-01');
    const rows = [
      row(2, { 'client.customId': 'P-4', amount: 10_000, date: '2026-03-01', method: 'cash' }),
      row(3, { 'client.customId': 'P-5', amount: 10_000, date: '2026-03-01', method: 'cash' }),
      row(4, { 'client.customId': 'P-4', amount: 1_000, date: '2026-03-01', method: 'cash', invoiceNumber: 'PD-2' }),
    ];
    const dry = contextFor(sellerActor, 'create', { dryRun: true });
    expect(results(await run(dry, rows))).toEqual({ 2: 'created', 3: 'failed', 4: 'failed' });
    expect(await deps.sources.get(admin.tenantId, 'payment', importRecordId(dry.jobId, 2))).toBeUndefined();
    expect((await balanceOf(admin, mine.id))?.openBalance).toBe(10_000);

    const real = contextFor(sellerActor);
    const outcomes = byRow(await run(real, rows));
    expect(outcomes[2]).toEqual({ row: 2, result: 'created', recordId: importRecordId(real.jobId, 2) });
    expect(outcomes[3]).toMatchObject({ result: 'failed', errors: [expect.objectContaining({ code: 'not_found' })] });
    // Another client's invoice is not found either.
    expect(outcomes[4]).toMatchObject({ result: 'failed', errors: [expect.objectContaining({ code: 'not_found', column: 'Invoice number' })] });
    expect((await balanceOf(admin, mine.id))?.openBalance).toBe(0);
    expect((await balanceOf(admin, theirs.id))?.openBalance).toBe(10_000);
  });
});
