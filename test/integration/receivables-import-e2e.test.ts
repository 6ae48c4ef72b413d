import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { createInvoice } from '../../domain/receivables/invoice.use-cases.ts';
import { NewInvoice } from '../../domain/receivables/invoice.ts';
import { Permission, type Actor } from '../../domain/shared/actor.ts';
import { importUploadHandler } from '../../functions/s3/import-upload.handler.ts';
import { importRunnerDependencies } from '../../functions/wiring/import-runner.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { contextWith, s3Event, table } from '../support/import-runner.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

/**
 * The invoices and payments imports end to end on the emulators, with the processors the deployed import
 * function wires: each type's own template downloaded, filled with good and bad rows, uploaded through the
 * presigned URL, the S3 event run by the import function, then the job, its error workbook and the client's
 * balance read back through the API.
 */
const importsApi = (await import('../../functions/http/imports-api.handler.ts')).handler;
const templatesApi = (await import('../../functions/http/import-templates-api.handler.ts')).handler;
const receivablesApi = (await import('../../functions/http/receivables-api.handler.ts')).handler;
const deps = testDeps();
const run = importUploadHandler(importRunnerDependencies(table));

const actorOf = (u: TestUser): Actor => ({ tenantId: u.tenantId, userId: u.id, accessLevel: 1, permissions: [...Permission.options] });

/** The type's template from the API, its data sheet filled with `rows` (by Spanish header). */
async function filledTemplate(as: TestUser, type: 'invoices' | 'payments', rows: Array<Record<string, unknown>>): Promise<Buffer> {
  const res = await templatesApi(httpEvent({ routeKey: 'GET /v1/imports/templates/{type}', as, pathParameters: { type } }), contextOf('import-templates'));
  expect(res.statusCode).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(res.body!, 'base64') as never);
  const sheet = workbook.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  rows.forEach((values, i) => {
    const row = sheet.getRow(i + 2);
    for (const [header, value] of Object.entries(values)) {
      const at = headers.indexOf(header);
      expect(at, header).toBeGreaterThanOrEqual(0);
      row.getCell(at + 1).value = value as ExcelJS.CellValue;
    }
    row.commit();
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function upload(as: TestUser, type: string, file: Buffer) {
  const created = await importsApi(
    httpEvent({ routeKey: 'POST /v1/imports', as, body: { type, mode: 'create', fileName: `${type}.xlsx`, sizeBytes: file.length } }),
    contextOf('imports-api'),
  );
  expect(created.statusCode, created.body).toBe(201);
  const { job, upload: url } = json(created) as { job: { id: string; objectKey: string }; upload: { url: string; contentType: string } };
  const put = await fetch(url.url, { method: 'PUT', body: file, headers: { 'content-type': url.contentType } });
  expect(put.status).toBe(200);
  await run(s3Event(job.objectKey, file.length), contextWith());
  return json(await importsApi(httpEvent({ routeKey: 'GET /v1/imports/{importId}', as, pathParameters: { importId: job.id } }), contextOf('imports-api')));
}

/** The failed rows of the error workbook: row number and message. */
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

async function balance(as: TestUser, clientId: string) {
  const res = await receivablesApi(
    httpEvent({ routeKey: 'GET /v1/clients/{clientId}/balance', as, pathParameters: { clientId } }),
    contextOf('receivables-api'),
  );
  expect(res.statusCode, res.body).toBe(200);
  return (json(res) as { currencies: Array<{ currency: string; openBalance: number; credit: number }> }).currencies.find((c) => c.currency === 'CLP');
}

describe('invoices and payments imports end to end (template → upload → S3 event → job, error workbook, balance)', () => {
  it('imports invoices from the invoices template: the job, its error workbook and the client’s balance; the same file again adds nothing', async () => {
    const { admin } = await newTenant(deps);
    const client = await createClient(deps)(actorOf(admin), NewClient.parse({ personType: 'other', name: 'Ferretería Sur', customId: 'C-1' }));

    const invoices = await filledTemplate(admin, 'invoices', [
      {
        'Id propio del cliente': 'C-1',
        Número: 'F-1',
        'Fecha de emisión': new Date(Date.UTC(2026, 0, 5)),
        'Fecha de vencimiento': '04-02-2026',
        Descripción: 'Cemento',
        'Precio unitario': 100000,
        'Impuesto (%)': 19,
        Estado: 'issued',
      },
      {
        'Id propio del cliente': 'C-1',
        Número: 'F-2',
        'Fecha de emisión': '2026-01-10',
        'Fecha de vencimiento': '2026-03-10',
        Descripción: 'Fierro',
        Cantidad: 2,
        'Precio unitario': '25.000',
        Estado: 'emitida',
      },
      { 'Id propio del cliente': 'C-1', Número: 'F-3', Descripción: 'Mal monto', 'Precio unitario': '10,5' },
      { 'Id propio del cliente': 'NADIE', Número: 'F-4', Descripción: 'Sin cliente', 'Precio unitario': 100 },
    ]);
    const invoiceJob = await upload(admin, 'invoices', invoices);
    expect(invoiceJob).toMatchObject({ status: 'completed_with_errors', progress: { rowsRead: 4, created: 2, failed: 2 } });
    const invoiceErrors = await errorRows(invoiceJob.errorWorkbook.url);
    expect(invoiceErrors.map((e) => [e.row, e.column])).toEqual([
      [4, 'Precio unitario'],
      [5, 'Id propio del cliente'],
    ]);
    expect(invoiceErrors[1]!.message).toMatch(/No hay un cliente/);
    expect(await balance(admin, client.id)).toMatchObject({ openBalance: 119_000 + 50_000, credit: 0 });

    // The same invoices file again: every invoice is already there, nothing is added (create mode names them).
    const again = await upload(admin, 'invoices', invoices);
    expect(again.progress).toMatchObject({ rowsRead: 4, created: 0, failed: 4 });
    expect((await errorRows(again.errorWorkbook.url)).find((e) => e.row === 2)?.message).toMatch(/Ya existe la factura «F-1»/);
    expect(await balance(admin, client.id)).toMatchObject({ openBalance: 119_000 + 50_000 });
  });

  it('imports payments from the payments template over invoices made through the API, and a second upload applies nothing twice', async () => {
    const { admin } = await newTenant(deps);
    const actor = actorOf(admin);
    const client = await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Ferretería Sur', customId: 'C-1' }));
    for (const [number, net, issueDate, dueDate] of [
      ['F-1', 100_000, '2026-01-05', '2026-02-04'],
      ['F-2', 50_000, '2026-01-10', '2026-03-10'],
    ] as const) {
      await createInvoice(deps)(
        actor,
        NewInvoice.parse({
          clientId: client.id,
          number,
          issueDate,
          dueDate,
          status: 'issued',
          lines: [{ description: number, quantity: '1', unitPrice: String(net), taxRate: number === 'F-1' ? '19' : '0' }],
        }),
      );
    }
    expect(await balance(admin, client.id)).toMatchObject({ openBalance: 119_000 + 50_000, credit: 0 });

    const payments = await filledTemplate(admin, 'payments', [
      { 'Id propio del cliente': 'C-1', Monto: '130.000', Fecha: '01-03-2026', 'Medio de pago': 'transfer', Referencia: 'TEF-1' },
      { 'Id propio del cliente': 'C-1', Monto: 60000, Fecha: '2026-03-02', 'Medio de pago': 'cash', 'Número de factura': 'F-2' },
      { 'Id propio del cliente': 'C-1', Monto: 100, 'Medio de pago': 'trueque' },
    ]);
    const paymentJob = await upload(admin, 'payments', payments);
    expect(paymentJob).toMatchObject({ status: 'completed_with_errors', progress: { rowsRead: 3, created: 2, failed: 1 } });
    const paymentErrors = await errorRows(paymentJob.errorWorkbook.url);
    expect(paymentErrors.map((e) => [e.row, e.column])).toEqual([[4, 'Medio de pago']]);
    // 130,000 oldest due first: F-1 (119,000) paid, F-2 gets 11,000; then 60,000 named to F-2 (39,000 left) → 21,000 credit.
    expect(await balance(admin, client.id)).toMatchObject({ openBalance: 0, credit: 21_000 });

    // The same payments file again is a new job: the referenced payment is refused by its natural key, and the
    // one naming F-2, now paid, is refused as the API refuses it; nothing is applied twice.
    const again = await upload(admin, 'payments', payments);
    expect(again.progress).toMatchObject({ created: 0, failed: 3 });
    const againErrors = await errorRows(again.errorWorkbook.url);
    expect(againErrors.find((e) => e.row === 2)?.message).toMatch(/ya está registrado/);
    expect(againErrors.find((e) => e.row === 3)?.column).toBe('Número de factura');
    expect(await balance(admin, client.id)).toMatchObject({ openBalance: 0, credit: 21_000 });
  });
});
