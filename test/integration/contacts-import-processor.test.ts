import { ulid } from 'ulid';
import { describe, expect, it, vi } from 'vitest';
import { NewClient, type Client } from '../../domain/clients/client.schema.ts';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { addContact } from '../../domain/clients/contact.use-cases.ts';
import {
  importRecordId,
  type CellValue,
  type HeaderMapping,
  type ImportContext,
  type ImportMode,
  type RowOutcome,
  type SourceRow,
} from '../../domain/imports/rows.ts';
import { contactsImportSpec } from '../../domain/imports/specs/contacts.spec.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { dynamoClientBatchReader } from '../../functions/adapters/dynamodb/client-batch.reader.ts';
import { contactsImportProcessor } from '../../functions/imports/contacts-processor.ts';
import { newAdminActor, newUser, testDeps } from '../support/tenants.ts';

// Whole batches against DynamoDB Local, twice and at once: minutes on the shared 2-core machine under load.
vi.setConfig({ testTimeout: 180_000 });

const deps = testDeps();
const reader = dynamoClientBatchReader(deps.data);
/** A processor as one Lambda invocation has it (its own memory of the job). */
const newProcessor = () => contactsImportProcessor({ ...deps, reader });

const keys = contactsImportSpec.columns.map((c) => c.key);
const headerRow: CellValue[] = [...contactsImportSpec.columns.map((c) => c.header.es), '__proto__'];
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
const run = (context: ImportContext, rows: SourceRow[], processor = newProcessor()) => processor.processBatch(context, mappingOf(processor), rows);
const byRow = (outcomes: RowOutcome[]) => Object.fromEntries(outcomes.map((o) => [o.row, o]));
const results = (outcomes: RowOutcome[]) => Object.fromEntries(outcomes.map((o) => [o.row, o.result]));
const make = (actor: Actor, input: Record<string, unknown>): Promise<Client> => createClient(deps)(actor, NewClient.parse({ personType: 'other', ...input }));
const contactsOf = (actor: Actor, clientId: string) => deps.contacts.list(actor.tenantId, clientId);

describe('contacts import: good and bad rows', () => {
  it('creates the contacts rows name on the client they name, with the row’s own id and the job in the history, and fails each bad row with its reason', async () => {
    const actor = await newAdminActor(deps);
    const andes = await make(actor, { name: 'Andes', customId: 'AND' });
    const bosque = await make(actor, { name: 'Bosque', email: 'bosque@x.cl' });
    const context = contextFor(actor, 'create');
    const outcomes = await run(context, [
      row(2, { 'client.customId': 'and', type: 'Facturación', name: 'Ana Pagos', email: 'Ana@Andes.cl', phone: 56912345678 }, 'ignorado'),
      row(3, { 'client.email': 'bosque@x.cl', type: 'cobranza', name: 'Beto', email: 'beto@bosque.cl', receives: 'recordatorios, invoices' }),
      row(4, { clientId: andes.id, type: 'commercial', name: 'Sin Mail' }),
      row(5, { 'client.customId': 'AND', type: 'jefe', name: 'Tipo Malo' }),
      row(6, { 'client.customId': 'AND', type: 'other', name: 'Mal Mail', email: 'no-es-mail' }),
      row(7, { 'client.customId': 'AND', name: 'Sin Tipo' }),
      row(8, { 'client.customId': 'NADIE', type: 'other', name: 'Huérfano' }),
      row(9, { type: 'other', name: 'Sin Cliente' }),
      row(10, { 'client.customId': 'AND', type: 'other', name: 'Recibe Sin Mail', receives: 'avisos' }),
      row(11, { 'client.customId': 'AND', type: 'other', name: 'Otra Ana', email: 'ana@andes.cl' }),
      row(12, { 'client.customId': 'AND', type: 'other', name: 'Mensaje Malo', email: 'm@andes.cl', receives: 'facturas, telegramas' }),
      row(13, {}, 'solo una nota'),
    ]);
    expect(results(outcomes)).toEqual({
      2: 'created',
      3: 'created',
      4: 'created',
      5: 'failed',
      6: 'failed',
      7: 'failed',
      8: 'failed',
      9: 'failed',
      10: 'failed',
      11: 'failed',
      12: 'failed',
      13: 'unchanged',
    });
    const found = byRow(outcomes);
    expect(found[2]!.recordId).toBe(importRecordId(context.jobId, 2));
    const andesContacts = await contactsOf(actor, andes.id);
    expect(andesContacts.map((c) => c.name).sort()).toEqual(['Ana Pagos', 'Sin Mail']);
    expect(andesContacts.find((c) => c.name === 'Ana Pagos')).toMatchObject({
      id: importRecordId(context.jobId, 2),
      type: 'billing',
      email: 'ana@andes.cl',
      phone: '56912345678',
      receives: ['invoices', 'payments'],
    });
    expect(await contactsOf(actor, bosque.id)).toEqual([expect.objectContaining({ name: 'Beto', type: 'collections', receives: ['reminders', 'invoices'] })]);
    const history = await deps.clients.history(actor.tenantId, andes.id, { limit: 5 });
    expect(history.items.find((h) => h.contactId === importRecordId(context.jobId, 2))).toMatchObject({
      operation: 'contact_added',
      operationId: `${context.jobId}#2`,
    });

    expect(found[5]!.errors).toEqual([
      expect.objectContaining({
        column: 'Tipo',
        value: 'jefe',
        code: 'invalid_value',
        message: { es: expect.stringContaining('billing'), en: expect.stringContaining('billing') },
      }),
    ]);
    expect(found[6]!.errors).toEqual([expect.objectContaining({ column: 'E-mail', value: 'no-es-mail', code: 'invalid_format' })]);
    expect(found[7]!.errors).toEqual([expect.objectContaining({ column: 'Tipo', code: 'required' })]);
    expect(found[8]!.errors).toEqual([expect.objectContaining({ column: 'Id propio del cliente', value: 'NADIE', code: 'not_found' })]);
    expect(found[9]!.errors).toEqual([
      expect.objectContaining({ code: 'required', message: expect.objectContaining({ es: expect.stringContaining('de qué cliente') }) }),
    ]);
    expect(found[10]!.errors).toEqual([
      expect.objectContaining({
        column: 'E-mail',
        code: 'required',
        message: { es: expect.stringContaining('recibe mensajes'), en: expect.stringContaining('receives messages') },
      }),
    ]);
    // Create mode: a contact the row's e-mail finds (row 2's, just created) is not created twice.
    expect(found[11]!.errors).toEqual([
      expect.objectContaining({ column: 'E-mail', code: 'duplicate_in_file', message: expect.objectContaining({ es: expect.stringContaining('La fila 2') }) }),
    ]);
    expect(found[12]!.errors).toEqual([expect.objectContaining({ column: 'Recibe', code: 'invalid_value' })]);
    for (const outcome of outcomes) {
      for (const error of outcome.errors ?? []) {
        expect(error.message.es).not.toBe(error.message.en);
        expect(error.message.es.length).toBeGreaterThan(10);
      }
    }
  });

  it('updates the contact a row names by id or by its e-mail within the client, by mode; an e-mail another contact holds fails naming it', async () => {
    const actor = await newAdminActor(deps);
    const client = await make(actor, { name: 'Cliente', customId: 'C' });
    const add = addContact(deps);
    const ana = await add(actor, client.id, { type: 'billing', name: 'Ana', email: 'ana@c.cl' });
    const beto = await add(actor, client.id, { type: 'other', name: 'Beto', email: 'beto@c.cl' });
    const created = byRow(await run(contextFor(actor, 'create'), [row(2, { 'client.customId': 'C', type: 'billing', name: 'Ana 2', email: 'ANA@c.cl' })]));
    expect(created[2]).toMatchObject({ result: 'failed', recordId: ana.id, errors: [expect.objectContaining({ code: 'already_exists', column: 'E-mail' })] });

    const context = contextFor(actor, 'update');
    const outcomes = byRow(
      await run(context, [
        row(2, { 'client.customId': 'C', email: 'ana@c.cl', phone: '+56 2 2345 6789', receives: 'pagos' }),
        row(3, { id: beto.id, 'client.customId': 'C', email: 'ana@c.cl' }),
        row(4, { 'client.customId': 'C', type: 'other', name: 'Nueva', email: 'nueva@c.cl' }),
        row(5, { id: 'NO-EXISTE', 'client.customId': 'C', name: 'X' }),
      ]),
    );
    expect(outcomes[2]).toEqual({ row: 2, result: 'updated', recordId: ana.id });
    expect(outcomes[3]).toMatchObject({ result: 'failed', errors: [expect.objectContaining({ code: 'duplicate_in_file' })] });
    expect(outcomes[4]).toMatchObject({
      result: 'failed',
      errors: [expect.objectContaining({ code: 'not_found', message: expect.objectContaining({ es: expect.stringContaining('solo actualiza') }) })],
    });
    expect(outcomes[5]).toMatchObject({ result: 'failed', errors: [expect.objectContaining({ code: 'not_found', column: 'Id contacto' })] });
    expect(await deps.contacts.get(actor.tenantId, client.id, ana.id)).toMatchObject({
      phone: '+56 2 2345 6789',
      receives: ['payments'],
      version: 2,
      name: 'Ana',
    });

    const taken = byRow(await run(contextFor(actor, 'update'), [row(2, { id: beto.id, 'client.customId': 'C', email: 'ana@c.cl' })]));
    expect(taken[2]).toMatchObject({
      result: 'failed',
      recordId: beto.id,
      errors: [expect.objectContaining({ code: 'taken', column: 'E-mail', message: expect.objectContaining({ es: expect.stringContaining('Ana') }) })],
    });
    expect(await contactsOf(actor, client.id)).toHaveLength(2);
  });
});

describe('contacts import: repeats, dry runs and redeliveries', () => {
  it('writes nothing for a re-uploaded unchanged row, nor anything at all in a dry run', async () => {
    const actor = await newAdminActor(deps);
    const client = await make(actor, { name: 'Cliente', customId: 'C' });
    const ana = await addContact(deps)(actor, client.id, { type: 'billing', name: 'Ana', email: 'ana@c.cl' });
    expect(
      await run(contextFor(actor), [
        row(2, { id: ana.id, 'client.customId': 'C', type: 'billing', name: 'Ana', email: 'ana@c.cl', receives: 'payments, invoices' }),
      ]),
    ).toEqual([{ row: 2, result: 'unchanged', recordId: ana.id }]);
    const context = contextFor(actor, 'upsert', { dryRun: true });
    const dry = await run(context, [
      row(2, { 'client.customId': 'C', email: 'ana@c.cl', name: 'Ana María' }),
      row(3, { 'client.customId': 'C', type: 'other', name: 'Nuevo' }),
      row(4, { 'client.customId': 'C', type: 'other', name: 'Recibe', receives: 'avisos' }),
    ]);
    expect(dry).toEqual([
      { row: 2, result: 'updated', recordId: ana.id },
      { row: 3, result: 'created', recordId: importRecordId(context.jobId, 3) },
      { row: 4, result: 'failed', errors: [expect.objectContaining({ code: 'required', column: 'E-mail' })] },
    ]);
    expect(await contactsOf(actor, client.id)).toEqual([expect.objectContaining({ id: ana.id, name: 'Ana', version: 1 })]);
  });

  it('gives the same outcomes and no duplicate contact when a batch is processed twice, one after the other and at once', async () => {
    for (const atOnce of [false, true]) {
      const actor = await newAdminActor(deps);
      const client = await make(actor, { name: 'Cliente', customId: 'C' });
      const other = await make(actor, { name: 'Otro', email: 'otro@x.cl' });
      const ana = await addContact(deps)(actor, client.id, { type: 'billing', name: 'Ana', email: 'ana@c.cl' });
      const context = contextFor(actor);
      const batch = [
        row(2, { 'client.customId': 'C', type: 'other', name: 'Con Mail', email: 'nuevo@c.cl' }),
        row(3, { 'client.customId': 'C', type: 'commercial', name: 'Sin Mail' }),
        row(4, { 'client.customId': 'C', email: 'ana@c.cl', name: 'Ana María' }),
        row(5, { 'client.email': 'otro@x.cl', type: 'collections', name: 'Cobra', email: 'cobra@x.cl' }),
        row(6, { 'client.customId': 'C', type: 'other', name: 'Repite', email: 'NUEVO@c.cl' }),
        row(7, { 'client.customId': 'C', type: 'raro', name: 'Malo' }),
      ];
      const [first, second] = atOnce ? await Promise.all([run(context, batch), run(context, batch)]) : [await run(context, batch), await run(context, batch)];
      expect(results(first)).toEqual({ 2: 'created', 3: 'created', 4: 'updated', 5: 'created', 6: 'failed', 7: 'failed' });
      expect(second).toEqual(first);
      expect((await contactsOf(actor, client.id)).map((c) => c.name).sort()).toEqual(['Ana María', 'Con Mail', 'Sin Mail']);
      expect(await contactsOf(actor, other.id)).toHaveLength(1);
      expect(await deps.contacts.get(actor.tenantId, client.id, ana.id)).toMatchObject({ version: 2 });
    }
  });
});

describe('contacts import: whose clients a row reaches', () => {
  it("fails a row naming another tenant's client as not found and adds nothing to it", async () => {
    const other = await newAdminActor(deps);
    const foreign = await make(other, { name: 'Ajeno', email: 'ajeno@x.cl' });
    const actor = await newAdminActor(deps);
    const outcomes = await run(contextFor(actor), [
      row(2, { clientId: foreign.id, type: 'other', name: 'Intruso' }),
      row(3, { 'client.email': 'ajeno@x.cl', type: 'other', name: 'Intruso' }),
    ]);
    expect(outcomes.map((o) => [o.result, o.errors?.[0]?.code])).toEqual([
      ['failed', 'not_found'],
      ['failed', 'not_found'],
    ]);
    expect(await contactsOf(other, foreign.id)).toHaveLength(0);
  });

  it('lets a level-4 user add contacts only to the clients in their scope', async () => {
    const actor = await newAdminActor(deps);
    const seller = await newUser(deps, actor.tenantId, { accessLevel: 4, permissions: ['imports.run'] });
    const sellerActor: Actor = { tenantId: actor.tenantId, userId: seller.id, accessLevel: 4, permissions: ['imports.run'] };
    const mine = await make(actor, { name: 'Mío', customId: 'MIO', sellerId: seller.id });
    const notMine = await make(actor, { name: 'Ajeno', customId: 'AJENO' });
    const outcomes = byRow(
      await run(contextFor(sellerActor), [
        row(2, { clientId: notMine.id, type: 'other', name: 'X' }),
        row(3, { 'client.customId': 'AJENO', type: 'other', name: 'Y' }),
        row(4, { 'client.customId': 'MIO', type: 'other', name: 'Z' }),
      ]),
    );
    expect(outcomes[2]).toMatchObject({ result: 'failed', errors: [expect.objectContaining({ code: 'not_found', column: 'Id cliente' })] });
    expect(outcomes[3]).toMatchObject({ result: 'failed', errors: [expect.objectContaining({ code: 'not_found' })] });
    expect(outcomes[4]).toMatchObject({ result: 'created' });
    expect(await contactsOf(actor, notMine.id)).toHaveLength(0);
    expect(await contactsOf(actor, mine.id)).toEqual([expect.objectContaining({ name: 'Z' })]);
  });
});
