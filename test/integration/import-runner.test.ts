import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { importEmailId } from '../../domain/imports/import-finished-email.ts';
import { MAX_IMPORT_BYTES } from '../../domain/imports/import-job.schema.ts';
import { sweepImports } from '../../domain/imports/import-sweep.use-case.ts';
import { importUploadHandler } from '../../functions/s3/import-upload.handler.ts';
import { importSweeperHandler } from '../../functions/schedule/import-sweeper.handler.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { contextWith, markers, runnerDeps, s3Event, sheetOf, table, testProcessor } from '../support/import-runner.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

const importsApi = (await import('../../functions/http/imports-api.handler.ts')).handler;
const deps = testDeps();

type Started = { job: { id: string; objectKey: string; status: string }; upload: { url: string; contentType: string; contentLength: number } };

async function startImport(as: TestUser, file: Buffer, options: { lang?: string; body?: Record<string, unknown> } = {}) {
  const result = await importsApi(
    httpEvent({
      routeKey: 'POST /v1/imports',
      as,
      body: { type: 'clients', fileName: 'clientes.xlsx', sizeBytes: file.length, ...options.body },
      headers: options.lang ? { 'accept-language': options.lang } : {},
    }),
    contextOf('imports-api'),
  );
  expect(result.statusCode).toBe(201);
  const started = json(result) as Started;
  const put = await fetch(started.upload.url, { method: 'PUT', body: file, headers: { 'content-type': started.upload.contentType } });
  expect(put.status).toBe(200);
  return started;
}

const getImport = async (as: TestUser, importId: string) =>
  json(await importsApi(httpEvent({ routeKey: 'GET /v1/imports/{importId}', as, pathParameters: { importId } }), contextOf('imports-api')));

const total = (calls: Map<string, number>, jobId: string) => [...calls].filter(([k]) => k.startsWith(`${jobId}#`));

describe('the import run (S3 event → streamed batches → job result)', () => {
  it('imports a workbook: exact counts, an error workbook in the job language, one e-mail', async () => {
    const { admin } = await newTenant(deps);
    const { processor, calls } = testProcessor();
    const run = importUploadHandler(runnerDeps(processor, { limits: { batchSize: 4 } }));
    const rows = [['Ana', 'a@x.cl'], ['bad', 'b@x.cl'], ['upd Berta', ''], ['same Carla'], [], ['Diego'], ['bad', 'zz'], ['Eva']];
    const file = await sheetOf(rows);
    const { job } = await startImport(admin, file, { lang: 'en' });

    const result = await run(s3Event(job.objectKey, file.length), contextWith());
    expect(result.outcomes).toEqual([{ objectKey: job.objectKey, outcome: 'completed_with_errors' }]);

    const stored = await getImport(admin, job.id);
    expect(stored).toMatchObject({
      status: 'completed_with_errors',
      language: 'en',
      progress: { rowsRead: 7, created: 3, updated: 1, unchanged: 1, failed: 2 },
      checkpoint: 9,
    });
    expect(stored.failure).toBeUndefined();
    expect(stored.errorSample).toEqual([
      { row: 3, column: 'Nombre', value: 'bad', code: 'invalid_format', message: { es: 'Nombre no válido', en: 'Invalid name' } },
      { row: 8, column: 'Nombre', value: 'bad', code: 'invalid_format', message: { es: 'Nombre no válido', en: 'Invalid name' } },
    ]);
    // Every data row handed over once; the empty row 6 never.
    expect(total(calls, job.id).map(([k, n]) => [Number(k.split('#')[1]), n])).toEqual([2, 3, 4, 5, 7, 8, 9].map((r) => [r, 1]));

    const download = await fetch(stored.errorWorkbook.url);
    expect(download.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await download.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Errors');
    const values = sheet
      .getSheetValues()
      .slice(1)
      .map((r) => (r as unknown[]).slice(1));
    expect(values).toEqual([
      ['Nombre', 'Email', 'Row', 'Column', 'Value', 'Message'],
      ['bad', 'b@x.cl', 3, 'Nombre', 'bad', 'Invalid name'],
      ['bad', 'zz', 8, 'Nombre', 'bad', 'Invalid name'],
    ]);

    const mail = await deps.outbox.get(admin.tenantId, importEmailId(job.id));
    expect(mail).toMatchObject({ kind: 'import.finished', to: [admin.email], subject: 'Import finished with errors: clientes.xlsx' });
    expect(mail!.text).toContain('Rows read: 7. Created: 3. Updated: 1. Unchanged: 1. Failed: 2.');
    expect(mail!.text).toContain(`/v1/imports/${job.id}`);
  });

  it('runs once when the event comes twice, one after the other or both at once', async () => {
    const { admin } = await newTenant(deps);
    const { processor, calls } = testProcessor();
    const run = importUploadHandler(runnerDeps(processor, { limits: { batchSize: 5 } }));
    const file = await sheetOf(Array.from({ length: 30 }, (_, i) => [i % 7 === 3 ? 'bad' : `Cliente ${i}`]));

    const sequential = await startImport(admin, file);
    const first = await run(s3Event(sequential.job.objectKey, file.length), contextWith());
    const again = await run(s3Event(sequential.job.objectKey, file.length), contextWith());
    expect(first.outcomes[0]!.outcome).toBe('completed_with_errors');
    expect(again.outcomes[0]!.outcome).toBe('finished_before');

    const together = await startImport(admin, file);
    const outcomes = await Promise.all([0, 1].map(() => run(s3Event(together.job.objectKey, file.length), contextWith())));
    expect(outcomes.map((o) => o.outcomes[0]!.outcome).sort()).toEqual(['busy', 'completed_with_errors']);

    for (const { job } of [sequential, together]) {
      expect((await getImport(admin, job.id)).progress).toEqual({ rowsRead: 30, created: 26, updated: 0, unchanged: 0, failed: 4 });
      expect(total(calls, job.id)).toHaveLength(30);
      expect(total(calls, job.id).every(([, n]) => n === 1)).toBe(true);
      expect([...(await markers(admin.tenantId, job.id)).values()]).toEqual(Array(30).fill(1));
    }
  });

  it('refuses a file that is not an xlsx, and one over the size limit, before any write', async () => {
    const { admin } = await newTenant(deps);
    const { processor, calls } = testProcessor();
    const run = importUploadHandler(runnerDeps(processor));

    const text = Buffer.from('nombre,email\nAna,a@x.cl\n');
    const notXlsx = await startImport(admin, text);
    expect((await run(s3Event(notXlsx.job.objectKey, text.length), contextWith())).outcomes[0]!.outcome).toBe('failed');
    expect(await getImport(admin, notXlsx.job.id)).toMatchObject({ status: 'failed', failure: { code: 'not_xlsx' }, progress: { rowsRead: 0 } });

    // s3rver does not hold a PUT to the signed length (S3 does): the runner checks the stored size itself.
    const small = await sheetOf([['Ana']]);
    const big = Buffer.concat([small, Buffer.alloc(MAX_IMPORT_BYTES + 1 - small.length)]);
    const started = await startImport(admin, small);
    expect((await fetch(started.upload.url, { method: 'PUT', body: big, headers: { 'content-type': started.upload.contentType } })).status).toBe(200);
    await run(s3Event(started.job.objectKey, big.length), contextWith());
    const tooLarge = await getImport(admin, started.job.id);
    expect(tooLarge).toMatchObject({ status: 'failed', failure: { code: 'file_too_large' } });
    expect(tooLarge.failure.message.es).toContain('el máximo es 20 MB');

    expect(calls.size).toBe(0);
    expect((await markers(admin.tenantId, notXlsx.job.id)).size + (await markers(admin.tenantId, started.job.id)).size).toBe(0);
    // Each failure is mailed too, in Spanish by default.
    expect((await deps.outbox.get(admin.tenantId, importEmailId(started.job.id)))?.subject).toBe('Importación fallida: clientes.xlsx');
  });

  it('fails a sheet without the required headers, and one over the row limit, naming why', async () => {
    const { admin } = await newTenant(deps);
    const { processor, calls } = testProcessor();
    const run = importUploadHandler(runnerDeps(processor, { limits: { maxRows: 5, batchSize: 2 } }));

    const headless = await sheetOf([['Ana']], ['Correo']);
    const noHeader = await startImport(admin, headless);
    await run(s3Event(noHeader.job.objectKey, headless.length), contextWith());
    const missing = await getImport(admin, noHeader.job.id);
    expect(missing).toMatchObject({ status: 'failed', failure: { code: 'missing_headers' } });
    expect(missing.failure.message.en).toBe('Required columns are missing from the header row: «Nombre». Nothing was imported.');

    const long = await sheetOf(Array.from({ length: 8 }, (_, i) => [`C${i}`]));
    const tooLong = await startImport(admin, long);
    await run(s3Event(tooLong.job.objectKey, long.length), contextWith());
    // The sheet declares its size (`<dimension ref="A1:B9">`): refused before any row is handed on.
    const refused = await getImport(admin, tooLong.job.id);
    expect(refused).toMatchObject({ status: 'failed', failure: { code: 'too_many_rows' }, progress: { rowsRead: 0 } });
    expect(refused.failure.message.es).toBe('El archivo tiene más de 5 filas, el máximo por importación: no se importó nada.');
    expect(total(calls, noHeader.job.id)).toHaveLength(0);
    expect(total(calls, tooLong.job.id)).toHaveLength(0);
  });

  it('hands a long file on before its time runs out, and the continuation finishes it with exact counts', async () => {
    const { admin } = await newTenant(deps);
    const { processor, calls } = testProcessor();
    const runner = runnerDeps(processor, { limits: { batchSize: 10, reserveMs: 1_000 } });
    const file = await sheetOf(Array.from({ length: 95 }, (_, i) => [i % 10 === 9 ? 'bad' : `Cliente ${i}`]));
    const { job } = await startImport(admin, file);

    // Two batches fit in this invocation's budget, then the time left drops under the reserve.
    let batches = 0;
    const original = processor.processBatch.bind(processor);
    processor.processBatch = async (...args) => {
      batches += 1;
      return original(...args);
    };
    const first = await importUploadHandler(runner)(
      s3Event(job.objectKey, file.length),
      contextWith(() => (batches >= 2 ? 500 : 60_000)),
    );
    expect(first.outcomes[0]!.outcome).toBe('continued');
    const handedOn = await getImport(admin, job.id);
    expect(handedOn).toMatchObject({ status: 'running', checkpoint: 21, progress: { rowsRead: 20, failed: 2 } });

    // The sweeper (the continuation) resumes after row 21, again handing on after two batches, until done.
    const sweep = importSweeperHandler(runner);
    const outcomes: string[] = [];
    for (let i = 0; i < 6 && (await getImport(admin, job.id)).status === 'running'; i++) {
      batches = 0;
      const { outcomes: o } = await sweep(
        {},
        contextWith(() => (batches >= 2 ? 500 : 60_000)),
      );
      outcomes.push(...Object.keys(o));
    }
    expect(outcomes).toContain('completed_with_errors');
    const done = await getImport(admin, job.id);
    expect(done).toMatchObject({ status: 'completed_with_errors', checkpoint: 96, progress: { rowsRead: 95, created: 86, failed: 9 } });
    expect(total(calls, job.id)).toHaveLength(95);
    expect([...(await markers(admin.tenantId, job.id)).values()].every((n) => n === 1)).toBe(true);
    // Failed rows from every invocation are in the one error workbook.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await (await fetch(done.errorWorkbook.url)).arrayBuffer()) as never);
    expect(workbook.worksheets[0]!.rowCount).toBe(1 + 9);
  });

  it('resumes a job whose runner crashed mid-file from its checkpoint (sweeper), with exact counts', async () => {
    const { admin } = await newTenant(deps);
    const { processor, calls } = testProcessor({ crashAtRow: 12 });
    const file = await sheetOf(Array.from({ length: 25 }, (_, i) => [i === 4 ? 'bad' : `Cliente ${i}`]));
    const { job } = await startImport(admin, file);

    // The crashing run's lease is short, so it has expired by the time the sweeper looks.
    const crashing = importUploadHandler(runnerDeps(processor, { limits: { batchSize: 5, leaseMs: 1 } }));
    await expect(crashing(s3Event(job.objectKey, file.length), contextWith())).rejects.toThrow('simulated crash');
    expect(await getImport(admin, job.id)).toMatchObject({ status: 'running', checkpoint: 11, progress: { rowsRead: 10, failed: 1 } });
    await new Promise((r) => setTimeout(r, 5));

    const outcome = await sweepImports(runnerDeps(processor, { limits: { batchSize: 5 } }))({ owner: 'sweeper', timeLeftMs: () => 300_000 });
    expect(outcome.completed_with_errors).toBe(1);
    const done = await getImport(admin, job.id);
    expect(done).toMatchObject({ status: 'completed_with_errors', checkpoint: 26, progress: { rowsRead: 25, created: 24, failed: 1 } });
    // The batch that crashed was handed over again (rows 12–16), nothing else twice.
    expect(total(calls, job.id)).toHaveLength(25);
    expect(Math.max(...[...(await markers(admin.tenantId, job.id)).values()])).toBe(1);
    const stored = await table.data.entities.importJob.get({ tenantId: admin.tenantId, id: job.id }).go();
    expect(stored.data?.attempts).toBe(1);
  });

  it('fails a job that keeps crashing, with what was written, instead of leaving it running', async () => {
    const { admin } = await newTenant(deps);
    const { processor } = testProcessor({ crashAtRow: 6 });
    const file = await sheetOf(Array.from({ length: 10 }, (_, i) => [`Cliente ${i}`]));
    const { job } = await startImport(admin, file);
    const runner = runnerDeps(processor, { limits: { batchSize: 3, leaseMs: 1, maxAttempts: 1 } });
    await expect(importUploadHandler(runner)(s3Event(job.objectKey, file.length), contextWith())).rejects.toThrow('simulated crash');
    await new Promise((r) => setTimeout(r, 5));
    await sweepImports(runner)({ owner: 'sweeper', timeLeftMs: () => 300_000 });
    expect(await getImport(admin, job.id)).toMatchObject({ status: 'failed', failure: { code: 'stalled' }, progress: { rowsRead: 3, created: 3 } });
  });

  it('fails a job whose file never came once its upload window passed, and mails it', async () => {
    const { admin } = await newTenant(deps);
    const created = await importsApi(
      httpEvent({ routeKey: 'POST /v1/imports', as: admin, body: { type: 'clients', fileName: 'nunca.xlsx', sizeBytes: 100 } }),
      contextOf('imports-api'),
    );
    const { job } = json(created) as Started;
    const stored = (await deps.jobs.get(admin.tenantId, job.id))!;
    expect(Date.parse(stored.sweepAt!) - Date.parse(stored.createdAt)).toBe(24 * 3600_000);
    // As if the day had passed: the upload deadline is now behind.
    expect(await deps.jobs.transition({ ...stored, sweepAt: new Date(Date.now() - 1000).toISOString(), version: stored.version + 1 }, stored)).toBe(true);
    await sweepImports(runnerDeps(testProcessor().processor))({ owner: 'sweeper', timeLeftMs: () => 300_000 });
    expect(await getImport(admin, job.id)).toMatchObject({ status: 'failed', failure: { code: 'not_uploaded' } });
    expect((await deps.outbox.get(admin.tenantId, importEmailId(job.id)))?.subject).toBe('Importación fallida: nunca.xlsx');
    expect((await deps.jobs.get(admin.tenantId, job.id))!.sweepAt).toBeUndefined();
  });

  it('queues the closing e-mail once even when a finish is repeated (a run stopped between e-mail and final write)', async () => {
    const { admin } = await newTenant(deps);
    const { processor } = testProcessor();
    const runner = runnerDeps(processor);
    const file = await sheetOf([['Ana'], ['bad']]);
    const { job } = await startImport(admin, file);
    // The final write is lost once: the e-mail is already queued, the job still running with its lease.
    const transition = runner.jobs.transition.bind(runner.jobs);
    let refuseFinal = true;
    const jobs = {
      ...runner.jobs,
      transition: async (next: Parameters<typeof transition>[0], previous: Parameters<typeof transition>[1]) => {
        if (refuseFinal && next.finishedAt) {
          refuseFinal = false;
          throw new Error('connection lost');
        }
        return transition(next, previous);
      },
    };
    const run = importUploadHandler({ ...runner, jobs, limits: { ...runner.limits, leaseMs: 1 } });
    await expect(run(s3Event(job.objectKey, file.length), contextWith())).rejects.toThrow('connection lost');
    await new Promise((r) => setTimeout(r, 5));
    await importUploadHandler({ ...runner, jobs })(s3Event(job.objectKey, file.length), contextWith());
    expect(await getImport(admin, job.id)).toMatchObject({ status: 'completed_with_errors', progress: { rowsRead: 2, created: 1, failed: 1 } });
    const { data: mails } = await table.data.entities.outboundEmail.query.byId({ tenantId: admin.tenantId }).go();
    expect(mails.filter((m) => m.kind === 'import.finished')).toHaveLength(1);
  });

  it('fails a job whose processor is not wired yet', async () => {
    const { admin } = await newTenant(deps);
    const file = await sheetOf([['Ana']]);
    const { job } = await startImport(admin, file);
    await importUploadHandler(runnerDeps(undefined))(s3Event(job.objectKey, file.length), contextWith());
    expect(await getImport(admin, job.id)).toMatchObject({ status: 'failed', failure: { code: 'type_not_supported' } });
  });
});
