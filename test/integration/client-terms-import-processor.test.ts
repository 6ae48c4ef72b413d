import { ulid } from 'ulid';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createCatalogEntry } from '../../domain/clients/catalog.use-cases.ts';
import { NewClient, type Client } from '../../domain/clients/client.schema.ts';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import type { CellValue, HeaderMapping, ImportContext, ImportMode, RowOutcome, SourceRow } from '../../domain/imports/rows.ts';
import { clientTermsImportSpec } from '../../domain/imports/specs/client-terms.spec.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { dynamoClientBatchReader } from '../../functions/adapters/dynamodb/client-batch.reader.ts';
import { dynamoClientImportWriter } from '../../functions/adapters/dynamodb/client-import.writer.ts';
import { clientTermsImportProcessor } from '../../functions/imports/client-terms-processor.ts';
import { perRowClientWriter } from '../../functions/imports/per-row-client-writer.ts';
import { newAdminActor, newUser, testDeps } from '../support/tenants.ts';

// Whole batches against DynamoDB Local, twice and at once: minutes on the shared 2-core machine under load.
vi.setConfig({ testTimeout: 180_000 });

const deps = testDeps();
const reader = dynamoClientBatchReader(deps.data);
const writers = { perRow: perRowClientWriter(deps), grouped: dynamoClientImportWriter(deps) };
/** A processor as one Lambda invocation has it (its own memory of the job). */
const newProcessor = (writer: keyof typeof writers = 'perRow') => clientTermsImportProcessor({ ...deps, reader, writer: writers[writer] });

const keys = clientTermsImportSpec.columns.map((c) => c.key);
const headerRow: CellValue[] = [...clientTermsImportSpec.columns.map((c) => c.header.es), 'Notas'];
const row = (n: number, values: Record<string, CellValue>, extra: CellValue = null): SourceRow => ({
  row: n,
  cells: [...keys.map((k) => values[k] ?? null), extra],
});

function mappingOf(processor: ReturnType<typeof newProcessor>, header = headerRow): HeaderMapping {
  const result = processor.mapHeaders(header);
  if (!('mapping' in result)) throw new Error('headers refused');
  return result.mapping;
}
const contextFor = (actor: Actor, mode: ImportMode = 'update', more: Partial<ImportContext> = {}): ImportContext => ({
  actor,
  jobId: ulid(),
  mode,
  dryRun: false,
  createMissingReferences: false,
  ...more,
});
const run = (context: ImportContext, rows: SourceRow[], processor = newProcessor()) => processor.processBatch(context, mappingOf(processor), rows);
const byRow = (outcomes: RowOutcome[]) => Object.fromEntries(outcomes.map((o) => [o.row, o]));
const results = (outcomes: RowOutcome[]) => Object.fromEntries(outcomes.map((o) => [o.row, o.result]));
const make = (actor: Actor, input: Record<string, unknown>) => createClient(deps)(actor, NewClient.parse({ personType: 'other', ...input }));
const get = async (actor: Actor, id: string) => (await deps.clients.get(actor.tenantId, id)) as Client;

let admin: Actor;
let mayorista: { id: string };
let minorista: { id: string };
beforeAll(async () => {
  admin = await newAdminActor(deps);
  mayorista = await createCatalogEntry(deps)(admin, 'category', { name: 'Mayorista', color: '#112233' });
  minorista = await createCatalogEntry(deps)(admin, 'category', { name: 'Minorista', color: '#445566' });
});

describe('client terms import: good and bad rows', () => {
  it('sets category and terms of the client each row names (by id, custom id, tax id or e-mail), and fails each bad row with its column and reason', async () => {
    const byId = await make(admin, { name: 'Por Id', categoryId: mayorista.id });
    const byCustom = await make(admin, { name: 'Por Código', customId: 'COD-1' });
    const byTax = await make(admin, { name: 'Por RUT', taxId: { scheme: 'CL_RUT', value: '76.086.428-5' } });
    const byEmail = await make(admin, { name: 'Por Mail', email: 'mail@x.cl', categoryId: mayorista.id, paymentTermsDays: 15 });
    const context = contextFor(admin);
    const outcomes = await run(context, [
      row(2, { clientId: byId.id, category: 'MINORISTA', paymentTermsDays: 30 }, 'nota ignorada'),
      row(3, { 'client.customId': 'cod-1', category: 'Mayorista', paymentTermsDays: '45' }),
      // Any written form of the tax id finds its client; the id column, when given, decides alone.
      row(4, { 'client.taxId': '760864285', paymentTermsDays: 60 }),
      // An empty category cell clears the category; an empty terms cell leaves the terms.
      row(5, { 'client.email': 'MAIL@x.cl', category: null }),
      row(6, { clientId: byCustom.id, category: 'Inexistente' }),
      row(7, { 'client.email': 'nadie@x.cl', category: 'Mayorista' }),
      row(8, { category: 'Mayorista', paymentTermsDays: 30 }),
      row(9, { 'client.customId': 'COD-1', paymentTermsDays: 400 }),
      row(10, { 'client.taxId': '76.086.428-1' }),
      row(11, { clientId: byId.id, paymentTermsDays: 'treinta' }),
      row(12, {}, 'solo una nota'),
    ]);
    expect(results(outcomes)).toEqual({
      2: 'updated',
      3: 'updated',
      4: 'updated',
      5: 'updated',
      6: 'failed',
      7: 'failed',
      8: 'failed',
      9: 'failed',
      10: 'failed',
      11: 'failed',
      12: 'unchanged',
    });
    expect(await get(admin, byId.id)).toMatchObject({ categoryId: minorista.id, paymentTermsDays: 30, version: 2 });
    expect(await get(admin, byCustom.id)).toMatchObject({ categoryId: mayorista.id, paymentTermsDays: 45 });
    const tax = await get(admin, byTax.id);
    expect(tax).toMatchObject({ paymentTermsDays: 60 });
    expect(tax.categoryId).toBeUndefined();
    const mail = await get(admin, byEmail.id);
    expect(mail).toMatchObject({ paymentTermsDays: 15, version: 2 });
    expect(mail.categoryId).toBeUndefined();

    const history = await deps.clients.history(admin.tenantId, byId.id, { limit: 1 });
    expect(history.items[0]).toMatchObject({
      operation: 'import',
      operationId: `${context.jobId}#2`,
      changes: expect.arrayContaining([
        { field: 'categoryId', from: mayorista.id, to: minorista.id },
        { field: 'paymentTermsDays', to: 30 },
      ]),
    });

    const errors = byRow(outcomes);
    expect(errors[6]!.errors).toEqual([
      {
        row: 6,
        column: 'Categoría',
        value: 'Inexistente',
        code: 'not_found',
        message: { es: expect.stringContaining('«Inexistente»'), en: expect.stringContaining('"Inexistente"') },
      },
    ]);
    expect(errors[7]!.errors).toEqual([
      expect.objectContaining({
        column: 'E-mail del cliente',
        value: 'nadie@x.cl',
        code: 'not_found',
        message: { es: expect.stringContaining('Ningún cliente'), en: expect.stringContaining('No client') },
      }),
    ]);
    expect(errors[8]!.errors).toEqual([
      expect.objectContaining({ column: 'Id cliente', code: 'required', message: expect.objectContaining({ es: expect.stringContaining('de qué cliente') }) }),
    ]);
    expect(errors[9]!.errors).toEqual([expect.objectContaining({ column: 'Plazo de pago (días)', value: '400', code: 'out_of_range' })]);
    expect(errors[10]!.errors).toEqual([
      expect.objectContaining({
        column: 'Documento tributario del cliente',
        code: 'invalid_tax_id',
        message: expect.objectContaining({ es: expect.stringContaining('5') }),
      }),
    ]);
    expect(errors[11]!.errors).toEqual([expect.objectContaining({ column: 'Plazo de pago (días)', value: 'treinta', code: 'invalid_number' })]);
    for (const outcome of outcomes) {
      for (const error of outcome.errors ?? []) {
        expect(error.message.es).not.toBe(error.message.en);
        expect(error.message.es.length).toBeGreaterThan(10);
      }
    }
  });

  it('fails a second row about the same client (by another key) naming the first, and leaves a category the file has no column for', async () => {
    const actor = await newAdminActor(deps);
    const category = await createCatalogEntry(deps)(actor, 'category', { name: 'Mayorista', color: '#112233' });
    const client = await make(actor, { name: 'Uno', email: 'uno@x.cl', customId: 'U-1', categoryId: category.id });
    const processor = newProcessor();
    // A file without the category column: only the terms change.
    const header = ['Id propio del cliente', 'E-mail del cliente', 'Plazo de pago (días)'];
    const mapping = mappingOf(processor, header);
    const outcomes = await processor.processBatch(contextFor(actor), mapping, [
      { row: 2, cells: ['U-1', null, 30] },
      { row: 3, cells: [null, 'uno@x.cl', 60] },
    ]);
    expect(outcomes).toEqual([
      { row: 2, result: 'updated', recordId: client.id },
      {
        row: 3,
        result: 'failed',
        recordId: client.id,
        errors: [
          expect.objectContaining({
            column: 'E-mail del cliente',
            code: 'duplicate_in_file',
            message: expect.objectContaining({ es: expect.stringContaining('La fila 2') }),
          }),
        ],
      },
    ]);
    expect(await get(actor, client.id)).toMatchObject({ categoryId: category.id, paymentTermsDays: 30 });
  });

  it('creates a category a row names when the job says so, once for all its rows', async () => {
    const actor = await newAdminActor(deps);
    const a = await make(actor, { name: 'A', customId: 'A' });
    const b = await make(actor, { name: 'B', customId: 'B' });
    const outcomes = await run(contextFor(actor, 'upsert', { createMissingReferences: true }), [
      row(2, { 'client.customId': 'A', category: 'Nueva' }),
      row(3, { 'client.customId': 'B', category: 'NUEVA' }),
    ]);
    expect(outcomes.map((o) => o.result)).toEqual(['updated', 'updated']);
    const categories = (await deps.catalogs.list(actor.tenantId, 'category', { limit: 10 })).items;
    expect(categories.map((c) => c.name)).toEqual(['Nueva']);
    expect((await get(actor, a.id)).categoryId).toBe(categories[0]!.id);
    expect((await get(actor, b.id)).categoryId).toBe(categories[0]!.id);
  });
});

describe('client terms import: repeats, dry runs and redeliveries', () => {
  it('writes nothing for a row that changes nothing (re-upload), and nothing at all in a dry run', async () => {
    const actor = await newAdminActor(deps);
    const category = await createCatalogEntry(deps)(actor, 'category', { name: 'Mayorista', color: '#112233' });
    const same = await make(actor, { name: 'Igual', customId: 'S', categoryId: category.id, paymentTermsDays: 30 });
    const other = await make(actor, { name: 'Otro', customId: 'O' });
    expect(await run(contextFor(actor), [row(2, { clientId: same.id, category: 'mayorista', paymentTermsDays: 30 })])).toEqual([
      { row: 2, result: 'unchanged', recordId: same.id },
    ]);
    const dry = await run(contextFor(actor, 'upsert', { dryRun: true, createMissingReferences: true }), [
      row(2, { 'client.customId': 'O', category: 'Mayorista', paymentTermsDays: 10 }),
      row(3, { 'client.customId': 'S', category: 'Por Crear' }),
      row(4, { 'client.customId': 'NADIE', category: 'Mayorista' }),
    ]);
    expect(results(dry)).toEqual({ 2: 'updated', 3: 'updated', 4: 'failed' });
    expect(await get(actor, same.id)).toMatchObject({ version: 1, categoryId: category.id });
    expect(await get(actor, other.id)).toMatchObject({ version: 1 });
    expect((await deps.catalogs.list(actor.tenantId, 'category', { limit: 10 })).items).toHaveLength(1);
  });

  for (const writer of ['perRow', 'grouped'] as const) {
    it(`gives the same outcomes when a batch is processed twice, one after the other and at once (${writer} writer)`, async () => {
      for (const atOnce of [false, true]) {
        const actor = await newAdminActor(deps);
        const category = await createCatalogEntry(deps)(actor, 'category', { name: 'Mayorista', color: '#112233' });
        const a = await make(actor, { name: 'A', customId: 'A' });
        const b = await make(actor, { name: 'B', customId: 'B', categoryId: category.id, paymentTermsDays: 30 });
        const c = await make(actor, { name: 'C', customId: 'C', categoryId: category.id });
        const context = contextFor(actor);
        const batch = [
          row(2, { 'client.customId': 'A', category: 'Mayorista', paymentTermsDays: 30 }),
          row(3, { 'client.customId': 'B', category: 'Mayorista', paymentTermsDays: 30 }),
          row(4, { clientId: c.id, category: null }),
          row(5, { 'client.customId': 'A', paymentTermsDays: 90 }),
          row(6, { 'client.customId': 'X', paymentTermsDays: 90 }),
        ];
        const [first, second] = atOnce
          ? await Promise.all([run(context, batch, newProcessor(writer)), run(context, batch, newProcessor(writer))])
          : [await run(context, batch, newProcessor(writer)), await run(context, batch, newProcessor(writer))];
        expect(results(first)).toEqual({ 2: 'updated', 3: 'unchanged', 4: 'updated', 5: 'failed', 6: 'failed' });
        expect(second).toEqual(first);
        expect(await get(actor, a.id)).toMatchObject({ version: 2, categoryId: category.id, paymentTermsDays: 30 });
        expect(await get(actor, b.id)).toMatchObject({ version: 1 });
        expect(await get(actor, c.id)).toMatchObject({ version: 2 });
        expect((await deps.clients.history(actor.tenantId, a.id, { limit: 10 })).items).toHaveLength(2);
      }
    });
  }
});

describe('client terms import: whose clients a row reaches', () => {
  it("fails a row naming another tenant's client as not found, and changes neither tenant", async () => {
    const other = await newAdminActor(deps);
    const foreign = await make(other, { name: 'Ajeno', customId: 'AJ', email: 'ajeno@x.cl' });
    const actor = await newAdminActor(deps);
    const outcomes = await run(contextFor(actor), [
      row(2, { clientId: foreign.id, paymentTermsDays: 30 }),
      row(3, { 'client.email': 'ajeno@x.cl', paymentTermsDays: 30 }),
      row(4, { clientId: 'X'.repeat(5000), paymentTermsDays: 30 }),
    ]);
    expect(outcomes.map((o) => [o.result, o.errors?.[0]?.code, o.recordId])).toEqual([
      ['failed', 'not_found', undefined],
      ['failed', 'not_found', undefined],
      ['failed', 'not_found', undefined],
    ]);
    expect(outcomes[0]!.errors![0]!.message.es).toContain('No existe el cliente');
    expect([...outcomes[2]!.errors![0]!.value!].length).toBeLessThanOrEqual(200);
    expect(await get(other, foreign.id)).toMatchObject({ version: 1 });
  });

  it('lets a level-4 user change only the clients in their scope: any other fails as not found, by id or by custom id', async () => {
    const actor = await newAdminActor(deps);
    const seller = await newUser(deps, actor.tenantId, { accessLevel: 4, permissions: ['imports.run'] });
    const sellerActor: Actor = { tenantId: actor.tenantId, userId: seller.id, accessLevel: 4, permissions: ['imports.run'] };
    const mine = await make(actor, { name: 'Mío', customId: 'MIO', sellerId: seller.id });
    const notMine = await make(actor, { name: 'Ajeno', customId: 'AJENO' });
    const outcomes = byRow(
      await run(contextFor(sellerActor), [
        row(2, { clientId: notMine.id, paymentTermsDays: 30 }),
        row(3, { 'client.customId': 'AJENO', paymentTermsDays: 30 }),
        row(4, { 'client.customId': 'MIO', paymentTermsDays: 30 }),
      ]),
    );
    expect(outcomes[2]).toMatchObject({ result: 'failed', errors: [expect.objectContaining({ code: 'not_found', column: 'Id cliente' })] });
    expect(outcomes[3]).toMatchObject({ result: 'failed', errors: [expect.objectContaining({ code: 'not_found', column: 'Id propio del cliente' })] });
    expect(outcomes[4]).toEqual({ row: 4, result: 'updated', recordId: mine.id });
    expect(await get(actor, notMine.id)).toMatchObject({ version: 1 });
    expect(await get(actor, mine.id)).toMatchObject({ version: 2, paymentTermsDays: 30 });
  });
});
