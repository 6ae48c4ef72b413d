/**
 * Invoice figures on the embedded stack (in-memory DynamoDB Local), through the local HTTP API:
 * create (a draft numbered by hand; issued from the tenant's sequence, one writer and 10 at once), get
 * one invoice, and list pages (unfiltered, overdue, by client), p50/p95. Items each write stores are in
 * docs/data-model.md ("Items per operation (invoices)").
 *   npm run bench:invoices [-- --requests 200]
 */
import { startLocalRuntime } from '../../scripts/local/runtime.ts';
import { apiCaller, benchAdmin, createBenchTenant, stats } from '../support/local-api.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const REQUESTS = arg('requests', 200);
const CLIENTS = 20;

const runtime = await startLocalRuntime({ port: 0, schedules: false, log: () => undefined });
const { deps } = runtime;
const tenantId = 'bench-invoices';
await createBenchTenant(deps, tenantId);
const { headers } = await benchAdmin(runtime, tenantId, ['invoices.manage']);
const call = apiCaller(runtime, headers);
const clientIds: string[] = [];
for (let i = 0; i < CLIENTS; i++) {
  const response = await fetch(`${runtime.apiUrl}/v1/clients`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ personType: 'other', name: `Cliente ${i}`, paymentTermsDays: 30 }),
  });
  clientIds.push(((await response.json()) as { id: string }).id);
}

const lines = [
  { description: 'Servicio', quantity: 2, unitPrice: 10500, taxRate: 19 },
  { description: 'Flete', quantity: 1, unitPrice: 8000, taxRate: 19 },
];
const invoiceBody = (i: number, extra: Record<string, unknown>) => ({
  clientId: clientIds[i % CLIENTS],
  issueDate: `2025-${String((i % 12) + 1).padStart(2, '0')}-10`,
  lines,
  ...extra,
});

const rows: Array<[string, string]> = [];
const drafts: number[] = [];
for (let i = 0; i < REQUESTS; i++) drafts.push((await call('POST', '/v1/invoices', invoiceBody(i, { number: `M-${i}` }))).ms);
rows.push(['create draft, number by hand', stats(drafts)]);
console.log(rows.at(-1)!.join(' '));
const issued: number[] = [];
const ids: string[] = [];
for (let i = 0; i < REQUESTS; i++) {
  const { ms, json } = await call('POST', '/v1/invoices', invoiceBody(i, { status: 'issued' }));
  issued.push(ms);
  ids.push(json.id as string);
}
rows.push(['create issued, from the sequence', stats(issued)]);
console.log(rows.at(-1)!.join(' '));
const WRITERS = 10;
const concurrent: number[] = [];
let refused = 0;
const start = performance.now();
await Promise.all(
  Array.from({ length: WRITERS }, async (_, w) => {
    for (let i = 0; i < REQUESTS / WRITERS; i++) {
      try {
        concurrent.push((await call('POST', '/v1/invoices', invoiceBody(i + w, { status: 'issued' }))).ms);
      } catch {
        refused += 1;
      }
    }
  }),
);
const concurrentMs = performance.now() - start;
rows.push([`create issued, ${WRITERS} writers at once`, `${stats(concurrent)} (max ${Math.max(...concurrent).toFixed(0)} ms, ${refused} answered 503)`]);
const gets: number[] = [];
for (let i = 0; i < REQUESTS; i++) gets.push((await call('GET', `/v1/invoices/${ids[(i * 7919) % ids.length]}`)).ms);
rows.push(['get an invoice', stats(gets)]);
for (const [label, query] of [
  ['list page (25), no filter', ''],
  ['list page (25), overdue', '&status=overdue'],
  ['list page (25), one client', `&clientId=${clientIds[3]}`],
] as const) {
  const samples: number[] = [];
  for (let i = 0; i < REQUESTS; i++) samples.push((await call('GET', `/v1/invoices?limit=25${query}`)).ms);
  rows.push([label, stats(samples)]);
}
const last = await deps.invoices.lastNumber(tenantId);
console.log(`\n${'operation (local HTTP API)'.padEnd(36)} p50 / p95`);
for (const [label, figure] of rows) console.log(`${label.padEnd(36)} ${figure}`);
console.log(
  `\n${REQUESTS} issued creates by ${WRITERS} concurrent writers: ${(concurrentMs / 1000).toFixed(2)} s (${(concurrentMs / REQUESTS).toFixed(1)} ms per invoice); sequence now ${last} (expected ${2 * REQUESTS - refused}: no gap)`,
);
await runtime.stop();
