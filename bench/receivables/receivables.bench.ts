/**
 * Delinquency reads through the local HTTP API on the embedded stack (in-memory DynamoDB Local), with and
 * without the paid history, in one run.
 *
 * The tenant is real: created with its time zone and currency, an admin (level 1) whose token comes from
 * `claimsForUser`, and 20 categories. Creating all 5,000 clients through the client use case takes more than
 * 2 minutes here (~35 a second, 50 at a time, on the shared 2-core machine), so a sample of --real-clients (500) is created through `createClient`
 * (every 10th without a category: "Sin info") and the per-client routes read only those (they pass their
 * scope check); the other clients exist only in the aggregates, under synthetic ids, in the same categories.
 * The invoices' aggregates are seeded under those client and category ids through the aggregate store's
 * own write path (`apply`: whole clients per transaction, 8 writers), since that is all the reads depend on:
 * 50,000 open invoices over the last two years, compacted, then measured; then 200,000 paid ones over five
 * years — 195,000 written already paid (an import) and 5,000 issued then paid (two writes each, so they leave
 * the zero counters real payments leave) — measured before and after compaction. The open book is the same,
 * so the ratio (paid, compacted / open only) shows what the paid history costs.
 * Each read is timed on its route (GET /v1/receivables/dashboard, /v1/receivables/ageing?basis=issue|due,
 * /v1/clients/{id}/balance, /v1/clients/{id}/receivables-summary?period=year|all; p50/p95 over --requests
 * calls, a random client each). The API builds its own store, so items read are counted by running the same
 * use case once on a store with a counter, on the same table.
 * Then invoice create (issued) and payment of that invoice through HTTP (p50/p95), and the items each puts in
 * its one transaction (the same use cases run once on the bench's dependencies, their TransactWriteItems counted).
 *   npm run bench:receivables [-- --clients 5000 --real-clients 500 --open 50000 --paid 200000 --requests 40]
 */
import { createCatalogEntry } from '../../domain/clients/catalog.use-cases.ts';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { NO_CATEGORY } from '../../domain/receivables/ageing.ts';
import type { AggregatedInvoice, InvoiceChange } from '../../domain/receivables/client-receivables.ts';
import { readAgeing, readClientBalance, readDashboard } from '../../domain/receivables/delinquency.use-cases.ts';
import { NewInvoice } from '../../domain/receivables/invoice.ts';
import { createInvoice } from '../../domain/receivables/invoice.use-cases.ts';
import { addDays, tenantToday } from '../../domain/receivables/local-date.ts';
import type { Currency } from '../../domain/receivables/money.ts';
import { NewPayment } from '../../domain/receivables/payment.ts';
import { recordClientPayment } from '../../domain/receivables/payment.use-cases.ts';
import { dynamoReceivablesAggregates } from '../../functions/adapters/dynamodb/receivables-aggregates.store.ts';
import { startLocalRuntime } from '../../scripts/local/runtime.ts';
import { apiCaller, BENCH_ZONE, benchAdmin, createBenchTenant, quantile, stats } from '../support/local-api.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const CLIENTS = arg('clients', 5_000);
const OPEN = arg('open', 50_000);
const PAID = arg('paid', 200_000);
const REAL_CLIENTS = Math.min(CLIENTS, arg('real-clients', 500));
const REQUESTS = arg('requests', 40);
const WRITERS = 8;

const runtime = await startLocalRuntime({ port: 0, schedules: false, log: () => undefined });
const { deps } = runtime;
let itemsRead = 0;
const store = dynamoReceivablesAggregates(deps.document, deps.config.tableName, (n) => {
  itemsRead += n;
});
/** Items of the last TransactWriteItems sent on the bench's own client (the API's functions have theirs). */
let itemsWritten = 0;
deps.document.middlewareStack.add(
  (next) => async (args) => {
    const items = (args.input as { TransactItems?: unknown[] }).TransactItems;
    if (items) itemsWritten = items.length;
    return next(args);
  },
  { step: 'initialize', name: 'benchTransactItems' },
);
const today = tenantToday(deps.clock, BENCH_ZONE);
const tenantId = `bench-ar-${Date.now()}`;
await createBenchTenant(deps, tenantId);
const { actor, headers } = await benchAdmin(runtime, tenantId, ['invoices.manage', 'payments.manage']);
const call = apiCaller(runtime, headers);

/** A deterministic spread of amounts (CLP) and dates without a random source. */
const spread = (i: number, mod: number) => ((i * 2_654_435_761) >>> 0) % mod;
const categoryIds: string[] = [];
const clientIds: string[] = [];
const categoryOf = (n: number) => (n % 10 === 0 ? NO_CATEGORY : categoryIds[n % 20]!);

async function seedClients() {
  const started = performance.now();
  for (let c = 0; c < 20; c++) categoryIds.push((await createCatalogEntry(deps)(actor, 'category', { name: `Categoría ${c + 1}` })).id);
  for (let n = 0; n < REAL_CLIENTS; n += 50) {
    const batch = Array.from({ length: Math.min(50, REAL_CLIENTS - n) }, (_, k) => n + k);
    const created = await Promise.all(
      batch.map((m) =>
        createClient(deps)(actor, NewClient.parse({ personType: 'other', name: `Cliente ${m}`, ...(m % 10 === 0 ? {} : { categoryId: categoryOf(m) }) })),
      ),
    );
    clientIds.push(...created.map((c) => c.id));
  }
  for (let n = REAL_CLIENTS; n < CLIENTS; n++) clientIds.push(`agg-only-${n}`);
  console.log(`  20 categories and ${REAL_CLIENTS} real clients created in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

function invoice(id: string, n: number, issueDate: string, total: number, paidAfter?: number): AggregatedInvoice {
  const base = {
    id,
    clientId: clientIds[n]!,
    categoryId: categoryOf(n),
    currency: 'CLP' as Currency,
    issueDate,
    dueDate: addDays(issueDate, 30),
    totals: { net: total, tax: 0, total },
    credited: 0,
  };
  return paidAfter === undefined
    ? { ...base, status: 'issued', paid: 0, balance: total }
    : { ...base, status: 'paid', paid: total, balance: 0, paidDate: addDays(issueDate, paidAfter) };
}

/** Applies the changes with WRITERS concurrent `apply` calls, each over its own clients (a client's changes stay in order). */
async function write(changes: InvoiceChange[]) {
  const slices: InvoiceChange[][] = Array.from({ length: WRITERS }, () => []);
  const writerOf = new Map(clientIds.map((id, n) => [id, n % WRITERS]));
  for (const change of changes) slices[writerOf.get((change.after ?? change.before)!.clientId)!]!.push(change);
  await Promise.all(
    slices.map(async (slice) => {
      for (let i = 0; i < slice.length; i += 2_000) await store.apply({ tenantId, invoices: slice.slice(i, i + 2_000) });
    }),
  );
}

async function seedOpen() {
  const started = performance.now();
  await write(
    Array.from({ length: OPEN }, (_, i) => ({ after: invoice(`o${i}`, i % CLIENTS, addDays(today, -spread(i, 730)), 1_000 + spread(i, 2_000_000)) })),
  );
  console.log(`  ${OPEN} open invoices written in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

async function seedPaid() {
  const started = performance.now();
  const cycled = Math.round(PAID / 40);
  await write(
    Array.from({ length: PAID - cycled }, (_, i) => ({
      after: invoice(`p${i}`, i % CLIENTS, addDays(today, -60 - spread(i + 7, 1_825)), 1_000 + spread(i, 900_000), spread(i, 61)),
    })),
  );
  const issued = Array.from({ length: cycled }, (_, i) =>
    invoice(`q${i}`, i % CLIENTS, addDays(today, -60 - spread(i + 3, 1_825)), 1_000 + spread(i, 900_000)),
  );
  await write(issued.map((after) => ({ after })));
  await write(
    issued.map((before) => ({ before, after: { ...before, status: 'paid', paid: before.balance, balance: 0, paidDate: addDays(before.issueDate, 20) } })),
  );
  console.log(`  ${PAID} paid invoices written in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** A client with a record (the per-client routes answer 404 for one without). */
const randomClient = (i: number) => clientIds[spread(i + 1, REAL_CLIENTS)]!;
const useCases = { aggregates: store, tenants: deps.tenants, clock: deps.clock };
/** Each read: its route, and the use case the route runs, on the counted store (items read). */
const reads: Record<string, { path: (i: number) => string; count: () => Promise<unknown> }> = {
  'GET /v1/receivables/dashboard': { path: () => '/v1/receivables/dashboard', count: () => readDashboard(useCases)(tenantId) },
  'GET /v1/receivables/ageing?basis=issue': { path: () => '/v1/receivables/ageing?basis=issue', count: () => readAgeing(useCases)(tenantId, 'issue') },
  'GET /v1/receivables/ageing?basis=due': { path: () => '/v1/receivables/ageing?basis=due', count: () => readAgeing(useCases)(tenantId, 'due') },
  'GET /v1/clients/{id}/balance': {
    path: (i) => `/v1/clients/${randomClient(i)}/balance`,
    count: () => readClientBalance(useCases)(tenantId, randomClient(0)),
  },
  'GET …/receivables-summary?period=all': {
    path: (i) => `/v1/clients/${randomClient(i)}/receivables-summary?period=all`,
    count: () => readClientBalance(useCases)(tenantId, randomClient(0), 'all'),
  },
  'GET …/receivables-summary?period=year': {
    path: (i) => `/v1/clients/${randomClient(i)}/receivables-summary?period=year`,
    count: () => readClientBalance(useCases)(tenantId, randomClient(0), 'year'),
  },
};
interface Figures {
  p50: number;
  p95: number;
  items: number;
}
/** Each phase's figures are printed as soon as measured, so a run stopped later still leaves them. */
async function measureAll(phase: string): Promise<Record<string, Figures>> {
  const out: Record<string, Figures> = {};
  for (const [name, read] of Object.entries(reads)) {
    // Warm the JIT and DynamoDB Local first: the first phase measured would otherwise pay for both.
    for (let i = 0; i < 5; i++) await call('GET', read.path(i));
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) times.push((await call('GET', read.path(i))).ms);
    times.sort((a, b) => a - b);
    itemsRead = 0;
    await read.count();
    out[name] = { p50: quantile(times, 0.5), p95: quantile(times, 0.95), items: itemsRead };
    console.log(`  ${phase}: ${name} ${out[name].p50.toFixed(1)} / ${out[name].p95.toFixed(1)} ms, ${itemsRead} items`);
  }
  return out;
}

try {
  console.log(
    `today ${today}: ${CLIENTS} clients (${REAL_CLIENTS} with a client record), ${OPEN} open invoices, then ${PAID} paid; ${REQUESTS} requests per read`,
  );
  await seedClients();
  await seedOpen();
  // A client's invoices reach the store in several transactions, so its oldest due date moves while the book is
  // written and leaves zero counters behind: compact first, so "open only" counts what an open book costs.
  const openCompacted = await store.compact(tenantId, 'CLP');
  console.log(`  compaction after the open book: ${openCompacted.deleted} items deleted, ${openCompacted.trimmed} trimmed`);
  const without = await measureAll('open only');
  await seedPaid();
  const before = await measureAll('+ paid, before compaction');
  const compactStart = performance.now();
  const compacted = await store.compact(tenantId, 'CLP');
  console.log(
    `  compaction with the paid history: ${compacted.deleted} items deleted, ${compacted.trimmed} trimmed in ${((performance.now() - compactStart) / 1000).toFixed(1)} s`,
  );
  const after = await measureAll('+ paid, compacted');

  const cell = (f: Figures) => `${f.p50.toFixed(1)} / ${f.p95.toFixed(1)} ms, ${f.items} items`.padStart(30);
  console.log(
    `\n${'read (local HTTP API), p50 / p95'.padEnd(40)} ${'open only'.padStart(30)} ${'+ paid, before compaction'.padStart(30)} ${'+ paid, compacted'.padStart(30)}  ratio with / without: p50, p95, items`,
  );
  for (const name of Object.keys(reads)) {
    const [w, b, a] = [without[name]!, before[name]!, after[name]!];
    const ratio = (x: number, y: number) => (x / Math.max(1e-9, y)).toFixed(2);
    console.log(`${name.padEnd(40)} ${cell(w)} ${cell(b)} ${cell(a)}  ${ratio(a.p50, w.p50)}, ${ratio(a.p95, w.p95)}, ${ratio(a.items, Math.max(1, w.items))}`);
  }

  // Writes through HTTP on the paid tenant: an issued invoice for a client, then a payment of it.
  const creates: number[] = [];
  const payments: number[] = [];
  const invoiceBody = (clientId: string, i: number) => ({
    clientId,
    status: 'issued',
    issueDate: today,
    dueDate: addDays(today, 30),
    lines: [{ description: 'Servicio', quantity: 1, unitPrice: 10_000 + i, taxRate: 0 }],
  });
  for (let i = 0; i < REQUESTS; i++) {
    const clientId = clientIds[spread(i + 11, REAL_CLIENTS)]!;
    const created = await call('POST', '/v1/invoices', invoiceBody(clientId, i));
    creates.push(created.ms);
    const allocations = [{ invoiceId: created.json.id, amount: 10_000 + i }];
    payments.push((await call('POST', '/v1/payments', { clientId, amount: 10_000 + i, method: 'transfer', allocations })).ms);
  }
  const clientId = clientIds[1]!;
  const invoice1 = await createInvoice(deps)(actor, NewInvoice.parse(invoiceBody(clientId, 0)));
  const invoiceItems = itemsWritten;
  await recordClientPayment(deps)(
    actor,
    NewPayment.parse({ clientId, amount: 10_000, method: 'cash', allocations: [{ invoiceId: invoice1.id, amount: 10_000 }] }),
  );
  const paymentItems = itemsWritten;
  console.log(`\n${'write (local HTTP API)'.padEnd(40)} ${'p50 / p95'.padEnd(22)} items in its one transaction`);
  console.log(`${'POST /v1/invoices (issued, 1 line)'.padEnd(40)} ${stats(creates).padEnd(22)} ${invoiceItems}`);
  console.log(`${'POST /v1/payments (1 invoice)'.padEnd(40)} ${stats(payments).padEnd(22)} ${paymentItems}`);
} finally {
  await runtime.stop();
}
