import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { NewClient, type Client } from '../../domain/clients/client.schema.ts';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { importRecordId, type CellValue, type ImportContext, type ImportMode, type RowOutcome, type SourceRow } from '../../domain/imports/rows.ts';
import { invoicesImportSpec } from '../../domain/imports/specs/invoices.spec.ts';
import { clientBalanceFor } from '../../domain/receivables/delinquency.use-cases.ts';
import { createInvoice } from '../../domain/receivables/invoice.use-cases.ts';
import { NewInvoice } from '../../domain/receivables/invoice.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { dynamoReceivableImportReader } from '../../functions/adapters/dynamodb/receivable-import.reader.ts';
import { invoicesImportProcessor } from '../../functions/imports/invoices-processor.ts';
import { newAdminActor, newUser, testDeps } from '../support/tenants.ts';

const deps = testDeps();
const reader = dynamoReceivableImportReader(deps.data);
/** A processor as one Lambda invocation has it (its own memory of the job). */
const newProcessor = () => invoicesImportProcessor({ ...deps, reader });

const keys = invoicesImportSpec.columns.map((c) => c.key);
const headerRow: CellValue[] = invoicesImportSpec.columns.map((c) => c.header.es);
const row = (n: number, values: Record<string, CellValue>): SourceRow => ({ row: n, cells: keys.map((k) => values[k] ?? null) });
const contextFor = (actor: Actor, mode: ImportMode = 'upsert', more: Partial<ImportContext> = {}): ImportContext => ({
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
const historyOf = async (actor: Actor, clientId: string) => (await deps.clients.history(actor.tenantId, clientId, { limit: 100 })).items;

let admin: Actor;
let sur: Client;
beforeAll(async () => {
  admin = await newAdminActor(deps);
  sur = await make(admin, { personType: 'other', name: 'Ferretería Sur', email: 'sur@x.cl', customId: 'C-1', taxId: '76.543.210-3', paymentTermsDays: 30 });
});

describe('invoices import: good and bad rows', () => {
  it('creates each good row through createInvoice (totals, number, balance, history with the job) and fails each bad row with its column and reason', async () => {
    const { admin: stranger } = { admin: await newAdminActor(deps) };
    const foreign = await make(stranger, { personType: 'other', name: 'Ajeno' });
    const context = contextFor(admin, 'create');
    const outcomes = byRow(
      await run(context, [
        row(2, {
          'client.customId': 'c-1',
          number: 'F-100',
          issueDate: '05-01-2026',
          'line.description': 'Cemento',
          'line.unitPrice': '1.000.000',
          'line.taxRate': 19,
          status: 'Emitida',
        }),
        row(3, {
          'client.taxId': '76543210-3',
          issueDate: new Date(Date.UTC(2026, 0, 10)),
          'line.description': 'Fierro',
          'line.quantity': '2',
          'line.unitPrice': 5000,
        }),
        row(4, { 'client.email': 'SUR@x.cl', 'line.description': 'Arena', 'line.unitPrice': '10,5' }),
        row(5, { clientId: foreign.id, number: 'F-101', 'line.description': 'X', 'line.unitPrice': 100 }),
        row(6, { 'client.customId': 'C-1', number: 'f-100', 'line.description': 'Otra', 'line.unitPrice': 100 }),
        row(7, { 'client.customId': 'C-1', number: 'F-102', 'line.unitPrice': 100 }),
        row(8, { 'client.customId': 'C-1', number: 'F-103', currency: 'MXN', 'line.description': 'Y', 'line.unitPrice': 100 }),
        row(9, { 'line.description': 'Sin cliente', 'line.unitPrice': 100 }),
        row(10, { 'client.customId': 'C-1', number: 'F-104', issueDate: '2026-02-10', dueDate: '2026-02-01', 'line.description': 'Z', 'line.unitPrice': 100 }),
        row(11, {}),
        row(12, { 'client.customId': 'x'.repeat(5000), number: 'F-105', 'line.description': 'Largo', 'line.unitPrice': 100 }),
        row(13, { clientId: '../__proto__#CLIENT', number: 'F-106', 'line.description': 'Raro', 'line.unitPrice': 100 }),
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
      11: 'unchanged',
      12: 'failed',
      13: 'failed',
    });
    // Odd or huge keys name no client (and never fail the batch on DynamoDB's key limit); the quoted value is bounded.
    expect(outcomes[12]!.errors).toEqual([expect.objectContaining({ code: 'not_found', column: 'Id propio del cliente' })]);
    expect([...outcomes[12]!.errors![0]!.value!].length).toBeLessThanOrEqual(200);
    expect(outcomes[13]!.errors).toEqual([expect.objectContaining({ code: 'not_found', column: 'Id cliente' })]);
    const f100 = await deps.invoices.get(admin.tenantId, importRecordId(context.jobId, 2));
    expect(f100).toMatchObject({
      number: 'F-100',
      status: 'issued',
      issueDate: '2026-01-05',
      dueDate: '2026-02-04',
      totals: { net: 1_000_000, tax: 190_000, total: 1_190_000 },
    });
    expect(f100!.balance).toBe(1_190_000);
    const draft = await deps.invoices.get(admin.tenantId, importRecordId(context.jobId, 3));
    expect(draft).toMatchObject({ status: 'draft', totals: { total: 10_000 } });
    expect(draft!.number).toBeUndefined();

    expect(outcomes[4]!.errors).toEqual([expect.objectContaining({ column: 'Precio unitario', value: '10,5', code: 'too_many_decimals' })]);
    expect(outcomes[5]!.errors).toEqual([
      expect.objectContaining({
        column: 'Id cliente',
        code: 'not_found',
        message: { es: expect.stringContaining('No hay un cliente'), en: expect.stringContaining('no client') },
      }),
    ]);
    expect(outcomes[6]!.errors).toEqual([
      expect.objectContaining({
        column: 'Número',
        value: 'f-100',
        code: 'duplicate_in_file',
        message: expect.objectContaining({ es: expect.stringContaining('La fila 2') }),
      }),
    ]);
    expect(outcomes[7]!.errors).toEqual([expect.objectContaining({ column: 'Descripción', code: 'required' })]);
    expect(outcomes[8]!.errors).toEqual([expect.objectContaining({ column: 'Moneda', code: 'currency_not_allowed' })]);
    expect(outcomes[8]!.errors![0]!.message.es).toMatch(/CLP/);
    expect(outcomes[9]!.errors).toEqual([
      expect.objectContaining({ code: 'client_required', message: expect.objectContaining({ en: expect.stringContaining('which client') }) }),
    ]);
    expect(outcomes[10]!.errors).toEqual([expect.objectContaining({ column: 'Fecha de vencimiento', code: 'due_before_issue' })]);
    for (const o of Object.values(outcomes)) for (const e of o.errors ?? []) expect(e.message.es && e.message.en && e.message.es !== e.message.en).toBeTruthy();

    // The issued invoice is in the client's balance; the history entry names the import job.
    expect((await balanceOf(admin, sur.id))?.openBalance).toBe(1_190_000);
    const created = (await historyOf(admin, sur.id)).find((h) => h.invoiceId === f100!.id);
    expect(created).toMatchObject({ operation: 'invoice.create', importJobId: context.jobId });
  });
});

describe('invoices import: re-upload, modes, dry run, deliveries', () => {
  it('a re-upload in a new job leaves the same invoices unchanged, refuses them in create mode, issues a draft the row issues and refuses a change', async () => {
    const client = await make(admin, { personType: 'other', name: 'Constructora Andes', customId: 'C-2' });
    const base = {
      'client.customId': 'C-2',
      issueDate: '2026-01-05',
      dueDate: '2026-02-04',
      'line.description': 'Obra',
      'line.unitPrice': 50000,
      'line.taxRate': 19,
    };
    const first = contextFor(admin, 'create');
    expect(
      results(
        await run(first, [
          row(2, { ...base, number: 'A-1', status: 'issued' }),
          row(3, { ...base, number: 'A-2', status: 'draft' }),
          row(4, { ...base, number: 'A-3', status: 'issued' }),
        ]),
      ),
    ).toEqual({ 2: 'created', 3: 'created', 4: 'created' });
    const again = [
      row(2, { ...base, number: 'A-1', status: 'issued' }),
      row(3, { ...base, number: 'A-2', status: 'issued' }),
      row(4, { ...base, number: 'A-3', 'line.unitPrice': 60000 }),
    ];

    const refused = byRow(await run(contextFor(admin, 'create'), again));
    expect(refused[2]).toMatchObject({
      result: 'failed',
      recordId: importRecordId(first.jobId, 2),
      errors: [expect.objectContaining({ code: 'already_exists', column: 'Número' })],
    });

    const dry = byRow(await run(contextFor(admin, 'upsert', { dryRun: true }), again));
    expect(results(Object.values(dry))).toEqual({ 2: 'unchanged', 3: 'updated', 4: 'failed' });
    expect((await deps.invoices.get(admin.tenantId, importRecordId(first.jobId, 3)))!.status).toBe('draft');

    const upsert = byRow(await run(contextFor(admin, 'upsert'), again));
    expect(results(Object.values(upsert))).toEqual({ 2: 'unchanged', 3: 'updated', 4: 'failed' });
    expect(upsert[4]!.errors).toEqual([
      expect.objectContaining({ code: 'not_editable', message: { es: expect.stringContaining('línea'), en: expect.stringContaining('line') } }),
    ]);
    const issued = await deps.invoices.get(admin.tenantId, importRecordId(first.jobId, 3));
    expect(issued).toMatchObject({ status: 'issued', number: 'A-2', version: 2 });
    expect((await balanceOf(admin, client.id))?.openBalance).toBe(3 * 59_500);
  });

  it('a dry run writes nothing and reports what it would create', async () => {
    const client = await make(admin, { personType: 'other', name: 'Seco', customId: 'C-3' });
    const context = contextFor(admin, 'create', { dryRun: true });
    const outcomes = await run(context, [
      row(2, { 'client.customId': 'C-3', number: 'D-1', status: 'issued', 'line.description': 'Nada', 'line.unitPrice': 1000 }),
    ]);
    expect(outcomes).toEqual([{ row: 2, result: 'created', recordId: importRecordId(context.jobId, 2) }]);
    expect(await deps.invoices.get(admin.tenantId, importRecordId(context.jobId, 2))).toBeUndefined();
    expect((await balanceOf(admin, client.id))?.openBalance ?? 0).toBe(0);
  });

  it('a batch delivered twice, and twice at once, creates each invoice once and numbers the sequence once', async () => {
    const client = await make(admin, { personType: 'other', name: 'Doble', customId: 'C-4' });
    const rows = [
      row(2, { 'client.customId': 'C-4', status: 'issued', 'line.description': 'Uno', 'line.unitPrice': 1000 }),
      row(3, { 'client.customId': 'C-4', status: 'issued', 'line.description': 'Dos', 'line.unitPrice': 2000 }),
      row(4, { 'client.customId': 'C-4', number: 'N-9', status: 'issued', 'line.description': 'Tres', 'line.unitPrice': 3000 }),
    ];
    const context = contextFor(admin, 'create');
    const [a, b] = await Promise.all([run(context, rows), run(context, rows)]);
    const c = await run(context, rows);
    for (const outcomes of [a, b, c]) expect(results(outcomes)).toEqual({ 2: 'created', 3: 'created', 4: 'created' });
    const list = await deps.invoices.list(admin.tenantId, { scope: { kind: 'all' }, clientId: client.id, today: '2026-12-31' }, { limit: 20 });
    expect(list.items).toHaveLength(3);
    const numbers = list.items.map((i) => i.number).sort();
    expect(new Set(numbers).size).toBe(3);
    expect((await balanceOf(admin, client.id))?.openBalance).toBe(6000);
  });

  it('an invoice created through the API is matched by its number and left unchanged', async () => {
    await make(admin, { personType: 'other', name: 'Por API', customId: 'C-5' });
    const client = (await deps.clients.findBy(admin.tenantId, 'customId', 'c-5'))!;
    const api = await createInvoice(deps)(
      admin,
      NewInvoice.parse({
        clientId: client.id,
        number: 'API-1',
        issueDate: '2026-03-01',
        status: 'issued',
        lines: [{ description: 'Servicio', quantity: '1', unitPrice: '2500', taxRate: '0' }],
      }),
    );
    const outcomes = await run(contextFor(admin, 'upsert'), [
      row(2, {
        'client.customId': 'C-5',
        number: 'api-1',
        issueDate: '01/03/2026',
        'line.description': 'Servicio',
        'line.unitPrice': '2.500',
        status: 'issued',
      }),
    ]);
    expect(outcomes).toEqual([{ row: 2, result: 'unchanged', recordId: api.id }]);
  });
});

describe('invoices import: scope', () => {
  it('lets a level-4 user import invoices of their own clients only: any other is not found', async () => {
    const seller = await newUser(deps, admin.tenantId, { accessLevel: 4, permissions: ['imports.run', 'invoices.manage'] });
    const sellerActor: Actor = { tenantId: admin.tenantId, userId: seller.id, accessLevel: 4, permissions: ['imports.run', 'invoices.manage'] };
    const mine = await make(admin, { personType: 'other', name: 'Mío', customId: 'M-1', sellerId: seller.id });
    await make(admin, { personType: 'other', name: 'Ajeno', customId: 'M-2' });
    const context = contextFor(sellerActor, 'create');
    const outcomes = byRow(
      await run(context, [
        row(2, { 'client.customId': 'M-1', number: 'S-1', 'line.description': 'Mío', 'line.unitPrice': 100 }),
        row(3, { 'client.customId': 'M-2', number: 'S-2', 'line.description': 'Ajeno', 'line.unitPrice': 100 }),
      ]),
    );
    expect(outcomes[2]).toEqual({ row: 2, result: 'created', recordId: importRecordId(context.jobId, 2) });
    expect(outcomes[3]).toMatchObject({ result: 'failed', errors: [expect.objectContaining({ code: 'not_found', column: 'Id propio del cliente' })] });
    expect((await deps.invoices.get(admin.tenantId, importRecordId(context.jobId, 2)))!.clientId).toBe(mine.id);
    expect(await deps.invoices.get(admin.tenantId, importRecordId(context.jobId, 3))).toBeUndefined();

    // Without invoices.manage every row fails as the API refuses it, nothing written.
    const clerk: Actor = { ...sellerActor, permissions: ['imports.run'] };
    const refused = await run(contextFor(clerk, 'create'), [
      row(2, { 'client.customId': 'M-1', number: 'S-3', 'line.description': 'Mío', 'line.unitPrice': 100 }),
    ]);
    expect(refused).toEqual([expect.objectContaining({ result: 'failed', errors: [expect.objectContaining({ code: 'forbidden' })] })]);
  });
});
