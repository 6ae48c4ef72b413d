/**
 * Client import throughput and memory on the embedded stack (in-memory DynamoDB Local), side by side in one
 * run with its two ceilings (issue 10, "Performance"):
 *   (a) exceljs streaming read of the workbook alone;
 *   (b) raw BatchWriteItem of the same items the import writes (the client, its guards, history and search
 *       terms, planned by the same code), 25 a request, 8 requests in flight — send time only;
 *   (c) the import: the workbook streamed, rows mapped to clients, batches of 100 written by the client
 *       import writer (client-import.writer.ts) — or, with `--pipeline function`, the import function end to
 *       end: the workbook uploaded to s3rver under its job's key, the S3 event handed to the import function's
 *       handler (runner → clients processor → writer, checkpoint per batch), and the sweeper's handler run
 *       again and again while the job hands on, each invocation with a context modelling a Lambda of
 *       --lambda-seconds (default: the functions' catalogued timeouts), continuations counted.
 * A workbook of --rows clients (15 columns of realistic Chilean data) is generated with the exceljs
 * streaming writer into a temp file, and the same for half as many rows (linearity). Each phase runs in a
 * child process of its own, so its peak RSS (`process.resourceUsage().maxRSS`) is its own, as a Lambda's.
 * The stack is the bench's own (DynamoDB Local in memory, s3rver): no S3 bridge, so the upload triggers nothing
 * but the handler the bench calls, and the job's requester (`bench-admin`) is a real user record, as the runner
 * reads it at every invocation.
 *   npm run bench:import [-- --rows 100000 --sizes 50000,100000 --pipeline writer|function --batch 100 --concurrency 4 --lambda-seconds 900]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { planClientCreate } from '../../domain/clients/client.use-cases.ts';
import { importRecordId, type ImportContext, type PlannedClientChange } from '../../domain/imports/rows.ts';
import { createItems, type TransactItem } from '../../functions/adapters/dynamodb/client-import-items.ts';
import { dynamoClientImportWriter, readingReferencesOnce } from '../../functions/adapters/dynamodb/client-import.writer.ts';
import { readConfig } from '../../functions/config.ts';
import { createDependencies } from '../../functions/dependencies.ts';
import { clientOf, generate, HEADERS, readRows } from './clients-workbook.ts';
import { actorOf, runImportFunction, startStack, tenantWithRefs, uploadedJob, type Refs } from './import-stack.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const ROWS = Number(arg('rows', '100000'));
const BATCH = Number(arg('batch', '100'));
const CONCURRENCY = Number(arg('concurrency', '4'));
const PIPELINE = arg('pipeline', 'writer');
const PHASE = arg('phase', '');
/** `--defer off`: the writer pipeline puts history and search terms in the transactions (the writer's option). */
const DEFER = arg('defer', 'on') !== 'off';
/** The modelled Lambda timeout of each invocation (import function, sweeper); their catalogued ones by default. */
const LAMBDA_SECONDS = process.argv.includes('--lambda-seconds') ? Number(arg('lambda-seconds', '900')) : undefined;
/** The sizes run, smaller first: half of --rows and --rows (time linear in rows: the ratio is 2). */
const SIZES = arg('sizes', `${Math.round(ROWS / 2)},${ROWS}`)
  .split(',')
  .map(Number);

/** Batches of planned creates, read as the writer takes them: the next batch is parsed while nothing waits on it. */
async function* batches(file: string, refs: Refs): AsyncGenerator<PlannedClientChange[]> {
  let batch: PlannedClientChange[] = [];
  for await (const { row, cells } of readRows(file)) {
    batch.push({ row, kind: 'create', input: clientOf(cells, refs) });
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/**
 * What (c) runs over the file: `writer` maps rows here and hands batches to the client import writer; the
 * merger adds `function` (the import function end to end through the runner and the clients ImportProcessor).
 */
const importPipelines: Record<string, (deps: ReturnType<typeof createDependencies>, file: string, refs: Refs) => Promise<Record<string, number | string>>> = {
  async writer(deps, file, refs) {
    const writer = dynamoClientImportWriter(deps, { concurrency: CONCURRENCY, deferUnconditional: DEFER });
    const context: ImportContext = { actor: actorOf(refs.tenantId), jobId: ulid(), mode: 'create', dryRun: false, createMissingReferences: false };
    const tally: Record<string, number> = {};
    for await (const batch of batches(file, refs)) {
      for (const outcome of await writer.write(context, batch)) tally[outcome.result] = (tally[outcome.result] ?? 0) + 1;
    }
    return tally;
  },

  /** The import function as S3 invokes it, then the sweeper as its schedule would, until the job ends. */
  function: (_deps, _file, refs) => runImportFunction(refs, LAMBDA_SECONDS),
};

/** A phase in this child process: its figures as one JSON line on stdout. */
async function runPhase(phase: string, file: string) {
  const started = performance.now();
  const refs = JSON.parse(process.env.BENCH_REFS ?? '{}') as Refs;
  const figures: Record<string, unknown> = {};
  if (phase === 'parse') {
    let rows = 0;
    let cells = 0;
    for await (const row of readRows(file)) {
      rows += 1;
      cells += row.cells.length;
    }
    Object.assign(figures, { rows, cells });
  } else if (phase === 'batchwrite') {
    const deps = createDependencies(readConfig());
    const actor = actorOf(refs.tenantId);
    const jobId = ulid();
    let sendMs = 0;
    let rows = 0;
    let items = 0;
    for await (const batch of batches(file, refs)) {
      const puts: TransactItem[] = [];
      const plan = planClientCreate(readingReferencesOnce(deps));
      for (const change of batch) {
        if (change.kind !== 'create') continue;
        const { client, history } = await plan(actor, change.input, { source: 'import', importJobId: jobId }, importRecordId(jobId, change.row));
        puts.push(...createItems(deps.data, client, history).items.filter((i) => i.Put));
      }
      const sendStart = performance.now();
      const requests: Array<Promise<void>> = [];
      for (let i = 0; i < puts.length; i += 25) {
        const chunk = puts.slice(i, i + 25);
        requests.push(sendBatch(deps, chunk));
        if (requests.length === 8) await Promise.all(requests.splice(0));
      }
      await Promise.all(requests);
      sendMs += performance.now() - sendStart;
      rows += batch.length;
      items += puts.length;
    }
    Object.assign(figures, { rows, items, sendMs });
  } else if (phase === 'import') {
    const deps = createDependencies(readConfig());
    const pipeline = importPipelines[PIPELINE];
    if (!pipeline) throw new Error(`--pipeline ${PIPELINE}: not wired (known: ${Object.keys(importPipelines).join(', ')})`);
    Object.assign(figures, { outcomes: await pipeline(deps, file, refs) });
  }
  figures.ms = performance.now() - started;
  figures.maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

async function sendBatch(deps: ReturnType<typeof createDependencies>, puts: TransactItem[]) {
  let requests = puts.map((p) => ({ PutRequest: { Item: p.Put!.Item } }));
  for (let attempt = 0; requests.length; attempt++) {
    if (attempt) await new Promise((r) => setTimeout(r, 20 * attempt));
    const answer = await deps.document.send(new BatchWriteCommand({ RequestItems: { [deps.config.tableName]: requests } }));
    requests = (answer.UnprocessedItems?.[deps.config.tableName] ?? []) as typeof requests;
  }
}

/** Runs a phase in a child process with the stack's environment, and reads its figures. */
function child(phase: string, file: string, refs?: Refs): Promise<Record<string, number | Record<string, number>>> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [process.argv[1]!, ...process.argv.slice(2), '--phase', phase, '--file', file], {
      env: { ...process.env, BENCH_REFS: JSON.stringify(refs ?? {}) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
    });
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`phase ${phase} exited ${code}`))));
  });
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  const stack = await startStack(dir, 'bench-import');
  const { deps } = stack;

  const results: Array<{ rows: number; parse: Record<string, number>; raw: Record<string, number>; run: Record<string, number | Record<string, number>> }> = [];
  try {
    for (const rows of SIZES) {
      const file = join(dir, `clients-${rows}.xlsx`);
      const genStart = performance.now();
      await generate(file, rows);
      console.log(`generated ${rows} rows × ${HEADERS.length} columns in ${((performance.now() - genStart) / 1000).toFixed(1)} s`);
      const parse = (await child('parse', file)) as Record<string, number>;
      console.log(`  (a) parse: ${JSON.stringify(parse)}`);
      const raw = (await child('batchwrite', file, await tenantWithRefs(deps))) as Record<string, number>;
      console.log(`  (b) raw BatchWrite: ${JSON.stringify(raw)}`);
      const refs = await tenantWithRefs(deps);
      const run = await child('import', file, PIPELINE === 'function' ? await uploadedJob(deps, refs, file) : refs);
      console.log(`  (c) import (${PIPELINE}): ${JSON.stringify(run)}`);
      results.push({ rows, parse, raw, run });
    }
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  console.log(
    `\nclient import, ${PIPELINE}${DEFER ? '' : ' (history and terms in the transactions)'}, batches of ${BATCH}, ${CONCURRENCY} transactions in flight (in-memory DynamoDB Local, this machine)`,
  );
  console.log('rows     | (a) parse rows/s, peak MB | (b) BatchWrite rows/s (items/s) | (c) import rows/s, peak MB, s | (c) / (a) | (c) / (b) | continuations');
  for (const { rows, parse, raw, run } of results) {
    const parseRate = (parse.rows! / parse.ms!) * 1000;
    const rawRate = (raw.rows! / raw.sendMs!) * 1000;
    const runRate = (rows / (run.ms as number)) * 1000;
    const outcomes = run.outcomes as Record<string, number | string>;
    console.log(
      `${String(rows).padEnd(8)} | ${parseRate.toFixed(0).padStart(7)}, ${parse.maxRssMb!.toFixed(0).padStart(4)} MB | ${rawRate.toFixed(0).padStart(7)} (${((raw.items! / raw.sendMs!) * 1000).toFixed(0)} items/s) | ${runRate.toFixed(0).padStart(6)}, ${(run.maxRssMb as number).toFixed(0)} MB, ${((run.ms as number) / 1000).toFixed(1)} s | ${((runRate / parseRate) * 100).toFixed(1)} % | ${((runRate / rawRate) * 100).toFixed(0)} % | ${outcomes.continuations ?? '–'}`,
    );
  }
  if (results.length === 2) {
    const [half, full] = results;
    console.log(`time ${full!.rows} / ${half!.rows} rows: ${((full!.run.ms as number) / (half!.run.ms as number)).toFixed(2)} (2.00 is linear)`);
  }
}

if (PHASE) await runPhase(PHASE, arg('file', ''));
else await main();
