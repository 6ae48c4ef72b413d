import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importUploadHandler } from '../../functions/s3/import-upload.handler.ts';
import { importRunnerDependencies } from '../../functions/wiring/import-runner.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { contextWith, s3Event, table } from '../support/import-runner.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

/**
 * The clients import end to end on the emulators, with the processor and writer the deployed function
 * wires (no test processor): the shipped sample workbook uploaded through the presigned URL, the S3 event
 * run by the import function, the job's result and its error workbook read back; then the clients template
 * downloaded and uploaded again, which must change nothing.
 */
const importsApi = (await import('../../functions/http/imports-api.handler.ts')).handler;
const templatesApi = (await import('../../functions/http/import-templates-api.handler.ts')).handler;
const clientsApi = (await import('../../functions/http/clients-api.handler.ts')).handler;
const workspaceApi = (await import('../../functions/http/workspace-api.handler.ts')).handler;
const deps = testDeps();
const run = importUploadHandler(importRunnerDependencies(table));
const sample = readFileSync(new URL('../../samples/clientes-ejemplo.xlsx', import.meta.url));

async function upload(as: TestUser, file: Buffer, body: Record<string, unknown> = {}) {
  const created = await importsApi(
    httpEvent({ routeKey: 'POST /v1/imports', as, body: { type: 'clients', fileName: 'clientes.xlsx', sizeBytes: file.length, ...body } }),
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

async function clientsOf(as: TestUser) {
  const res = await clientsApi(httpEvent({ routeKey: 'GET /v1/clients', as, query: { limit: '100' } }), contextOf('clients-api'));
  expect(res.statusCode, res.body).toBe(200);
  return (json(res) as { items: Array<{ id: string; displayName: string; provenance?: { source: string; importJobId?: string } }> }).items;
}

async function sheetValues(url: string) {
  const download = await fetch(url);
  expect(download.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await download.arrayBuffer()) as never);
  return workbook.worksheets[0]!.getSheetValues().slice(1) as unknown[][];
}

describe('clients import end to end (sample workbook → job → clients and error workbook)', () => {
  it('imports the sample: 6 clients created with the job as provenance, 5 rows reported with their reasons in Spanish', async () => {
    const { admin } = await newTenant(deps);
    const job = await upload(admin, sample, { createMissingReferences: true });
    const result = await run(s3Event(job.objectKey, sample.length), contextWith());
    expect(result.outcomes).toEqual([{ objectKey: job.objectKey, outcome: 'completed_with_errors' }]);

    const stored = await getJob(admin, job.id);
    expect(stored).toMatchObject({ status: 'completed_with_errors', progress: { rowsRead: 11, created: 6, updated: 0, unchanged: 0, failed: 5 } });
    const clients = await clientsOf(admin);
    expect(clients).toHaveLength(6);
    expect(clients.every((c) => c.provenance?.source === 'import' && c.provenance.importJobId === job.id)).toBe(true);

    // The error workbook: the uploaded columns, then row, column, value and message, one line per failed row.
    const values = await sheetValues(stored.errorWorkbook.url);
    const header = values[0]!.slice(1);
    expect(header.slice(-4)).toEqual(['Fila', 'Columna', 'Valor', 'Mensaje']);
    const failed = values.slice(1).map((r) => ({ row: r[header.length - 3], message: String(r[header.length]) }));
    expect(failed.map((f) => f.row)).toEqual([8, 9, 10, 11, 12]);
    for (const f of failed) expect(f.message).not.toMatch(/\b(invalid|required|must|expected)\b/i);
    expect(failed[0]!.message).toMatch(/dígito verificador/i);
    expect(failed[1]!.message).toMatch(/fila 2/i);
  });

  it('uploads the downloaded clients template again and changes nothing (every row unchanged, no client added)', async () => {
    const { admin } = await newTenant(deps);
    const first = await upload(admin, sample, { createMissingReferences: true });
    await run(s3Event(first.objectKey, sample.length), contextWith());
    const before = await clientsOf(admin);

    const template = await templatesApi(
      httpEvent({ routeKey: 'GET /v1/imports/templates/{type}', as: admin, pathParameters: { type: 'clients' } }),
      contextOf('import-templates'),
    );
    expect(template.statusCode).toBe(200);
    const file = Buffer.from(template.body!, 'base64');
    const again = await upload(admin, file);
    await run(s3Event(again.objectKey, file.length), contextWith());
    expect(await getJob(admin, again.id)).toMatchObject({
      status: 'completed',
      progress: { rowsRead: before.length, created: 0, updated: 0, unchanged: before.length, failed: 0 },
    });
    expect((await clientsOf(admin)).map((c) => c.id).sort()).toEqual(before.map((c) => c.id).sort());
  });

  it('runs one job once when S3 delivers its event twice at the same time, and a dry run writes nothing', async () => {
    const { admin } = await newTenant(deps);
    const job = await upload(admin, sample, { createMissingReferences: true });
    const event = s3Event(job.objectKey, sample.length);
    await Promise.all([run(event, contextWith()), run(event, contextWith())]);
    expect(await getJob(admin, job.id)).toMatchObject({ progress: { created: 6, failed: 5 } });
    expect(await clientsOf(admin)).toHaveLength(6);

    const { admin: other } = await newTenant(deps);
    const dry = await upload(other, sample, { createMissingReferences: true, dryRun: true });
    await run(s3Event(dry.objectKey, sample.length), contextWith());
    expect(await getJob(other, dry.id)).toMatchObject({ status: 'completed_with_errors', dryRun: true, progress: { created: 6, failed: 5 } });
    expect(await clientsOf(other)).toHaveLength(0);
  });

  it('runs with the requester as they are now: a clerk deactivated after uploading imports nothing', async () => {
    const { admin } = await newTenant(deps);
    const clerk = await newUser(deps, admin.tenantId, { accessLevel: 1, permissions: ['imports.run'] });
    const job = await upload(clerk, sample, { createMissingReferences: true });
    const deactivated = await workspaceApi(
      httpEvent({ routeKey: 'DELETE /v1/users/{userId}', as: admin, pathParameters: { userId: clerk.id }, headers: { 'if-match': '"1"' } }),
      contextOf('workspace-api'),
    );
    expect(deactivated.statusCode, deactivated.body).toBe(200);
    await run(s3Event(job.objectKey, sample.length), contextWith());
    const stored = await getJob(admin, job.id);
    expect(stored).toMatchObject({ status: 'failed', failure: { code: 'requester_inactive' }, progress: { created: 0 } });
    expect(stored.failure.message.es).toMatch(/ya no puede importar/);
    expect(await clientsOf(admin)).toHaveLength(0);
  });

  it("shows a job and its error workbook only to its requester and to level 1: another clerk's is a 404 and absent from their list", async () => {
    const { admin } = await newTenant(deps);
    const clerk = await newUser(deps, admin.tenantId, { accessLevel: 4, permissions: ['imports.run'] });
    const other = await newUser(deps, admin.tenantId, { accessLevel: 2, permissions: ['imports.run'] });
    const own = await upload(clerk, sample);
    const admins = await upload(admin, sample);
    const list = async (as: TestUser) =>
      (json(await importsApi(httpEvent({ routeKey: 'GET /v1/imports', as }), contextOf('imports-api'))) as { items: Array<{ id: string }> }).items.map(
        (j) => j.id,
      );

    const foreign = await importsApi(
      httpEvent({ routeKey: 'GET /v1/imports/{importId}', as: other, pathParameters: { importId: own.id } }),
      contextOf('imports-api'),
    );
    expect(foreign.statusCode).toBe(404);
    expect(
      (await importsApi(httpEvent({ routeKey: 'GET /v1/imports/{importId}', as: clerk, pathParameters: { importId: admins.id } }), contextOf('imports-api')))
        .statusCode,
    ).toBe(404);
    expect(await list(clerk)).toEqual([own.id]);
    expect(await list(other)).toEqual([]);
    expect((await list(admin)).sort()).toEqual([own.id, admins.id].sort());
    expect(await getJob(admin, own.id)).toMatchObject({ id: own.id });
  });
});
