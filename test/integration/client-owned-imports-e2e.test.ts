import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import { createCatalogEntry } from '../../domain/clients/catalog.use-cases.ts';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { addContact } from '../../domain/clients/contact.use-cases.ts';
import type { ImportType } from '../../domain/imports/rows.ts';
import { simpleImportSpecs } from '../../domain/imports/specs/index.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { importUploadHandler } from '../../functions/s3/import-upload.handler.ts';
import { importRunnerDependencies } from '../../functions/wiring/import-runner.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { contextWith, s3Event, table } from '../support/import-runner.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

// Whole batches against DynamoDB Local, twice and at once: minutes on the shared 2-core machine under load.
vi.setConfig({ testTimeout: 180_000 });

/**
 * The client-terms and contacts imports end to end on the emulators, with the processors the deployed
 * function wires: the type's own template downloaded, rows written into its data sheet, the workbook
 * uploaded through the presigned URL, the S3 event run by the import function, then the job's result, the
 * records and the error workbook read back.
 */
const importsApi = (await import('../../functions/http/imports-api.handler.ts')).handler;
const templatesApi = (await import('../../functions/http/import-templates-api.handler.ts')).handler;
const deps = testDeps();
const run = importUploadHandler(importRunnerDependencies(table));

const actorOf = (user: TestUser): Actor => ({
  tenantId: user.tenantId,
  userId: user.id,
  accessLevel: user.accessLevel as Actor['accessLevel'],
  permissions: user.permissions as Actor['permissions'],
});

/** The type's template as the API gives it, with `rows` (by column key) written into its data sheet under the header row. */
async function filledTemplate(as: TestUser, type: ImportType, rows: Array<Record<string, string | number | null>>): Promise<Buffer> {
  const res = await templatesApi(httpEvent({ routeKey: 'GET /v1/imports/templates/{type}', as, pathParameters: { type } }), contextOf('import-templates'));
  expect(res.statusCode, res.body).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(res.body!, 'base64') as never);
  const sheet = workbook.worksheets[0]!;
  const spec = simpleImportSpecs[type]!;
  // The template's own header row says which column is which.
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  expect(header).toEqual(spec.columns.map((c) => c.header.es));
  rows.forEach((values, i) => {
    const row = sheet.getRow(i + 2);
    spec.columns.forEach((column, j) => {
      const value = values[column.key];
      row.getCell(j + 1).value = value === undefined ? null : value;
    });
    row.commit();
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function upload(as: TestUser, type: ImportType, file: Buffer, body: Record<string, unknown> = {}) {
  const created = await importsApi(
    httpEvent({ routeKey: 'POST /v1/imports', as, body: { type, fileName: `${type}.xlsx`, sizeBytes: file.length, ...body } }),
    contextOf('imports-api'),
  );
  expect(created.statusCode, created.body).toBe(201);
  const { job, upload: url } = json(created) as { job: { id: string; objectKey: string }; upload: { url: string; contentType: string } };
  const put = await fetch(url.url, { method: 'PUT', body: file, headers: { 'content-type': url.contentType } });
  expect(put.status).toBe(200);
  return job;
}

const getJob = async (as: TestUser, importId: string) =>
  json(await importsApi(httpEvent({ routeKey: 'GET /v1/imports/{importId}', as, pathParameters: { importId } }), contextOf('imports-api')));

/** The error workbook's failed rows: their row number and message (the last four columns are row, column, value, message). */
async function errorRows(url: string) {
  const download = await fetch(url);
  expect(download.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await download.arrayBuffer()) as never);
  const values = workbook.worksheets[0]!.getSheetValues().slice(1) as unknown[][];
  const header = values[0]!.slice(1);
  expect(header.slice(-4)).toEqual(['Fila', 'Columna', 'Valor', 'Mensaje']);
  return values.slice(1).map((r) => ({ row: r[header.length - 3], column: r[header.length - 2], message: String(r[header.length]) }));
}

describe('client terms import end to end (template → job → clients and error workbook)', () => {
  it('sets categories and terms from the filled template, clears an emptied category, and reports the bad rows in Spanish', async () => {
    const { admin } = await newTenant(deps);
    const actor = actorOf(admin);
    const mayorista = await createCatalogEntry(deps)(actor, 'category', { name: 'Mayorista', color: '#112233' });
    const make = (input: Record<string, unknown>) => createClient(deps)(actor, NewClient.parse({ personType: 'other', ...input }));
    const a = await make({ name: 'Andes', customId: 'AND' });
    const b = await make({ name: 'Bosque', email: 'bosque@x.cl', categoryId: mayorista.id, paymentTermsDays: 15 });
    const c = await make({ name: 'Cerro', taxId: { scheme: 'CL_RUT', value: '76.086.428-5' } });
    const file = await filledTemplate(admin, 'client_terms', [
      { 'client.customId': 'AND', category: 'Mayorista', paymentTermsDays: 30 },
      { clientId: b.id, category: null, paymentTermsDays: 15 },
      { 'client.taxId': '76.086.428-5', paymentTermsDays: 60 },
      { 'client.customId': 'AND-2', category: 'Mayorista' },
      { 'client.email': 'bosque@x.cl', category: 'Inventada' },
      { category: 'Mayorista' },
    ]);

    // "Create only" makes no sense for a type that creates nothing: refused before any upload.
    const refused = await importsApi(
      httpEvent({ routeKey: 'POST /v1/imports', as: admin, body: { type: 'client_terms', mode: 'create', fileName: 'plazos.xlsx', sizeBytes: file.length } }),
      contextOf('imports-api'),
    );
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.body).toContain('solo cambia clientes que ya existen');

    const job = await upload(admin, 'client_terms', file, { mode: 'update' });
    const event = s3Event(job.objectKey, file.length);
    // Delivered twice at once: one job result, one change per client.
    await Promise.all([run(event, contextWith()), run(event, contextWith())]);
    const stored = await getJob(admin, job.id);
    expect(stored).toMatchObject({ status: 'completed_with_errors', progress: { rowsRead: 6, created: 0, updated: 3, unchanged: 0, failed: 3 } });
    expect(await deps.clients.get(admin.tenantId, a.id)).toMatchObject({ categoryId: mayorista.id, paymentTermsDays: 30, version: 2 });
    const cleared = await deps.clients.get(admin.tenantId, b.id);
    expect(cleared).toMatchObject({ paymentTermsDays: 15, version: 2 });
    expect(cleared!.categoryId).toBeUndefined();
    expect(await deps.clients.get(admin.tenantId, c.id)).toMatchObject({ paymentTermsDays: 60, version: 2 });
    const history = await deps.clients.history(admin.tenantId, a.id, { limit: 1 });
    expect(history.items[0]).toMatchObject({ operation: 'import', operationId: expect.stringContaining(job.id) });

    const failed = await errorRows(stored.errorWorkbook.url);
    expect(failed.map((f) => [f.row, f.column])).toEqual([
      [5, 'Id propio del cliente'],
      [6, 'Categoría'],
      [7, 'Id cliente'],
    ]);
    expect(failed[0]!.message).toMatch(/Ningún cliente/);
    expect(failed[1]!.message).toMatch(/«Inventada»/);
    expect(failed[2]!.message).toMatch(/de qué cliente/);

    // The same file again: every matched row is unchanged, nothing is written.
    const again = await upload(admin, 'client_terms', file, { mode: 'upsert' });
    await run(s3Event(again.objectKey, file.length), contextWith());
    expect(await getJob(admin, again.id)).toMatchObject({ progress: { updated: 0, unchanged: 3, failed: 3 } });
    expect(await deps.clients.get(admin.tenantId, a.id)).toMatchObject({ version: 2 });
  });
});

describe('contacts import end to end (template → job → contacts and error workbook)', () => {
  it('creates and updates contacts from the filled template, reports the bad rows, and an upload of the same file again changes nothing', async () => {
    const { admin } = await newTenant(deps);
    const actor = actorOf(admin);
    const make = (input: Record<string, unknown>) => createClient(deps)(actor, NewClient.parse({ personType: 'other', ...input }));
    const a = await make({ name: 'Andes', customId: 'AND' });
    const b = await make({ name: 'Bosque', email: 'bosque@x.cl' });
    const ana = await addContact(deps)(actor, a.id, { type: 'billing', name: 'Ana', email: 'ana@andes.cl' });
    const file = await filledTemplate(admin, 'contacts', [
      { 'client.customId': 'AND', email: 'ana@andes.cl', phone: '+56 2 2345 6789' },
      { 'client.customId': 'AND', type: 'cobranza', name: 'Carla Cobros', email: 'carla@andes.cl', receives: 'recordatorios, avisos' },
      { 'client.email': 'bosque@x.cl', type: 'billing', name: 'Beto', email: 'beto@bosque.cl' },
      { 'client.customId': 'NADIE', type: 'other', name: 'Huérfano', email: 'h@x.cl' },
      { 'client.customId': 'AND', type: 'jefe', name: 'Tipo Malo', email: 't@andes.cl' },
      { 'client.email': 'bosque@x.cl', type: 'other', name: 'Recibe', receives: 'facturas' },
    ]);
    const job = await upload(admin, 'contacts', file, { mode: 'upsert' });
    const event = s3Event(job.objectKey, file.length);
    await Promise.all([run(event, contextWith()), run(event, contextWith())]);
    const stored = await getJob(admin, job.id);
    expect(stored).toMatchObject({ status: 'completed_with_errors', progress: { rowsRead: 6, created: 2, updated: 1, unchanged: 0, failed: 3 } });
    const andes = await deps.contacts.list(admin.tenantId, a.id);
    expect(andes.map((c) => c.name).sort()).toEqual(['Ana', 'Carla Cobros']);
    expect(andes.find((c) => c.id === ana.id)).toMatchObject({ phone: '+56 2 2345 6789', version: 2 });
    expect(andes.find((c) => c.name === 'Carla Cobros')).toMatchObject({ type: 'collections', receives: ['reminders', 'notices'] });
    expect(await deps.contacts.list(admin.tenantId, b.id)).toEqual([expect.objectContaining({ name: 'Beto', receives: ['invoices', 'payments'] })]);

    const failed = await errorRows(stored.errorWorkbook.url);
    expect(failed.map((f) => [f.row, f.column])).toEqual([
      [5, 'Id propio del cliente'],
      [6, 'Tipo'],
      [7, 'E-mail'],
    ]);
    expect(failed[1]!.message).toMatch(/«billing \(facturación\)»/);
    expect(failed[2]!.message).toMatch(/recibe mensajes/);

    const again = await upload(admin, 'contacts', file, { mode: 'upsert' });
    await run(s3Event(again.objectKey, file.length), contextWith());
    expect(await getJob(admin, again.id)).toMatchObject({ progress: { created: 0, updated: 0, unchanged: 3, failed: 3 } });
    expect(await deps.contacts.list(admin.tenantId, a.id)).toHaveLength(2);
    expect(await deps.contacts.list(admin.tenantId, b.id)).toHaveLength(1);
  });
});
