import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCatalogEntry } from '../../domain/clients/catalog.use-cases.ts';
import { NewClient, type Client } from '../../domain/clients/client.schema.ts';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { clientImportSpec, clientTemplateRow } from '../../domain/imports/client-columns.ts';
import {
  importRecordId,
  type CellValue,
  type HeaderMapping,
  type ImportContext,
  type ImportMode,
  type RowOutcome,
  type SourceRow,
} from '../../domain/imports/rows.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { dynamoClientBatchLookup } from '../../functions/adapters/dynamodb/client-batch-lookup.ts';
import { clientsImportProcessor } from '../../functions/imports/clients-processor.ts';
import { perRowClientWriter } from '../../functions/imports/per-row-client-writer.ts';
import { newAdminActor, newUser, testDeps } from '../support/tenants.ts';

const deps = testDeps();
const writer = perRowClientWriter(deps);
/** A processor as one Lambda invocation has it (its own memory of the job). */
const newProcessor = () => clientsImportProcessor({ ...deps, writer });

const keys = clientImportSpec.columns.map((c) => c.key);
/** The template's Spanish header row, plus a column no spec knows named `__proto__`. */
const headerRow: CellValue[] = [...clientImportSpec.columns.map((c) => c.header.es), '__proto__'];
const row = (n: number, values: Record<string, CellValue>, extra: CellValue = null): SourceRow => ({
  row: n,
  cells: [...keys.map((k) => values[k] ?? null), extra],
});

function mappingOf(processor: ReturnType<typeof newProcessor>): HeaderMapping {
  const result = processor.mapHeaders(headerRow);
  if (!('mapping' in result)) throw new Error('headers refused');
  return result.mapping;
}
const contextFor = (actor: Actor, mode: ImportMode = 'upsert', more: Partial<ImportContext> = {}): ImportContext => ({
  actor,
  jobId: ulid(),
  mode,
  dryRun: false,
  createMissingReferences: false,
  ...more,
});
async function run(context: ImportContext, rows: SourceRow[], processor = newProcessor()) {
  return processor.processBatch(context, mappingOf(processor), rows);
}
const byRow = (outcomes: RowOutcome[]) => Object.fromEntries(outcomes.map((o) => [o.row, o]));
/** Every client of the tenant, any status. */
async function clientsOf(tenantId: string): Promise<Client[]> {
  const page = await deps.clients.list(tenantId, { scope: { kind: 'all' }, status: 'all' }, { limit: 100 });
  return page.items;
}
const make = (actor: Actor, input: Record<string, unknown>) => createClient(deps)(actor, NewClient.parse(input));

let admin: Actor;
beforeAll(async () => {
  admin = await newAdminActor(deps);
  await createCatalogEntry(deps)(admin, 'category', { name: 'Mayorista', color: '#112233' });
});

describe('clients import: a batch of good and bad rows', () => {
  it('creates the good rows with import provenance and fails each bad row with its column, value and reason in both languages', async () => {
    const existing = await make(admin, { personType: 'other', name: 'Comercial Existente', email: 'tomado@x.cl' });
    const context = contextFor(admin, 'create');
    const outcomes = byRow(
      await run(context, [
        row(2, { name: 'Ferretería Sur', email: 'sur@x.cl', 'taxId.value': '12.345.678-5', categoryId: 'MAYORISTA', phone: 56223456789 }, 'ignored'),
        row(3, { name: 'Dígito Malo', 'taxId.value': '12.345.678-9' }),
        row(4, { name: 'Sin Categoría', categoryId: 'Minorista' }),
        row(5, { name: 'Repetido', email: 'SUR@x.cl' }),
        // Matched by its new custom id (the first key it gives), so its e-mail, another client's, is a clash naming that client.
        row(6, { name: 'Otro Tomado', customId: 'NUEVO-6', email: 'tomado@x.cl' }),
        row(7, { personType: 'Otro', email: 'sin-nombre@x.cl' }),
        row(8, { name: { formulaWithoutValue: 'B8&C8' } }),
        row(9, { personType: 'Persona natural', firstName: 'Ana', firstSurname: 'Muñoz', collectionsEnabled: 'no', paymentTermsDays: '30' }),
        row(10, { name: '   ' }, 'only a note in an unknown column'),
      ]),
    );
    expect(Object.fromEntries(Object.entries(outcomes).map(([n, o]) => [n, o.result]))).toEqual({
      2: 'created',
      3: 'failed',
      4: 'failed',
      5: 'failed',
      6: 'failed',
      7: 'failed',
      8: 'failed',
      9: 'created',
      10: 'unchanged',
    });
    expect(outcomes[2]!.recordId).toBe(importRecordId(context.jobId, 2));

    expect(outcomes[3]!.errors).toEqual([
      {
        row: 3,
        column: 'Número de identificación tributaria',
        value: '12.345.678-9',
        code: 'invalid_tax_id',
        message: { es: expect.stringContaining('debería ser 5'), en: expect.stringContaining('it should be 5') },
      },
    ]);
    expect(outcomes[4]!.errors).toEqual([
      expect.objectContaining({
        column: 'Categoría',
        value: 'Minorista',
        code: 'not_found',
        message: { es: expect.stringContaining('«Minorista»'), en: expect.stringContaining('"Minorista"') },
      }),
    ]);
    expect(outcomes[5]!.errors).toEqual([
      expect.objectContaining({
        column: 'E-mail',
        value: 'SUR@x.cl',
        code: 'duplicate_in_file',
        message: { es: expect.stringContaining('La fila 2'), en: expect.stringContaining('Row 2') },
      }),
    ]);
    expect(outcomes[6]!.errors).toEqual([
      expect.objectContaining({
        column: 'E-mail',
        value: 'tomado@x.cl',
        code: 'taken',
        message: { es: expect.stringContaining(`«Comercial Existente» (id ${existing.id})`), en: expect.stringContaining('"Comercial Existente"') },
      }),
    ]);
    expect(outcomes[7]!.errors).toEqual([
      expect.objectContaining({ column: 'Nombre', code: 'required', message: { es: expect.stringContaining('Falta el nombre'), en: expect.any(String) } }),
    ]);
    expect(outcomes[8]!.errors).toEqual([expect.objectContaining({ column: 'Nombre', code: 'formula_without_value' })]);
    for (const outcome of Object.values(outcomes)) {
      for (const error of outcome.errors ?? []) {
        expect(error.message.es).not.toBe(error.message.en);
        expect(error.message.es.length).toBeGreaterThan(10);
      }
    }

    const created = await deps.clients.get(admin.tenantId, outcomes[2]!.recordId!);
    expect(created).toMatchObject({
      displayName: 'Ferretería Sur',
      phone: '56223456789',
      taxId: { scheme: 'CL_RUT', value: '12345678-5' },
      provenance: { source: 'import', importJobId: context.jobId },
    });
    expect(created!.categoryId).toBeDefined();
    const history = await deps.clients.history(admin.tenantId, created!.id, { limit: 5 });
    expect(history.items.map((h) => h.operation)).toEqual(['import']);
    expect(await deps.clients.get(admin.tenantId, outcomes[9]!.recordId!)).toMatchObject({
      collectionsEnabled: false,
      paymentTermsDays: 30,
      sortName: 'Muñoz, Ana',
    });
    // The `__proto__` header was ignored and polluted nothing.
    expect(mappingOf(newProcessor()).ignored).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).ignored).toBeUndefined();
  });

  it('creates nothing in create mode for a row that matches a client, and updates nothing in update mode for one that matches none', async () => {
    const existing = await make(admin, { personType: 'other', name: 'Por Código', customId: 'COD-77' });
    const created = byRow(await run(contextFor(admin, 'create'), [row(2, { name: 'Por Código 2', customId: 'cod-77' })]));
    expect(created[2]).toMatchObject({
      result: 'failed',
      recordId: existing.id,
      errors: [
        expect.objectContaining({
          code: 'already_exists',
          column: 'ID personalizado',
          message: expect.objectContaining({ es: expect.stringContaining('«Por Código»') }),
        }),
      ],
    });
    const updated = byRow(await run(contextFor(admin, 'update'), [row(2, { name: 'Nadie', customId: 'NO-EXISTE' })]));
    expect(updated[2]).toMatchObject({ result: 'failed', errors: [expect.objectContaining({ code: 'not_found' })] });
  });

  it('creates a category a row names when the job says so, once for all its rows', async () => {
    const actor = await newAdminActor(deps);
    const outcomes = await run(contextFor(actor, 'create', { createMissingReferences: true }), [
      row(2, { name: 'Uno', categoryId: 'Minorista' }),
      row(3, { name: 'Dos', categoryId: 'minorista' }),
    ]);
    expect(outcomes.map((o) => o.result)).toEqual(['created', 'created']);
    const categories = await deps.catalogs.list(actor.tenantId, 'category', { limit: 10 });
    expect(categories.items.map((c) => c.name)).toEqual(['Minorista']);
    const clients = await clientsOf(actor.tenantId);
    expect(new Set(clients.map((c) => c.categoryId))).toEqual(new Set([categories.items[0]!.id]));
  });
});

describe('clients import: re-upload of the template', () => {
  async function tenantWithClients() {
    const actor = await newAdminActor(deps);
    const category = await createCatalogEntry(deps)(actor, 'category', { name: 'Mayorista', color: '#112233' });
    const a = await make(actor, {
      personType: 'legal',
      legalName: 'Andes SpA',
      email: 'andes@x.cl',
      categoryId: category.id,
      taxId: { scheme: 'CL_RUT', value: '76.086.428-5' },
    });
    const b = await make(actor, { personType: 'other', name: 'Bosque', email: 'bosque@x.cl', notifyEmails: ['pagos@bosque.cl'], billing: { tax: 'IVA' } });
    const names = { categories: new Map([[category.id, category.name]]), zones: new Map(), users: new Map() };
    return { actor, a, b, templateRow: (c: Client) => clientTemplateRow(c, names) };
  }

  it('updates the edited row of a re-uploaded template instead of duplicating it, and writes nothing for the unchanged one', async () => {
    const { actor, a, b, templateRow } = await tenantWithClients();
    const context = contextFor(actor);
    const outcomes = byRow(await run(context, [row(2, { ...templateRow(a), city: 'Talca' }), row(3, templateRow(b))]));
    expect(outcomes[2]).toEqual({ row: 2, result: 'updated', recordId: a.id });
    expect(outcomes[3]).toEqual({ row: 3, result: 'unchanged', recordId: b.id });
    expect(await clientsOf(actor.tenantId)).toHaveLength(2);
    expect(await deps.clients.get(actor.tenantId, a.id)).toMatchObject({ city: 'Talca', version: 2, legalName: 'Andes SpA', categoryId: a.categoryId });
    expect(await deps.clients.get(actor.tenantId, b.id)).toMatchObject({ version: 1 });
    const history = await deps.clients.history(actor.tenantId, a.id, { limit: 1 });
    expect(history.items[0]).toMatchObject({ operation: 'import', operationId: `${context.jobId}#2`, changes: [{ field: 'city', to: 'Talca' }] });
  });

  it('writes nothing in a dry run, saying what it would do, clashes with other clients included', async () => {
    const { actor, a, templateRow } = await tenantWithClients();
    const context = contextFor(actor, 'upsert', { dryRun: true });
    const outcomes = await run(context, [
      row(2, { ...templateRow(a), city: 'Talca' }),
      row(3, { name: 'Nuevo' }),
      row(4, { name: 'Choca', customId: 'C-4', email: 'bosque@x.cl' }),
    ]);
    expect(outcomes).toEqual([
      { row: 2, result: 'updated', recordId: a.id },
      { row: 3, result: 'created', recordId: importRecordId(context.jobId, 3) },
      {
        row: 4,
        result: 'failed',
        errors: [expect.objectContaining({ code: 'taken', column: 'E-mail', message: expect.objectContaining({ es: expect.stringContaining('«Bosque»') }) })],
      },
    ]);
    expect(await clientsOf(actor.tenantId)).toHaveLength(2);
    expect(await deps.clients.get(actor.tenantId, a.id)).toMatchObject({ version: 1 });
  });

  it('gives the same outcomes and no duplicate client when a batch is processed twice, one after the other and at once', async () => {
    for (const atOnce of [false, true]) {
      const { actor, a, b, templateRow } = await tenantWithClients();
      const context = contextFor(actor);
      const batch = [
        row(2, { name: 'Nuevo Con Mail', email: 'nuevo@x.cl' }),
        row(3, { name: 'Nuevo Sin Claves' }),
        row(4, { ...templateRow(a), city: 'Talca' }),
        row(5, templateRow(b)),
        row(6, { name: 'Repite', email: 'nuevo@x.cl' }),
        row(7, { name: 'Mal', 'taxId.value': '1-1' }),
      ];
      const [first, second] = atOnce ? await Promise.all([run(context, batch), run(context, batch)]) : [await run(context, batch), await run(context, batch)];
      expect(second).toEqual(first);
      expect(first.map((o) => o.result)).toEqual(['created', 'created', 'updated', 'unchanged', 'failed', 'failed']);
      expect(await clientsOf(actor.tenantId)).toHaveLength(4);
      expect(await deps.clients.get(actor.tenantId, a.id)).toMatchObject({ version: 2 });
      // The same processor (one invocation) given the batch again agrees too.
      const processor = newProcessor();
      expect(await run(context, batch, processor)).toEqual(first);
      expect(await run(context, batch, processor)).toEqual(first);
    }
  });
});

describe('clients import: whose clients a row reaches', () => {
  it("fails a row naming another tenant's client by id as not found, and changes neither tenant", async () => {
    const other = await newAdminActor(deps);
    const foreign = await make(other, { personType: 'other', name: 'Ajeno', email: 'ajeno@x.cl' });
    const actor = await newAdminActor(deps);
    const outcomes = await run(contextFor(actor), [row(2, { id: foreign.id, name: 'Robado' })]);
    expect(outcomes).toEqual([
      {
        row: 2,
        result: 'failed',
        errors: [
          expect.objectContaining({
            column: 'ID',
            value: foreign.id,
            code: 'not_found',
            message: { es: expect.stringContaining('No existe el cliente'), en: expect.any(String) },
          }),
        ],
      },
    ]);
    expect(await clientsOf(actor.tenantId)).toHaveLength(0);
    expect(await deps.clients.get(other.tenantId, foreign.id)).toMatchObject({ name: 'Ajeno', version: 1 });
    // Ids no key could hold fail the same way, without a read DynamoDB would refuse.
    const odd = await run(contextFor(actor), [row(2, { id: 'X'.repeat(5000), city: 'Talca' }), row(3, { id: '../\u202e𝕏', city: 'Talca' })]);
    expect(odd.map((o) => [o.result, o.errors?.[0]?.code, [...(o.errors?.[0]?.value ?? '')].length <= 200])).toEqual([
      ['failed', 'not_found', true],
      ['failed', 'not_found', true],
    ]);
    // The same through the batched matching production wires (client-batch-lookup.ts): each such row fails alone, the batch stands.
    const batched = clientsImportProcessor({ ...deps, writer, lookup: dynamoClientBatchLookup(deps.data) });
    const huge = 'x'.repeat(5000);
    const rows = [row(2, { id: 'X'.repeat(5000), city: 'Talca' }), row(3, { name: 'Largo', customId: huge }), row(4, { name: 'Largo', email: `${huge}@x.cl` })];
    expect((await run(contextFor(actor, 'update'), rows, batched)).map((o) => [o.row, o.result, o.errors?.[0]?.code])).toEqual([
      [2, 'failed', 'not_found'],
      [3, 'failed', expect.any(String)],
      [4, 'failed', expect.any(String)],
    ]);
  });

  it('lets a level-4 user update only their own clients: any other fails as not found, by id or by e-mail', async () => {
    const actor = await newAdminActor(deps);
    const seller = await newUser(deps, actor.tenantId, { accessLevel: 4, permissions: ['imports.run'] });
    const sellerActor: Actor = { tenantId: actor.tenantId, userId: seller.id, accessLevel: 4, permissions: ['imports.run'] };
    const mine = await make(actor, { personType: 'other', name: 'Mío', email: 'mio@x.cl', sellerId: seller.id });
    const notMine = await make(actor, { personType: 'other', name: 'Ajeno', email: 'otro@x.cl' });
    const outcomes = byRow(
      await run(contextFor(sellerActor, 'update'), [
        row(2, { id: notMine.id, city: 'Talca' }),
        row(3, { email: 'otro@x.cl', city: 'Talca' }),
        row(4, { id: mine.id, city: 'Talca' }),
      ]),
    );
    expect(outcomes[2]).toMatchObject({ result: 'failed', errors: [expect.objectContaining({ code: 'not_found', column: 'ID' })] });
    expect(outcomes[3]).toMatchObject({ result: 'failed', errors: [expect.objectContaining({ code: 'not_found' })] });
    expect(outcomes[4]).toEqual({ row: 4, result: 'updated', recordId: mine.id });
    expect(await deps.clients.get(actor.tenantId, notMine.id)).toMatchObject({ version: 1 });
    expect((await deps.clients.get(actor.tenantId, notMine.id))!.city).toBeUndefined();
  });
});
