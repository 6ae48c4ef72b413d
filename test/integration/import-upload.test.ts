import { describe, expect, it } from 'vitest';
import { XLSX_CONTENT_TYPE } from '../../domain/imports/import-job.use-cases.ts';
import { encodeS3Key } from '../../functions/s3/s3-keys.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, testDeps } from '../support/tenants.ts';
import { clientWorkbook } from '../support/workbook.ts';

const importsApi = (await import('../../functions/http/imports-api.handler.ts')).handler;
const uploadHandler = (await import('../../functions/s3/import-upload.handler.ts')).handler;
const sample = (await import('../../events/samples/s3/object-created.json', { with: { type: 'json' } })).default;
const deps = testDeps();

async function startImport(admin: TestUser) {
  const result = await importsApi(
    httpEvent({ routeKey: 'POST /v1/imports', as: admin, body: { kind: 'clients', fileName: 'clientes.xlsx' } }),
    contextOf('imports-api'),
  );
  expect(result.statusCode).toBe(201);
  return json(result) as { job: { id: string; objectKey: string; status: string }; upload: { url: string; contentType: string } };
}

/** The S3 notification for an object, with the key encoded as AWS encodes it. */
function s3Event(key: string, size: number) {
  const [record] = sample.Records;
  return { Records: [{ ...record, s3: { ...record!.s3, object: { ...record!.s3.object, key: encodeS3Key(key), size } } }] };
}

const getImport = (as: TestUser, importId: string) =>
  importsApi(httpEvent({ routeKey: 'GET /v1/imports/{importId}', as, pathParameters: { importId } }), contextOf('imports-api'));

describe('Excel upload → import job', () => {
  it('records a workbook PUT to the presigned URL, with its sheets and row counts, once', async () => {
    const { admin } = await newTenant(deps);
    const { job, upload } = await startImport(admin);
    expect(job.status).toBe('awaiting_upload');
    expect(job.objectKey).toBe(`imports/${admin.tenantId}/${job.id}.xlsx`);

    const file = await clientWorkbook(25);
    const put = await fetch(upload.url, { method: 'PUT', body: file, headers: { 'content-type': upload.contentType } });
    expect(put.status).toBe(200);

    const first = await uploadHandler(s3Event(job.objectKey, file.length) as never);
    const again = await uploadHandler(s3Event(job.objectKey, file.length) as never);
    expect(first.outcomes).toEqual([{ objectKey: job.objectKey, outcome: 'received' }]);
    expect(again.outcomes).toEqual([{ objectKey: job.objectKey, outcome: 'duplicate' }]);

    const stored = json(await getImport(admin, job.id));
    expect(stored).toMatchObject({ status: 'received', sizeBytes: file.length, sheets: [{ name: 'Clientes', rows: 26 }], version: 2 });
  });

  it('rejects an upload that is not a workbook, with the reason', async () => {
    const { admin } = await newTenant(deps);
    const { job, upload } = await startImport(admin);
    await fetch(upload.url, { method: 'PUT', body: 'not a spreadsheet', headers: { 'content-type': XLSX_CONTENT_TYPE } });
    const result = await uploadHandler(s3Event(job.objectKey, 17) as never);
    expect(result.outcomes[0]!.outcome).toBe('rejected');
    expect(json(await getImport(admin, job.id))).toMatchObject({ status: 'rejected', error: expect.stringContaining('xlsx') });
  });

  it('ignores objects that name no job', async () => {
    const result = await uploadHandler(s3Event('imports/nobody/unknown job.xlsx', 10) as never);
    expect(result.outcomes).toEqual([{ objectKey: 'imports/nobody/unknown job.xlsx', outcome: 'unknown_job' }]);
  });

  it("answers 404 for another tenant's import", async () => {
    const { admin: a } = await newTenant(deps);
    const { admin: b } = await newTenant(deps);
    const { job } = await startImport(a);
    expect((await getImport(b, job.id)).statusCode).toBe(404);
  });
});
