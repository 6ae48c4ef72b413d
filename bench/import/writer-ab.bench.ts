/**
 * The client import writer against its raw BatchWriteItem ceiling, interleaved batch by batch in one process so a
 * busy machine's changing load falls on every arm alike (the import bench runs its phases one after another):
 *   raw   — BatchWriteItem of the planned items (25 a request, 8 in flight), the ceiling;
 *   defer — the writer as wired: client, guards and counts in transactions, history and terms by BatchWriteItem;
 *   whole — the writer with `deferUnconditional: false` (every item in the transactions, decision 108 as first written).
 * Each round writes one batch of --batch new clients per arm, in a rotating order, each arm into its own tenant.
 *   node bench/import/writer-ab.bench.ts [--rounds 10 --batch 100]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { createCatalogEntry } from '../../domain/clients/catalog.use-cases.ts';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { planClientCreate } from '../../domain/clients/client.use-cases.ts';
import { importRecordId, type PlannedClientChange } from '../../domain/imports/rows.ts';
import { Permission, type Actor } from '../../domain/shared/actor.ts';
import { createItems, type TransactItem } from '../../functions/adapters/dynamodb/client-import-items.ts';
import { dynamoClientImportWriter, readingReferencesOnce } from '../../functions/adapters/dynamodb/client-import.writer.ts';
import { readConfig } from '../../functions/config.ts';
import { createDependencies } from '../../functions/dependencies.ts';
import { startEmulators } from '../../scripts/local/emulators.ts';
import { localFunctionEnv } from '../../scripts/local/function-env.ts';
import { ensureCursorKeyFile } from '../../scripts/local/cursor-key.ts';
import { ensureTable } from '../../scripts/local/table.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const ROUNDS = Number(arg('rounds', '10'));
const BATCH = Number(arg('batch', '100'));

const dir = mkdtempSync(join(tmpdir(), 'bench-writer-ab-'));
let emulators: Awaited<ReturnType<typeof startEmulators>> | undefined;
for (let attempt = 1; !emulators; attempt++) {
  try {
    emulators = await startEmulators({ s3Dir: join(dir, 's3'), buckets: ['bench-uploads'] });
  } catch (error) {
    if (attempt === 6) throw error;
  }
}
Object.assign(
  process.env,
  localFunctionEnv({
    emulators,
    tableName: 'bench-writer-ab',
    bucket: 'bench-uploads',
    stage: 'local',
    defaultSender: 'no-reply@bench.local',
    cursorKeyFile: ensureCursorKeyFile(join(dir, 'cursor-key')),
  }),
);
const deps = createDependencies(readConfig());
await ensureTable(deps.dynamoClient, 'bench-writer-ab');

async function tenant() {
  const tenantId = `bench-ab-${ulid().toLowerCase()}`;
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
  const actor: Actor = { tenantId, userId: 'bench-admin', accessLevel: 1, permissions: [...Permission.options] };
  const categories: string[] = [];
  const zones: string[] = [];
  for (let i = 0; i < 10; i++) categories.push((await createCatalogEntry(deps)(actor, 'category', { name: `Categoría ${i}`, color: '#336699' })).id);
  for (let i = 0; i < 8; i++) zones.push((await createCatalogEntry(deps)(actor, 'zone', { name: `Zona ${i}` })).id);
  return { actor, categories, zones };
}

function rut(body: number) {
  let sum = 0;
  let factor = 2;
  for (const d of String(body).split('').reverse()) {
    sum += Number(d) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const dv = 11 - (sum % 11);
  return `${body}-${dv === 11 ? '0' : dv === 10 ? 'K' : dv}`;
}
const spread = (i: number, mod: number) => ((i * 2_654_435_761) >>> 0) % mod;

/** The bench's client of row i: a company with e-mail, RUT, custom id, phones, address, a category and a zone. */
const batchOf = (t: Awaited<ReturnType<typeof tenant>>, round: number): PlannedClientChange[] =>
  Array.from({ length: BATCH }, (_, k) => {
    const i = round * BATCH + k;
    return {
      row: i + 2,
      kind: 'create',
      input: NewClient.parse({
        personType: 'legal',
        legalName: `Comercial Andes ${i} SpA`,
        tradeName: `Andes ${i}`,
        taxId: { scheme: 'CL_RUT', value: rut(5_000_000 + i * 7) },
        email: `contacto${i}@cliente${spread(i, 97)}.cl`,
        phone: `+56 2 2${String(1_000_000 + i).slice(-7)}`,
        mobile: `+56 9 ${String(50_000_000 + i).slice(-8)}`,
        address: `Av. Libertador ${1 + spread(i, 4000)}`,
        city: 'Santiago',
        region: 'Metropolitana',
        customId: `C-${i}`,
        categoryId: t.categories[spread(i + 2, 10)],
        zoneId: t.zones[spread(i + 1, 8)],
      }),
    };
  });

async function raw(t: Awaited<ReturnType<typeof tenant>>, batch: PlannedClientChange[], jobId: string) {
  const plan = planClientCreate(readingReferencesOnce(deps));
  const puts: TransactItem[] = [];
  for (const change of batch) {
    if (change.kind !== 'create') continue;
    const { client, history } = await plan(t.actor, change.input, { source: 'import', importJobId: jobId }, importRecordId(jobId, change.row));
    puts.push(...createItems(deps.data, client, history).items.filter((i) => i.Put));
  }
  const send = async (chunk: TransactItem[]) => {
    let requests = chunk.map((p) => ({ PutRequest: { Item: p.Put!.Item! } }));
    while (requests.length) {
      const answer = await deps.document.send(new BatchWriteCommand({ RequestItems: { [deps.config.tableName]: requests } }));
      requests = (answer.UnprocessedItems?.[deps.config.tableName] ?? []) as typeof requests;
    }
  };
  const inFlight: Array<Promise<void>> = [];
  for (let i = 0; i < puts.length; i += 25) {
    inFlight.push(send(puts.slice(i, i + 25)));
    if (inFlight.length === 8) await Promise.all(inFlight.splice(0));
  }
  await Promise.all(inFlight);
}

const arms = {
  raw: { tenant: await tenant(), jobId: ulid(), ms: 0, run: undefined as unknown },
  defer: { tenant: await tenant(), jobId: ulid(), ms: 0, writer: dynamoClientImportWriter(deps) },
  whole: { tenant: await tenant(), jobId: ulid(), ms: 0, writer: dynamoClientImportWriter(deps, { deferUnconditional: false }) },
};
const names = Object.keys(arms) as Array<keyof typeof arms>;
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length]!;
      const arm = arms[name];
      const batch = batchOf(arm.tenant, round);
      const start = performance.now();
      if (name === 'raw') await raw(arm.tenant, batch, arm.jobId);
      else {
        const outcomes = await (arm as typeof arms.defer).writer.write(
          { actor: arm.tenant.actor, jobId: arm.jobId, mode: 'create', dryRun: false, createMissingReferences: false },
          batch,
        );
        if (outcomes.some((o) => o.result !== 'created')) throw new Error(`${name}: ${JSON.stringify(outcomes.find((o) => o.result !== 'created'))}`);
      }
      arm.ms += performance.now() - start;
    }
    const rate = (name: keyof typeof arms) => (((round + 1) * BATCH) / arms[name].ms) * 1000;
    console.log(
      `round ${round + 1}: raw ${rate('raw').toFixed(1)} rows/s, defer ${rate('defer').toFixed(1)} (${((rate('defer') / rate('raw')) * 100).toFixed(0)} %), whole ${rate('whole').toFixed(1)} (${((rate('whole') / rate('raw')) * 100).toFixed(0)} %)`,
    );
  }
} finally {
  await emulators.stop();
  rmSync(dir, { recursive: true, force: true });
}
