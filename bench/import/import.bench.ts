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
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { ulid } from 'ulid';
import { createCatalogEntry } from '../../domain/clients/catalog.use-cases.ts';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { planClientCreate } from '../../domain/clients/client.use-cases.ts';
import { emptyProgress, FINISHED_STATUSES, importObjectKey, type ImportJob } from '../../domain/imports/import-job.schema.ts';
import { DEFAULT_IMPORT_LIMITS } from '../../domain/imports/import-limits.ts';
import { importRecordId, type ImportContext, type PlannedClientChange } from '../../domain/imports/rows.ts';
import { Permission, type Actor } from '../../domain/shared/actor.ts';
import { s3Client } from '../../functions/adapters/aws-clients.ts';
import { createItems, type TransactItem } from '../../functions/adapters/dynamodb/client-import-items.ts';
import { dynamoClientImportWriter, readingReferencesOnce } from '../../functions/adapters/dynamodb/client-import.writer.ts';
import { readConfig } from '../../functions/config.ts';
import { createDependencies } from '../../functions/dependencies.ts';
import { functionLimits } from '../../functions/function-limits.ts';
import { encodeS3Key } from '../../functions/s3/s3-keys.ts';
import { importRepositories } from '../../functions/wiring/imports.ts';

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

const CATEGORIES = ['Mayorista', 'Minorista', 'Distribuidor', 'Gobierno', 'Exportador', 'Restaurante', 'Farmacia', 'Ferretería', 'Colegio', 'Clínica'];
const ZONES = ['Norte', 'Centro', 'Sur', 'Oriente', 'Poniente', 'Costa', 'Cordillera', 'Valle'];
const CITIES = [
  ['Santiago', 'Metropolitana', 'Providencia'],
  ['Valparaíso', 'Valparaíso', 'Cerro Alegre'],
  ['Concepción', 'Biobío', 'Barrio Universitario'],
  ['Talca', 'Maule', 'Centro'],
  ['Temuco', 'Araucanía', 'Pueblo Nuevo'],
  ['Antofagasta', 'Antofagasta', 'Jardines del Sur'],
] as const;
const WORDS = ['Comercial', 'Distribuidora', 'Inversiones', 'Sociedad', 'Agrícola', 'Transportes', 'Servicios', 'Importadora', 'Ferretería', 'Panadería'];
const NAMES = ['Andes', 'Pacífico', 'Los Robles', 'Santa Elena', 'El Sol', 'Austral', 'La Araucaria', 'Río Claro', 'Don Pedro', 'Las Condes'];
const HEADERS = [
  'RUT',
  'Razón social',
  'Nombre de fantasía',
  'Email',
  'Teléfono',
  'Celular',
  'Dirección',
  'Barrio',
  'Ciudad',
  'Región',
  'Zona',
  'Categoría',
  'Código',
  'Plazo de pago',
  'Observaciones',
  'Tipo de persona',
];

/** A valid Chilean RUT for a body number (mod 11 check digit), written the local way. */
function rut(body: number) {
  let sum = 0;
  let factor = 2;
  for (const d of String(body).split('').reverse()) {
    sum += Number(d) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const dv = 11 - (sum % 11);
  return `${body.toLocaleString('es-CL')}-${dv === 11 ? '0' : dv === 10 ? 'K' : dv}`;
}

/** A deterministic spread without a random source. */
const spread = (i: number, mod: number) => ((i * 2_654_435_761) >>> 0) % mod;

function rowOf(i: number): Array<string | number> {
  const [city, region, barrio] = CITIES[spread(i, CITIES.length)]!;
  const name = `${WORDS[spread(i + 3, WORDS.length)]} ${NAMES[spread(i + 7, NAMES.length)]} ${i} SpA`;
  return [
    rut(5_000_000 + i * 7),
    name,
    `${NAMES[spread(i + 11, NAMES.length)]} ${i}`,
    `contacto${i}@cliente${spread(i, 97)}.cl`,
    `+56 2 2${String(1_000_000 + i).slice(-7)}`,
    `+56 9 ${String(50_000_000 + i).slice(-8)}`,
    `Av. Libertador ${1 + spread(i, 4000)}, of. ${spread(i, 90)}`,
    barrio,
    city,
    region,
    ZONES[spread(i + 1, ZONES.length)]!,
    CATEGORIES[spread(i + 2, CATEGORIES.length)]!,
    `C-${i}`,
    [0, 15, 30, 45, 60][spread(i, 5)]!,
    i % 5 === 0 ? 'Cliente con despacho los martes; pedir orden de compra antes de facturar.' : '',
    'Persona jurídica',
  ];
}

async function generate(file: string, rows: number) {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const sheet = writer.addWorksheet('Clientes');
  sheet.addRow(HEADERS).commit();
  for (let i = 0; i < rows; i++) sheet.addRow(rowOf(i)).commit();
  sheet.commit();
  await writer.commit();
}

/** The workbook's data rows as cell arrays, streamed (never the whole file in memory). */
async function* readRows(file: string): AsyncGenerator<{ row: number; cells: unknown[] }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(file), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });
  for await (const worksheet of reader) {
    for await (const row of worksheet) {
      if (row.number === 1) continue;
      yield { row: row.number, cells: (row.values as unknown[]).slice(1) };
    }
    break;
  }
}

interface Refs {
  tenantId: string;
  categories: Record<string, string>;
  zones: Record<string, string>;
  /** `--pipeline function`: the job the workbook was uploaded for. */
  job?: { id: string; objectKey: string; sizeBytes: number };
}

/** The bench's own mapping of a row to a new client (the clients processor's header mapping replaces it with `--pipeline function`). */
function clientOf(cells: unknown[], refs: Refs) {
  const text = (i: number) => (cells[i] === undefined || cells[i] === null || cells[i] === '' ? undefined : String(cells[i]));
  return NewClient.parse({
    personType: 'legal',
    taxId: text(0),
    legalName: text(1),
    tradeName: text(2),
    email: text(3),
    phone: text(4),
    mobile: text(5),
    address: text(6),
    neighbourhood: text(7),
    city: text(8),
    region: text(9),
    zoneId: refs.zones[text(10)!],
    categoryId: refs.categories[text(11)!],
    customId: text(12),
    paymentTermsDays: Number(cells[13] ?? 0),
    observations: text(14),
  });
}

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

const actorOf = (tenantId: string): Actor => ({ tenantId, userId: 'bench-admin', accessLevel: 1, permissions: [...Permission.options] });

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
  async function(_deps, _file, refs) {
    const [{ importUploadHandler }, { importSweeperHandler }, { importRunnerDependencies }, { tableDependencies }] = await Promise.all([
      import('../../functions/s3/import-upload.handler.ts'),
      import('../../functions/schedule/import-sweeper.handler.ts'),
      import('../../functions/wiring/import-runner.ts'),
      import('../../functions/wiring/table.ts'),
    ]);
    const runner = importRunnerDependencies(tableDependencies(readConfig()));
    const job = refs.job!;
    /** A Lambda context whose time left runs down from its timeout as the clock does. */
    const lambda = (seconds: number) => {
      const deadline = Date.now() + seconds * 1000;
      return { awsRequestId: ulid(), getRemainingTimeInMillis: () => deadline - Date.now() };
    };
    const event = {
      Records: [
        {
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: readConfig().uploadsBucket }, object: { key: encodeS3Key(job.objectKey), size: job.sizeBytes } },
        },
      ],
    } as never;
    const first = await importUploadHandler(runner)(event, lambda(LAMBDA_SECONDS ?? functionLimits['import-upload'].timeoutSeconds));
    let invocations = 1;
    let stored = (await runner.jobs.get(refs.tenantId, job.id))!;
    // The sweeper resumes a job only with twice the reserve left (import-sweep.use-case.ts).
    const sweeperSeconds = Math.max(LAMBDA_SECONDS ?? functionLimits['import-sweeper'].timeoutSeconds, (2 * runner.limits.reserveMs) / 1000 + 5);
    let idle = 0;
    // Each sweep is one scheduled invocation (in AWS up to a minute after the hand-off; here at once).
    while (!FINISHED_STATUSES.includes(stored.status) && invocations < 1000) {
      const { outcomes } = await importSweeperHandler(runner)({}, lambda(sweeperSeconds));
      invocations += 1;
      if (Object.keys(outcomes).length) idle = 0;
      else if (++idle > 150) throw new Error(`job ${job.id} is ${stored.status} and the sweeper found nothing to do for 150 s`);
      else await new Promise((r) => setTimeout(r, 1000));
      stored = (await runner.jobs.get(refs.tenantId, job.id))!;
    }
    return {
      status: stored.status,
      first: String(first.outcomes[0]?.outcome),
      ...stored.progress,
      continuations: stored.continuations,
      attempts: stored.attempts,
      invocations,
    };
  },
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

/** The bench's own stack: emulators, the table and the bucket, the functions' environment; no API, seed or S3 bridge. */
async function startStack(dir: string) {
  const { startEmulators } = await import('../../scripts/local/emulators.ts');
  const { localFunctionEnv } = await import('../../scripts/local/function-env.ts');
  const { ensureCursorKeyFile } = await import('../../scripts/local/cursor-key.ts');
  const { ensureTable } = await import('../../scripts/local/table.ts');
  const bucket = 'bench-uploads';
  // DynamoDB Local's JVM may take longer than the emulators' 30 s to answer on a loaded machine: try again.
  let emulators: Awaited<ReturnType<typeof startEmulators>> | undefined;
  for (let attempt = 1; !emulators; attempt++) {
    try {
      emulators = await startEmulators({ s3Dir: join(dir, 's3'), buckets: [bucket] });
    } catch (error) {
      if (attempt === 6) throw error;
      console.error(`emulators did not start (${String(error)}), trying again`);
    }
  }
  Object.assign(
    process.env,
    localFunctionEnv({
      emulators,
      tableName: 'bench-import',
      bucket,
      stage: 'local',
      defaultSender: 'no-reply@bench.local',
      cursorKeyFile: ensureCursorKeyFile(join(dir, 'cursor-key')),
    }),
  );
  const deps = createDependencies(readConfig());
  await ensureTable(deps.dynamoClient, 'bench-import');
  return { deps, stop: () => emulators.stop() };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  const stack = await startStack(dir);
  const { deps } = stack;

  /** A fresh tenant with the workbook's categories and zones: each write phase writes into its own. */
  async function tenantWithRefs(): Promise<Refs> {
    const tenantId = `bench-import-${ulid().toLowerCase()}`;
    const at = new Date().toISOString();
    await deps.tenants.createIfAbsent({
      id: tenantId,
      name: tenantId,
      country: 'CL',
      currency: 'CLP',
      timeZone: 'America/Santiago',
      locale: 'es',
      mailHour: 9,
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
    // The runner reads the requester's user record at every invocation (decision 109).
    await deps.users.create({
      tenantId,
      id: 'bench-admin',
      email: 'bench-admin@bench.local',
      name: 'Bench',
      accessLevel: 1,
      permissions: [...Permission.options],
      status: 'active',
      version: 1,
      createdAt: at,
      updatedAt: at,
      createdBy: 'bench',
      updatedBy: 'bench',
    });
    const actor = actorOf(tenantId);
    const categories: Record<string, string> = {};
    const zones: Record<string, string> = {};
    for (const name of CATEGORIES) categories[name] = (await createCatalogEntry(deps)(actor, 'category', { name, color: '#336699' })).id;
    for (const name of ZONES) zones[name] = (await createCatalogEntry(deps)(actor, 'zone', { name })).id;
    return { tenantId, categories, zones };
  }

  /** `--pipeline function`: a pending job as `POST /v1/imports` creates it, and its workbook uploaded under the job's key. */
  async function uploadedJob(refs: Refs, file: string): Promise<Refs> {
    const body = readFileSync(file);
    const at = new Date().toISOString();
    const id = ulid();
    const job: ImportJob = {
      id,
      tenantId: refs.tenantId,
      type: 'clients',
      mode: 'upsert',
      dryRun: false,
      createMissingReferences: false,
      language: 'es',
      fileName: 'clientes.xlsx',
      objectKey: importObjectKey(refs.tenantId, id),
      declaredSizeBytes: body.length,
      status: 'pending',
      progress: emptyProgress(),
      checkpoint: 0,
      attempts: 0,
      continuations: 0,
      errorSample: [],
      requester: actorOf(refs.tenantId),
      sweepAt: new Date(Date.now() + DEFAULT_IMPORT_LIMITS.uploadWindowMs).toISOString(),
      createdBy: 'bench-admin',
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await importRepositories(deps).jobs.create(job);
    await s3Client(deps.config).send(new PutObjectCommand({ Bucket: deps.config.uploadsBucket, Key: job.objectKey, Body: body, ContentLength: body.length }));
    return { ...refs, job: { id, objectKey: job.objectKey, sizeBytes: body.length } };
  }

  const results: Array<{ rows: number; parse: Record<string, number>; raw: Record<string, number>; run: Record<string, number | Record<string, number>> }> = [];
  try {
    for (const rows of SIZES) {
      const file = join(dir, `clients-${rows}.xlsx`);
      const genStart = performance.now();
      await generate(file, rows);
      console.log(`generated ${rows} rows × ${HEADERS.length} columns in ${((performance.now() - genStart) / 1000).toFixed(1)} s`);
      const parse = (await child('parse', file)) as Record<string, number>;
      console.log(`  (a) parse: ${JSON.stringify(parse)}`);
      const raw = (await child('batchwrite', file, await tenantWithRefs())) as Record<string, number>;
      console.log(`  (b) raw BatchWrite: ${JSON.stringify(raw)}`);
      const refs = await tenantWithRefs();
      const run = await child('import', file, PIPELINE === 'function' ? await uploadedJob(refs, file) : refs);
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
