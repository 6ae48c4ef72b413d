import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES } from '../../domain/imports/import-job.schema.ts';
import { importUploadHandler } from '../../functions/s3/import-upload.handler.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { contextWith, runnerDeps, s3Event, table } from '../support/import-runner.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

const importsApi = (await import('../../functions/http/imports-api.handler.ts')).handler;
const deps = testDeps();

const post = (as: TestUser, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  importsApi(httpEvent({ routeKey: 'POST /v1/imports', as, body, headers }), contextOf('imports-api'));
const getImport = (as: TestUser, importId: string) =>
  importsApi(httpEvent({ routeKey: 'GET /v1/imports/{importId}', as, pathParameters: { importId } }), contextOf('imports-api'));
const list = (as: TestUser, query: Record<string, string>) => importsApi(httpEvent({ routeKey: 'GET /v1/imports', as, query }), contextOf('imports-api'));

describe('import jobs through the API', () => {
  it('creates a pending job with its options and an upload URL signed for the declared size', async () => {
    const { admin } = await newTenant(deps);
    const result = await post(
      admin,
      { type: 'clients', fileName: 'clientes.xlsx', sizeBytes: 4321, mode: 'create', dryRun: true },
      { 'accept-language': 'en' },
    );
    expect(result.statusCode).toBe(201);
    const { job, upload } = json(result);
    expect(job).toMatchObject({
      type: 'clients',
      mode: 'create',
      dryRun: true,
      createMissingReferences: false,
      language: 'en',
      status: 'pending',
      progress: { rowsRead: 0, created: 0, updated: 0, unchanged: 0, failed: 0 },
      checkpoint: 0,
      objectKey: `imports/${admin.tenantId}/${job.id}.xlsx`,
    });
    expect(job).not.toHaveProperty('requester');
    expect(upload).toMatchObject({ method: 'PUT', contentLength: 4321 });
    expect(new URL(upload.url).searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;host');
    // Mode defaults to upsert, language to Spanish.
    expect(json(await post(admin, { type: 'clients', fileName: 'b.xlsx', sizeBytes: 10 })).job).toMatchObject({ mode: 'upsert', language: 'es' });
  });

  it('refuses a declared size over the limit, an unknown type and a non-xlsx name with 400 (validation_failed)', async () => {
    const { admin } = await newTenant(deps);
    for (const body of [
      { type: 'clients', fileName: 'a.xlsx', sizeBytes: MAX_IMPORT_BYTES + 1 },
      { type: 'suppliers', fileName: 'a.xlsx', sizeBytes: 10 },
      { type: 'clients', fileName: 'a.csv', sizeBytes: 10 },
    ]) {
      const result = await post(admin, body);
      expect(result.statusCode).toBe(400);
      expect(json(result).code).toBe('validation_failed');
    }
  });

  it('lists the tenant’s jobs newest first, in pages', async () => {
    const { admin } = await newTenant(deps);
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c']) ids.push(json(await post(admin, { type: 'clients', fileName: `${name}.xlsx`, sizeBytes: 10 })).job.id);
    const first = json(await list(admin, { limit: '2' }));
    expect(first.items.map((j: { id: string }) => j.id)).toEqual([ids[2], ids[1]]);
    const second = json(await list(admin, { limit: '2', cursor: first.cursor }));
    expect(second.items.map((j: { id: string }) => j.id)).toEqual([ids[0]]);
    expect(second.cursor).toBeUndefined();
    expect((await list(admin, { cursor: 'not-a-cursor' })).statusCode).toBe(400);
  });

  it("answers 404 for another tenant's job and 403 without the imports.run permission", async () => {
    const { admin: a } = await newTenant(deps);
    const { admin: b } = await newTenant(deps);
    const { job } = json(await post(a, { type: 'clients', fileName: 'a.xlsx', sizeBytes: 10 }));
    expect((await getImport(b, job.id)).statusCode).toBe(404);
    expect((await getImport(a, job.id)).statusCode).toBe(200);
    const clerk = await newUser(deps, a.tenantId, { accessLevel: 1, permissions: ['clients.mass_update'] });
    expect((await post(clerk, { type: 'clients', fileName: 'a.xlsx', sizeBytes: 10 })).statusCode).toBe(403);
    expect((await getImport(clerk, job.id)).statusCode).toBe(403);
    expect((await list(clerk, {})).statusCode).toBe(403);
  });

  it('ignores objects that name no job', async () => {
    const result = await importUploadHandler(runnerDeps(undefined))(s3Event('imports/nobody/unknown job.xlsx', 10), contextWith());
    expect(result.outcomes).toEqual([{ objectKey: 'imports/nobody/unknown job.xlsx', outcome: 'unknown_job' }]);
  });

  it('reads jobs stored before the runner as jobs of today', async () => {
    const { admin } = await newTenant(deps);
    const at = '2026-01-02T03:04:05.000Z';
    const old = { tenantId: admin.tenantId, kind: 'clients', fileName: 'old.xlsx', createdAt: at, createdBy: admin.id, version: 2 };
    await table.data.entities.importJob
      .create({ ...old, id: '01OLDRECEIVED0000000000000', objectKey: 'imports/x/1.xlsx', status: 'received', sweepAt: 'none' } as never)
      .go();
    await table.data.entities.importJob
      .create({ ...old, id: '01OLDAWAITING0000000000000', objectKey: 'imports/x/2.xlsx', status: 'awaiting_upload', sweepAt: 'none' } as never)
      .go();
    expect(json(await getImport(admin, '01OLDRECEIVED0000000000000'))).toMatchObject({ status: 'failed', failure: { code: 'not_run' }, type: 'clients' });
    expect(json(await getImport(admin, '01OLDAWAITING0000000000000'))).toMatchObject({ status: 'pending', progress: { rowsRead: 0 } });
  });
});
