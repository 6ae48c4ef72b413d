/**
 * The notes report on the embedded stack (in-memory DynamoDB Local, local HTTP API): a tenant of --notes
 * (100,000) follow-up notes by 20 authors (2 branches × 4 departments, 2–3 authors each) on 2,000 clients
 * over one year, seeded by BatchWrite of the very item the note write stores (every stream key included).
 * Through `GET /v1/notes` (gateway, access check, sealed cursors) it times the first page (p50 / p95 of
 * --samples) and the whole report paged at 100 per page, for level 1 (the tenant's stream), level 2 (a
 * branch: 10 author streams merged), level 3 (a department: 2–3 streams), level 4 (one), a month's range,
 * "last three per client" and "group by department". Then the same report as an Excel file
 * (`POST /v1/notes/report/exports`, the export-runner function run once in a process of its own by
 * bench/exports/export-worker.ts, as its Lambda would): time, rows/s, the worker's peak RSS and the file size,
 * for each reader of --exports. Figures only; nothing asserted.
 *   node bench/notes/notes-report.bench.ts [--notes 100000] [--samples 20] [--walks level1,level3,...]
 *     [--cases 0,3] (indexes of the JSON cases below; default all) [--exports level1,level4] (none: skip)
 */
import { spawn } from 'node:child_process';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Note } from '../../domain/notes/note.schema.ts';
import { claimsForUser } from '../../functions/auth/claims.ts';
import { startLocalRuntime } from '../../scripts/local/runtime.ts';
import { apiCaller, createBenchTenant, stats } from '../support/local-api.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const NOTES = Number(arg('notes', '100000'));
const SAMPLES = Number(arg('samples', '20'));
const CLIENTS = 2_000;

const runtime = await startLocalRuntime({ port: 0, schedules: false, log: () => undefined });
const { deps } = runtime;
const table = runtime.env.TABLE_NAME!;
const tenantId = `bench-notes-${Date.now()}`;
await createBenchTenant(deps, tenantId);
const at = new Date().toISOString();

// 20 authors: author i in branch b(i % 2), department d(i % 4) (so b0 holds d0, d2 and b1 d1, d3).
const authors = Array.from({ length: 20 }, (_, i) => ({ id: `author${String(i).padStart(2, '0')}`, branchId: `b${i % 2}`, departmentId: `d${i % 4}` }));
for (const a of authors) {
  await deps.users.create({
    tenantId,
    ...a,
    email: `${a.id}@${tenantId}.test`,
    name: a.id,
    accessLevel: 4,
    permissions: ['exports.run'],
    status: 'active',
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: 'b',
    updatedBy: 'b',
  });
}
const readers = {
  level1: { id: 'r1', accessLevel: 1 as const, branchId: 'b0', departmentId: 'd0' },
  level2: { id: 'r2', accessLevel: 2 as const, branchId: 'b0', departmentId: 'd0' },
  level3: { id: 'r3', accessLevel: 3 as const, branchId: 'b1', departmentId: 'd1' },
  level4: { id: 'author03', accessLevel: 4 as const, branchId: 'b1', departmentId: 'd3' },
};
const callers: Record<string, ReturnType<typeof apiCaller>> = {};
for (const [name, r] of Object.entries(readers)) {
  const record = {
    tenantId,
    ...r,
    email: `${r.id}@${tenantId}.test`,
    name: r.id,
    permissions: ['exports.run'],
    status: 'active' as const,
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: 'b',
    updatedBy: 'b',
  };
  if (!r.id.startsWith('author')) await deps.users.create(record);
  const headers = { authorization: `Bearer ${await runtime.issuer.sign(claimsForUser(record))}`, 'content-type': 'application/json' };
  callers[name] = apiCaller(runtime, headers);
}

// Notes: spread over 2026 (one every ~5 minutes at 100k), authors and clients round-robin with a stride.
const start = Date.parse('2026-01-01T00:00:00.000Z');
const step = Math.floor((365 * 86_400_000) / NOTES);
const noteOf = (n: number): Note => {
  const author = authors[(n * 7) % authors.length]!;
  const createdAt = new Date(start + n * step).toISOString();
  return {
    id: `N${String(n).padStart(8, '0')}`,
    tenantId,
    clientId: `C${String((n * 13) % CLIENTS).padStart(5, '0')}`,
    authorId: author.id,
    text: `Llamada ${n}: el cliente promete pagar la factura pendiente la próxima semana; se acordó enviar el estado de cuenta.`,
    location: { kind: 'phone' },
    treatment: 'Volver a llamar en 7 días',
    writtenIn: { branchId: author.branchId, departmentId: author.departmentId },
    version: 1,
    createdAt,
    updatedAt: createdAt,
    updatedBy: author.id,
  };
};

console.log(
  `load average at the start: ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const seedStarted = performance.now();
let next = 0;
const batches = Math.ceil(NOTES / 25);
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (next < batches) {
      const b = next++;
      const items = [];
      for (let n = b * 25; n < Math.min(NOTES, b * 25 + 25); n++) items.push(deps.data.entities.note.put(noteOf(n) as never).params().Item);
      let pending = items.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length) {
        const out = (await deps.dynamoClient.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }) as never)) as {
          UnprocessedItems?: Record<string, typeof pending>;
        };
        pending = out.UnprocessedItems?.[table] ?? [];
      }
    }
  }),
);
const seedMs = performance.now() - seedStarted;
console.log(`seeded ${NOTES.toLocaleString('en')} notes in ${(seedMs / 1000).toFixed(1)} s (${Math.round(NOTES / (seedMs / 1000))} notes/s)`);

async function firstPage(who: string, query: string) {
  const samples: number[] = [];
  let count = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const { ms, json } = await callers[who]!('GET', `/v1/notes?limit=100${query}`);
    samples.push(ms);
    count = (json.items as unknown[]).length;
  }
  return { stats: stats(samples), count };
}

async function walk(who: string, query: string, path = '/v1/notes') {
  const started = performance.now();
  let cursor: string | undefined;
  let notes = 0;
  let pages = 0;
  do {
    const { json } = await callers[who]!('GET', `${path}?limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    notes += (json.items as unknown[]).length;
    pages++;
    cursor = json.cursor as string | undefined;
  } while (cursor);
  const ms = performance.now() - started;
  return { notes, pages, ms };
}

const cases: Array<[string, string, string]> = [
  ['level1', '', 'level 1, whole company (1 stream)'],
  ['level2', '', 'level 2, branch b0 (10 author streams)'],
  ['level3', '', 'level 3, department d1 (5 author streams)'],
  ['level4', '', 'level 4, own notes (1 stream)'],
  ['level1', '&from=2026-06-01&to=2026-06-30', 'level 1, June only'],
  ['level1', '&departmentId=d2', 'level 1, department d2 filter (5 streams)'],
  ['level1', '&lastThree=true', 'level 1, last three per client (limit = 100 clients)'],
  ['level3', '&lastThree=true', 'level 3, last three per client'],
  ['level1', '&groupBy=department', 'level 1, grouped by department (20 streams, 4 groups)'],
];
const walks = arg('walks', 'all');
const picked = arg('cases', 'all');
console.log('\ncase | first page (100) p50 / p95 | notes in page | whole report: notes, pages, seconds, notes/s');
for (const [index, [who, query, label]] of cases.entries()) {
  if (picked !== 'all' && !picked.split(',').includes(String(index))) continue;
  const first = await firstPage(who, query);
  const whole = walks === 'all' || walks.split(',').includes(who) ? await walk(who, query) : undefined;
  console.log(
    `${label} | ${first.stats} | ${first.count} | ${whole ? `${whole.notes.toLocaleString('en')}, ${whole.pages}, ${(whole.ms / 1000).toFixed(1)} s, ${Math.round(whole.notes / (whole.ms / 1000))}/s` : 'skipped'}`,
  );
}
interface WorkerRun {
  report: { completed: number; rows: number };
  ms: number;
  coldStartMs: number;
  maxRssMb: number;
}

/** The export-runner once, in its own process, with the functions' environment (as bench/exports does). */
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

const exportsOf = arg('exports', 'level1,level4');
if (exportsOf !== 'none') {
  console.log('\nExcel export of the whole report (export-runner in its own process) | rows | seconds | rows/s | peak RSS | file');
  for (const who of exportsOf.split(',')) {
    const asked = await callers[who]!('POST', '/v1/notes/report/exports', {});
    const run = await runWorker();
    const view = (await callers[who]!('GET', `/v1/exports/${asked.json.id as string}`)).json as {
      status: string;
      rowsWritten: number;
      download?: { url: string };
    };
    const file = view.download ? Buffer.from(await (await fetch(view.download.url)).arrayBuffer()) : Buffer.alloc(0);
    if (view.status !== 'completed') throw new Error(`${who}: ${JSON.stringify(view)}`);
    console.log(
      `${who} | ${view.rowsWritten.toLocaleString('en')} | ${(run.ms / 1000).toFixed(1)} s | ${Math.round(view.rowsWritten / (run.ms / 1000))} | ${run.maxRssMb.toFixed(0)} MB (cold start ${(run.coldStartMs / 1000).toFixed(1)} s apart) | ${(file.length / 1024 / 1024).toFixed(1)} MB`,
    );
  }
}
console.log(
  `load average at the end: ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
await runtime.stop();
