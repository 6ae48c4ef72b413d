/**
 * Client export on the embedded stack (in-memory DynamoDB Local, s3rver): a tenant of --clients (100,000)
 * clients, exported at half the book and at the whole book in one run, so the time of 50k vs 100k shows
 * whether the export is linear in rows.
 *
 * Clients are seeded with BatchWrite (25 per call, 8 calls in flight) of the very item the client write
 * stores (`clientToItem`, every index key included), in 20 categories and 5 zones, with a seller of 10
 * users; every 10th client has open invoices: its receivables item (`CURRENCY#CLP`, the item invoice writes
 * keep) with three open due dates. Each export is asked through the local HTTP API (`POST /v1/exports`),
 * then the export-runner function runs once in a process of its own (bench/exports/export-worker.ts), as
 * its Lambda would: its wall time, rows/s and peak RSS (`maxRSS`) are printed, and the file is checked by
 * `GET /v1/exports/{id}` (rows, size). Figures only; nothing is asserted on time.
 *   npm run bench:exports [-- --clients 100000]
 */
import { spawn } from 'node:child_process';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Client } from '../../domain/clients/client.schema.ts';
import { clientToItem, noContacts } from '../../functions/adapters/dynamodb/client-item.ts';
import { receivablesKeys } from '../../functions/adapters/dynamodb/receivables-keys.ts';
import { startLocalRuntime } from '../../scripts/local/runtime.ts';
import { apiCaller, benchAdmin, createBenchTenant } from '../support/local-api.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const CLIENTS = arg('clients', 100_000);
const HALF = Math.floor(CLIENTS / 2);

const runtime = await startLocalRuntime({ port: 0, schedules: false, log: () => undefined });
const { deps } = runtime;
const table = runtime.env.TABLE_NAME!;
const tenantId = `bench-export-${Date.now()}`;
await createBenchTenant(deps, tenantId);
const { headers } = await benchAdmin(runtime, tenantId, ['exports.run']);
const call = apiCaller(runtime, headers);
const at = new Date().toISOString();

const categories = Array.from({ length: 20 }, (_, i) => `cat${i}`);
const zones = Array.from({ length: 5 }, (_, i) => `zone${i}`);
const sellers = Array.from({ length: 10 }, (_, i) => `seller${i}`);
for (const [kind, ids] of [
  ['category', categories],
  ['zone', zones],
] as const) {
  for (const id of ids) await deps.catalogs.create({ tenantId, kind, id, name: `${kind} ${id}`, version: 1, createdAt: at, updatedAt: at });
}
for (const id of sellers) {
  await deps.users.create({
    tenantId,
    id,
    email: `${id}@${tenantId}.test`,
    name: `Vendedor ${id}`,
    accessLevel: 4,
    permissions: [],
    status: 'active',
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: 'bench',
    updatedBy: 'bench',
  });
}

const LAST = ['Pérez', 'González', 'Muñoz', 'Rojas', 'Díaz', 'Soto', 'Contreras', 'Silva', 'Martínez', 'Sepúlveda'];
const addDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function clientItems(n: number): Array<Record<string, unknown>> {
  const name = `Comercial ${LAST[n % LAST.length]} ${n}`;
  const client: Client = {
    id: `c${String(n).padStart(7, '0')}`,
    tenantId,
    personType: 'other',
    name,
    displayName: name,
    email: `c${n}@bench.test`,
    notifyEmails: [],
    phone: `+56 2 ${String(20_000_000 + n).slice(0, 4)} ${String(n).padStart(4, '0').slice(-4)}`,
    address: `Av. Principal ${n}`,
    city: 'Santiago',
    region: 'Metropolitana',
    observations: n % 50 === 0 ? '=cliente antiguo' : 'Sin observaciones',
    ...(n % 5 === 0 ? {} : { categoryId: categories[n % categories.length]! }),
    zoneId: zones[n % zones.length]!,
    sellerId: sellers[n % sellers.length]!,
    billing: { invoiceType: 'Factura electrónica', taxCondition: 'Afecto' },
    collectionsEnabled: true,
    status: 'active',
    provenance: { source: 'import' },
    version: 1,
    createdAt: at,
    createdBy: 'bench',
    updatedAt: at,
    updatedBy: 'bench',
  };
  const items = [deps.data.entities.client.put(clientToItem(client, noContacts) as never).params().Item as Record<string, unknown>];
  if (n % 10 === 0) {
    items.push({
      pk: receivablesKeys.client(tenantId, client.id),
      sk: receivablesKeys.currencySk('CLP'),
      clientId: client.id,
      currency: 'CLP',
      aggCategory: client.categoryId ?? 'none',
      openByDue: { [addDays(-95)]: [1, 120_000], [addDays(-20)]: [2, 35_500], [addDays(15)]: [1, 9_990] },
      openByIssue: {},
      credit: 0,
      paidCount: 0,
      paidDays: 0,
      blocks: {},
      version: 1,
    });
  }
  return items;
}

/** BatchWrite of clients [from, to): 25 items per call, 8 calls in flight. */
async function seed(from: number, to: number) {
  const started = performance.now();
  const items: Array<Record<string, unknown>> = [];
  for (let n = from; n < to; n++) items.push(...clientItems(n));
  const batches: Array<Array<Record<string, unknown>>> = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < batches.length) {
        let pending = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length) {
          const out = (await deps.dynamoClient.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }) as never)) as {
            UnprocessedItems?: Record<string, typeof pending>;
          };
          pending = out.UnprocessedItems?.[table] ?? [];
        }
      }
    }),
  );
  const s = (performance.now() - started) / 1000;
  console.log(`  seeded clients ${from}–${to - 1} (${items.length} items) in ${s.toFixed(1)} s (${Math.round(items.length / s)} items/s)`);
}

interface WorkerRun {
  report: { completed: number; rows: number };
  ms: number;
  coldStartMs: number;
  maxRssMb: number;
}

/** The export-runner once, in its own process, with the functions' environment. */
function runWorker(): Promise<WorkerRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bench/exports/export-worker.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`export worker exited ${code}: ${out}`));
      else resolve(JSON.parse(line) as WorkerRun);
    });
    child.stdin.end(JSON.stringify(runtime.env));
  });
}

async function exportOnce(label: string, expected: number) {
  const asked = await call('POST', '/v1/exports', { type: 'clients', filter: { status: 'all' } });
  const run = await runWorker();
  const view = (await call('GET', `/v1/exports/${asked.json.id as string}`)).json as { status: string; rowsWritten: number; download?: { url: string } };
  const file = view.download ? Buffer.from(await (await fetch(view.download.url)).arrayBuffer()) : Buffer.alloc(0);
  if (view.status !== 'completed' || view.rowsWritten !== expected) throw new Error(`${label}: ${JSON.stringify(view)}`);
  const rowsPerSecond = Math.round(view.rowsWritten / (run.ms / 1000));
  console.log(
    `  ${label}: ${view.rowsWritten} rows in ${(run.ms / 1000).toFixed(1)} s → ${rowsPerSecond} rows/s; worker peak RSS ${run.maxRssMb.toFixed(0)} MB (cold start ${(run.coldStartMs / 1000).toFixed(1)} s apart); file ${(file.length / 1024 / 1024).toFixed(1)} MB`,
  );
  return run;
}

try {
  console.log(`export bench: ${CLIENTS} clients (every 10th with open invoices), in-memory DynamoDB Local, s3rver`);
  await seed(0, HALF);
  const half = await exportOnce(`${HALF} clients`, HALF);
  await seed(HALF, CLIENTS);
  const whole = await exportOnce(`${CLIENTS} clients`, CLIENTS);
  const ratio = whole.ms / half.ms;
  console.log(`  time ${CLIENTS} / ${HALF}: ${ratio.toFixed(2)} (2.00 = linear in rows)`);
  console.log(`  peak RSS ${HALF} → ${CLIENTS}: ${half.maxRssMb.toFixed(0)} → ${whole.maxRssMb.toFixed(0)} MB`);
} finally {
  await runtime.stop();
}
