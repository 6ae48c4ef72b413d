/**
 * The import benches' stack and fixtures: the emulators (DynamoDB Local in memory, s3rver) with the functions'
 * environment, a fresh tenant with the workbook's categories and zones and a real requester, a pending job with
 * its workbook uploaded, and the import function run on it as S3 and the sweeper's schedule would.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ulid } from 'ulid';
import { createCatalogEntry } from '../../domain/clients/catalog.use-cases.ts';
import { emptyProgress, FINISHED_STATUSES, importObjectKey, type ImportJob } from '../../domain/imports/import-job.schema.ts';
import type { ImportRunDeps } from '../../domain/imports/import-run.use-case.ts';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from '../../domain/imports/import-limits.ts';
import { Permission, type Actor } from '../../domain/shared/actor.ts';
import { s3Client } from '../../functions/adapters/aws-clients.ts';
import type { ClientImportWriterOptions } from '../../functions/adapters/dynamodb/client-import.writer.ts';
import { readConfig } from '../../functions/config.ts';
import { createDependencies } from '../../functions/dependencies.ts';
import { functionLimits } from '../../functions/function-limits.ts';
import { encodeS3Key } from '../../functions/s3/s3-keys.ts';
import { importRepositories } from '../../functions/wiring/imports.ts';
import { CATEGORIES, ZONES, type WorkbookRefs } from './clients-workbook.ts';

export type BenchDeps = ReturnType<typeof createDependencies>;

export interface Refs extends WorkbookRefs {
  tenantId: string;
  /** The job the workbook was uploaded for (the import function's arm). */
  job?: { id: string; objectKey: string; sizeBytes: number };
}

export const actorOf = (tenantId: string): Actor => ({ tenantId, userId: 'bench-admin', accessLevel: 1, permissions: [...Permission.options] });

/** The bench's own stack: emulators, the table and the bucket, the functions' environment; no API, seed or S3 bridge. */
export async function startStack(dir: string, tableName: string) {
  const { startEmulators } = await import('../../scripts/local/emulators.ts');
  const { localFunctionEnv } = await import('../../scripts/local/function-env.ts');
  const { ensureCursorKeyFile } = await import('../../scripts/local/cursor-key.ts');
  const { ensureTable } = await import('../../scripts/local/table.ts');
  const bucket = 'bench-uploads';
  // DynamoDB Local's JVM may take longer than the emulators' 30 s to answer on a loaded machine: try again.
  let emulators: Awaited<ReturnType<typeof startEmulators>> | undefined;
  for (let attempt = 1; !emulators; attempt++) {
    try {
      emulators = await startEmulators({ s3Dir: join(dir, 's3'), buckets: [bucket], dynamoStartMs: 120_000 });
    } catch (error) {
      if (attempt === 6) throw error;
      console.error(`emulators did not start (${String(error)}), trying again`);
    }
  }
  Object.assign(
    process.env,
    localFunctionEnv({
      emulators,
      tableName,
      bucket,
      stage: 'local',
      defaultSender: 'no-reply@bench.local',
      cursorKeyFile: ensureCursorKeyFile(join(dir, 'cursor-key')),
    }),
  );
  const deps = createDependencies(readConfig());
  await ensureTable(deps.dynamoClient, tableName);
  return { deps, stop: () => emulators.stop() };
}

/** A fresh tenant with the workbook's categories and zones and its requester (`bench-admin`, a real user record). */
export async function tenantWithRefs(deps: BenchDeps): Promise<Refs> {
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

/** A pending job as `POST /v1/imports` creates it, and its workbook uploaded under the job's key. */
export async function uploadedJob(deps: BenchDeps, refs: Refs, file: string): Promise<Refs> {
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

/** A variant of the import function to measure beside the wired one: other writer options, other limits (batch size). */
export interface ImportFunctionVariant {
  writer?: ClientImportWriterOptions;
  limits?: Partial<ImportLimits>;
}

let runner: ImportRunDeps | undefined;

/**
 * The import function on an uploaded job as S3 invokes it, then the sweeper as its schedule would, until the job
 * ends; each invocation with a context modelling a Lambda of `lambdaSeconds` (default: the catalogued timeouts).
 */
export async function runImportFunction(refs: Refs, lambdaSeconds?: number, options: ImportFunctionVariant = {}) {
  // Loaded here, not above: the benches' parse phase measures its own memory without the import function's modules.
  const [
    { importUploadHandler },
    { importSweeperHandler },
    { importRunnerDependencies },
    { tableDependencies },
    { importProcessorFactories },
    { clientRepositories },
    { clientsImportProcessor },
    { dynamoClientImportWriter },
    { dynamoClientBatchLookup },
  ] = await Promise.all([
    import('../../functions/s3/import-upload.handler.ts'),
    import('../../functions/schedule/import-sweeper.handler.ts'),
    import('../../functions/wiring/import-runner.ts'),
    import('../../functions/wiring/table.ts'),
    import('../../functions/wiring/import-processors.ts'),
    import('../../functions/wiring/clients.ts'),
    import('../../functions/imports/clients-processor.ts'),
    import('../../functions/adapters/dynamodb/client-import.writer.ts'),
    import('../../functions/adapters/dynamodb/client-batch-lookup.ts'),
  ]);
  /** The clients processor as wired (import-processors.ts), its writer built with the variant's options. */
  const clientsWith = (writer: ClientImportWriterOptions) => (table: ReturnType<typeof tableDependencies>) => {
    const deps = { ...table, ...clientRepositories(table) };
    return clientsImportProcessor({ ...deps, writer: dynamoClientImportWriter(deps, writer), lookup: dynamoClientBatchLookup(table.data) });
  };
  // Built once per process, as a warm Lambda keeps its wiring between invocations.
  runner ??= importRunnerDependencies(tableDependencies(readConfig()), {
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.writer ? { processors: { ...importProcessorFactories, clients: clientsWith(options.writer) } } : {}),
  });
  const wired = runner;
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
  const first = await importUploadHandler(wired)(event, lambda(lambdaSeconds ?? functionLimits['import-upload'].timeoutSeconds));
  let invocations = 1;
  let stored = (await wired.jobs.get(refs.tenantId, job.id))!;
  // The sweeper resumes a job only with twice the reserve left (import-sweep.use-case.ts).
  const sweeperSeconds = Math.max(lambdaSeconds ?? functionLimits['import-sweeper'].timeoutSeconds, (2 * wired.limits.reserveMs) / 1000 + 5);
  let idle = 0;
  // Each sweep is one scheduled invocation (in AWS up to a minute after the hand-off; here at once).
  while (!FINISHED_STATUSES.includes(stored.status) && invocations < 1000) {
    const { outcomes } = await importSweeperHandler(wired)({}, lambda(sweeperSeconds));
    invocations += 1;
    if (Object.keys(outcomes).length) idle = 0;
    else if (++idle > 150) throw new Error(`job ${job.id} is ${stored.status} and the sweeper found nothing to do for 150 s`);
    else await new Promise((r) => setTimeout(r, 1000));
    stored = (await wired.jobs.get(refs.tenantId, job.id))!;
  }
  return {
    status: stored.status,
    first: String(first.outcomes[0]?.outcome),
    ...stored.progress,
    continuations: stored.continuations,
    attempts: stored.attempts,
    invocations,
  };
}
