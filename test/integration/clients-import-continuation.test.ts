import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ImportRunDeps } from '../../domain/imports/import-run.use-case.ts';
import { importUploadHandler } from '../../functions/s3/import-upload.handler.ts';
import { importSweeperHandler } from '../../functions/schedule/import-sweeper.handler.ts';
import { importRunnerDependencies } from '../../functions/wiring/import-runner.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { contextWith, s3Event, sheetOf, table } from '../support/import-runner.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

/**
 * A real clients workbook (the deployed processor, matcher and writer) that does not fit one invocation:
 * the import function hands on (or crashes) mid-file, the sweeper — a separate function with its own memory
 * of the job — resumes from the checkpoint, and later sweeps finish it. Every row is written once, the counts
 * are exact and the error workbook holds each bad row once.
 */
const importsApi = (await import('../../functions/http/imports-api.handler.ts')).handler;
const deps = testDeps();

const ROWS = 240;
const BATCH = 20;

/** A valid Chilean RUT for a body number (mod 11 check digit), or one with the wrong check digit. */
function rut(body: number, wrong = false) {
  let sum = 0;
  let factor = 2;
  for (const d of String(body).split('').reverse()) {
    sum += Number(d) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const dv = (11 - (sum % 11) + (wrong ? 1 : 0)) % 11;
  return `${body}-${dv === 0 ? '0' : dv === 10 ? 'K' : dv}`;
}

/** Rows with a wrong RUT check digit (refused on reading) and rows repeating the e-mail of the row before (refused as taken or repeated). */
const badRut = (i: number) => i % 50 === 7;
const repeatsEmail = (i: number) => i % 100 === 41;
const expectedBadRows = Array.from({ length: ROWS }, (_, i) => i)
  .filter((i) => badRut(i) || repeatsEmail(i))
  .map((i) => i + 2);

const header = ['Tipo de persona', 'Razón social', 'Nombre de fantasía', 'Número de identificación tributaria', 'E-mail', 'ID personalizado', 'Ciudad'];
const workbook = () =>
  sheetOf(
    Array.from({ length: ROWS }, (_, i) => [
      'Persona jurídica',
      `Comercial Continua ${i} SpA`,
      `Continua ${i}`,
      rut(20_000_000 + i * 13, badRut(i)),
      `cliente${repeatsEmail(i) ? i - 1 : i}@continua.test`,
      `CC-${i}`,
      'Talca',
    ]),
    header,
  );

async function upload(as: TestUser, file: Buffer) {
  const created = await importsApi(
    httpEvent({ routeKey: 'POST /v1/imports', as, body: { type: 'clients', fileName: 'clientes.xlsx', sizeBytes: file.length } }),
    contextOf('imports-api'),
  );
  expect(created.statusCode, created.body).toBe(201);
  const { job, upload: url } = json(created) as { job: { id: string; objectKey: string }; upload: { url: string; contentType: string } };
  expect((await fetch(url.url, { method: 'PUT', body: file, headers: { 'content-type': url.contentType } })).status).toBe(200);
  return job;
}

const getJob = async (as: TestUser, importId: string) =>
  json(await importsApi(httpEvent({ routeKey: 'GET /v1/imports/{importId}', as, pathParameters: { importId } }), contextOf('imports-api')));

/** A function instance of its own (the runner or the sweeper), the batches its clients processor handled counted. */
function instance(options: { leaseMs?: number; crashAfterBatch?: number } = {}) {
  const runner: ImportRunDeps = importRunnerDependencies(table, {
    limits: { batchSize: BATCH, reserveMs: 1_000, ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}) },
  });
  const processor = runner.processors('clients')!;
  const original = processor.processBatch.bind(processor);
  const counter = { batches: 0 };
  processor.processBatch = async (...args) => {
    const outcomes = await original(...args);
    counter.batches += 1;
    // The crash comes after the batch's writes and before its checkpoint: the resume redoes the whole batch.
    if (counter.batches === options.crashAfterBatch) throw new Error('simulated crash after the writes');
    return outcomes;
  };
  return { runner, counter };
}

/** A Lambda context with time for `batches` batches, then under the reserve. */
const budget = (counter: { batches: number }, batches: number) => {
  const start = counter.batches;
  return contextWith(() => (counter.batches - start >= batches ? 500 : 60_000));
};

/** Items of a tenant's own partition whose sort key starts with `prefix`. */
async function itemsWith(tenantId: string, prefix: string) {
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.document.send(
      new QueryCommand({
        TableName: table.config.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': `T#${tenantId}`, ':sk': prefix },
        Limit: 1000,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...((page.Items ?? []) as Array<Record<string, unknown>>));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Sweeps (each a fresh sweeper instance with time for `batches` batches) until the job ends. */
async function sweepUntilDone(admin: TestUser, jobId: string, batches: number) {
  const outcomes: string[] = [];
  for (let i = 0; i < 30 && (await getJob(admin, jobId)).status === 'running'; i++) {
    const sweeper = instance();
    const { outcomes: o } = await importSweeperHandler(sweeper.runner)({}, budget(sweeper.counter, batches));
    outcomes.push(...Object.keys(o));
  }
  return outcomes;
}

async function expectWrittenOnce(admin: TestUser, jobId: string) {
  const done = await getJob(admin, jobId);
  const bad = expectedBadRows.length;
  expect(done).toMatchObject({
    status: 'completed_with_errors',
    checkpoint: ROWS + 1,
    progress: { rowsRead: ROWS, created: ROWS - bad, updated: 0, unchanged: 0, failed: bad },
  });
  // Every good row is one client of this job, with one history entry each; a redone batch wrote nothing twice.
  const clients = await itemsWith(admin.tenantId, 'CLIENT#');
  expect(clients).toHaveLength(ROWS - bad);
  expect(clients.every((c) => (c.provenance as { importJobId?: string }).importJobId === jobId)).toBe(true);
  expect(new Set(clients.map((c) => c.customId)).size).toBe(ROWS - bad);
  expect(await itemsWith(admin.tenantId, 'HISTORY#')).toHaveLength(ROWS - bad);

  // The error workbook: each bad row once, in row order, from every invocation.
  const file = new ExcelJS.Workbook();
  await file.xlsx.load(Buffer.from(await (await fetch(done.errorWorkbook.url)).arrayBuffer()) as never);
  const values = file.worksheets[0]!.getSheetValues().slice(2) as unknown[][];
  expect(values.map((r) => r[header.length + 1])).toEqual(expectedBadRows);
  return done;
}

describe('a clients workbook longer than one invocation, continued by the sweeper', () => {
  it('hands on mid-file, and the sweeper (a fresh instance each run) resumes from the checkpoint until it ends: every row once', async () => {
    const { admin } = await newTenant(deps);
    const file = await workbook();
    const job = await upload(admin, file);

    // The import function has time for 3 batches (60 rows), then hands on.
    const first = instance();
    const result = await importUploadHandler(first.runner)(s3Event(job.objectKey, file.length), budget(first.counter, 3));
    expect(result.outcomes[0]!.outcome).toBe('continued');
    expect(await getJob(admin, job.id)).toMatchObject({ status: 'running', checkpoint: 3 * BATCH + 1, progress: { rowsRead: 3 * BATCH } });

    // Each sweep has time for 4 batches: 180 rows left take three sweeps, two of them handing on again.
    const outcomes = await sweepUntilDone(admin, job.id, 4);
    expect(outcomes).toEqual(['continued', 'continued', 'completed_with_errors']);
    await expectWrittenOnce(admin, job.id);
    expect((await deps.jobs.get(admin.tenantId, job.id))!.continuations).toBe(3);
  }, 300_000);

  it('resumes a run that crashed after a batch was written but before its checkpoint: the batch is redone, nothing written twice', async () => {
    const { admin } = await newTenant(deps);
    const file = await workbook();
    const job = await upload(admin, file);

    // The 4th batch (rows 62–81) is written, then the function crashes; its lease is short, so the sweeper may take over.
    const crashing = instance({ leaseMs: 1, crashAfterBatch: 4 });
    await expect(importUploadHandler(crashing.runner)(s3Event(job.objectKey, file.length), contextWith())).rejects.toThrow('simulated crash');
    expect(await getJob(admin, job.id)).toMatchObject({ status: 'running', checkpoint: 3 * BATCH + 1, progress: { rowsRead: 3 * BATCH } });
    expect(await itemsWith(admin.tenantId, 'CLIENT#')).toHaveLength(4 * BATCH - expectedBadRows.filter((r) => r <= 4 * BATCH + 1).length);
    await new Promise((r) => setTimeout(r, 5));

    const outcomes = await sweepUntilDone(admin, job.id, 100);
    expect(outcomes).toEqual(['completed_with_errors']);
    await expectWrittenOnce(admin, job.id);
    expect((await deps.jobs.get(admin.tenantId, job.id))!.attempts).toBe(1);
  }, 300_000);
});
