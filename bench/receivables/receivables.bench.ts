/**
 * Delinquency reads through the local HTTP API on the embedded stack (in-memory DynamoDB Local), with and
 * without the paid history, in one run.
 *
 * The tenant is real: created with its time zone and currency, an admin (level 1) whose token comes from
 * `claimsForUser`, and 20 categories. Creating all 5,000 clients through the client use case takes more than
 * 2 minutes here (~35 a second, 50 at a time, on the shared 2-core machine), so a sample of --real-clients (500) is created through `createClient`
 * (every 10th without a category: "Sin info") and the per-client routes read only those (they pass their
 * scope check); the other clients exist only in the aggregates, under synthetic ids, in the same categories.
 * Two such tenants get the same open book: their invoices' aggregates are seeded under those client and
 * category ids through the aggregate store's own write path (`apply`: whole clients per transaction, 8
 * writers), since that is all the reads depend on: 50,000 open invoices over the last two years, compacted.
 * Then one of them also gets 200,000 paid ones over five years — 195,000 written already paid (an import) and
 * 5,000 issued then paid (two writes each, so they leave the zero counters real payments leave) — and both
 * are measured before and after that tenant's compaction. Requests alternate between the two tenants, so the
 * load of this shared machine, which drifts over a run of half an hour, weighs on both sides alike: the ratio
 * (with paid / open only) shows what the paid history costs, not what the machine did meanwhile.
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

/** A deterministic spread of amounts (CLP) and dates without a random source. */
const spread = (i: number, mod: number) => ((i * 2_654_435_761) >>> 0) % mod;

/**
 * One bench tenant: its admin, its categories and clients. Two are seeded with the same open book; only
 * `paid` then gets the paid history, so `open` is the control measured in alternation with it.
 */
interface BenchTenant {
  tenantId: string;
  actor: Awaited<ReturnType<typeof benchAdmin>>['actor'];
  call: ReturnType<typeof apiCaller>;
  categoryIds: string[];
  clientIds: string[];
}

async function benchTenant(label: string): Promise<BenchTenant> {
  const tenantId = `bench-ar-${label}-${Date.now()}`;
  await createBenchTenant(deps, tenantId);
  const { actor, headers } = await benchAdmin(runtime, tenantId, ['invoices.manage', 'payments.manage']);
  return { tenantId, actor, call: apiCaller(runtime, headers), categoryIds: [], clientIds: [] };
}

const categoryOf = (t: BenchTenant, n: number) => (n % 10 === 0 ? NO_CATEGORY : t.categoryIds[n % 20]!);

async function seedClients(t: BenchTenant) {
  const started = performance.now();
  for (let c = 0; c < 20; c++) t.categoryIds.push((await createCatalogEntry(deps)(t.actor, 'category', { name: `Categoría ${c + 1}` })).id);
  for (let n = 0; n < REAL_CLIENTS; n += 50) {
    const batch = Array.from({ length: Math.min(50, REAL_CLIENTS - n) }, (_, k) => n + k);
    const created = await Promise.all(
      batch.map((m) =>
        createClient(deps)(t.actor, NewClient.parse({ personType: 'other', name: `Cliente ${m}`, ...(m % 10 === 0 ? {} : { categoryId: categoryOf(t, m) }) })),
      ),
    );
    t.clientIds.push(...created.map((c) => c.id));
  }
  for (let n = REAL_CLIENTS; n < CLIENTS; n++) t.clientIds.push(`agg-only-${n}`);
  console.log(`  ${t.tenantId}: 20 categories and ${REAL_CLIENTS} real clients created in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

function invoice(t: BenchTenant, id: string, n: number, issueDate: string, total: number, paidAfter?: number): AggregatedInvoice {
  const base = {
    id,
    clientId: t.clientIds[n]!,
    categoryId: categoryOf(t, n),
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
async function write(t: BenchTenant, changes: InvoiceChange[]) {
  const slices: InvoiceChange[][] = Array.from({ length: WRITERS }, () => []);
  const writerOf = new Map(t.clientIds.map((id, n) => [id, n % WRITERS]));
  for (const change of changes) slices[writerOf.get((change.after ?? change.before)!.clientId)!]!.push(change);
  await Promise.all(
    slices.map(async (slice) => {
      for (let i = 0; i < slice.length; i += 2_000) await store.apply({ tenantId: t.tenantId, invoices: slice.slice(i, i + 2_000) });
    }),
  );
}

async function seedOpen(t: BenchTenant) {
  const started = performance.now();
  await write(
    t,
    Array.from({ length: OPEN }, (_, i) => ({ after: invoice(t, `o${i}`, i % CLIENTS, addDays(today, -spread(i, 730)), 1_000 + spread(i, 2_000_000)) })),
  );
  // A client's invoices reach the store in several transactions, so its oldest due date moves while the book is
  // written and leaves zero counters behind: compact first, so "open only" counts what an open book costs.
  const compacted = await store.compact(t.tenantId, 'CLP');
  console.log(
    `  ${t.tenantId}: ${OPEN} open invoices written in ${((performance.now() - started) / 1000).toFixed(0)} s, then compacted (${compacted.deleted} deleted, ${compacted.trimmed} trimmed)`,
  );
}

async function seedPaid(t: BenchTenant) {
  const started = performance.now();
  const cycled = Math.round(PAID / 40);
  await write(
    t,
    Array.from({ length: PAID - cycled }, (_, i) => ({
      after: invoice(t, `p${i}`, i % CLIENTS, addDays(today, -60 - spread(i + 7, 1_825)), 1_000 + spread(i, 900_000), spread(i, 61)),
    })),
  );
  const issued = Array.from({ length: cycled }, (_, i) =>
    invoice(t, `q${i}`, i % CLIENTS, addDays(today, -60 - spread(i + 3, 1_825)), 1_000 + spread(i, 900_000)),
  );
  await write(
    t,
    issued.map((after) => ({ after })),
  );
  await write(
    t,
    issued.map((before) => ({ before, after: { ...before, status: 'paid', paid: before.balance, balance: 0, paidDate: addDays(before.issueDate, 20) } })),
  );
  console.log(`  ${t.tenantId}: ${PAID} paid invoices written in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** A client with a record (the per-client routes answer 404 for one without). */
const randomClient = (t: BenchTenant, i: number) => t.clientIds[spread(i + 1, REAL_CLIENTS)]!;
const useCases = { aggregates: store, tenants: deps.tenants, clock: deps.clock };
/** Each read: its route, and the use case the route runs, on the counted store (items read). */
const reads: Record<string, { path: (t: BenchTenant, i: number) => string; count: (t: BenchTenant) => Promise<unknown> }> = {
  'GET /v1/receivables/dashboard': { path: () => '/v1/receivables/dashboard', count: (t) => readDashboard(useCases)(t.tenantId) },
  'GET /v1/receivables/ageing?basis=issue': { path: () => '/v1/receivables/ageing?basis=issue', count: (t) => readAgeing(useCases)(t.tenantId, 'issue') },
  'GET /v1/receivables/ageing?basis=due': { path: () => '/v1/receivables/ageing?basis=due', count: (t) => readAgeing(useCases)(t.tenantId, 'due') },
  'GET /v1/clients/{id}/balance': {
    path: (t, i) => `/v1/clients/${randomClient(t, i)}/balance`,
    count: (t) => readClientBalance(useCases)(t.tenantId, randomClient(t, 0)),
  },
  'GET …/receivables-summary?period=all': {
    path: (t, i) => `/v1/clients/${randomClient(t, i)}/receivables-summary?period=all`,
    count: (t) => readClientBalance(useCases)(t.tenantId, randomClient(t, 0), 'all'),
  },
  'GET …/receivables-summary?period=year': {
    path: (t, i) => `/v1/clients/${randomClient(t, i)}/receivables-summary?period=year`,
    count: (t) => readClientBalance(useCases)(t.tenantId, randomClient(t, 0), 'year'),
  },
};
interface Figures {
  p50: number;
  p95: number;
  items: number;
}
type Pair = Record<'open' | 'paid', Figures>;
/**
 * Each read on both tenants in alternation (open, paid, open, paid …), so a change in the machine's load
 * during the run reaches both sides alike and their ratio stays meaningful on a shared machine. Each
 * phase's figures are printed as soon as measured, so a run stopped later still leaves them.
 */
async function measureAll(phase: string, open: BenchTenant, paid: BenchTenant): Promise<Record<string, Pair>> {
  const out: Record<string, Pair> = {};
  for (const [name, read] of Object.entries(reads)) {
    // Warm the JIT and DynamoDB Local first: the first read measured would otherwise pay for both.
    for (let i = 0; i < 5; i++) for (const t of [open, paid]) await t.call('GET', read.path(t, i));
    const times = { open: [] as number[], paid: [] as number[] };
    for (let i = 0; i < REQUESTS; i++) {
      times.open.push((await open.call('GET', read.path(open, i))).ms);
      times.paid.push((await paid.call('GET', read.path(paid, i))).ms);
    }
    const figures = async (t: BenchTenant, samples: number[]): Promise<Figures> => {
      samples.sort((a, b) => a - b);
      itemsRead = 0;
      await read.count(t);
      return { p50: quantile(samples, 0.5), p95: quantile(samples, 0.95), items: itemsRead };
    };
    out[name] = { open: await figures(open, times.open), paid: await figures(paid, times.paid) };
    const f = out[name];
    console.log(
      `  ${phase}: ${name} open only ${f.open.p50.toFixed(1)} / ${f.open.p95.toFixed(1)} ms, ${f.open.items} items; with paid ${f.paid.p50.toFixed(1)} / ${f.paid.p95.toFixed(1)} ms, ${f.paid.items} items`,
    );
  }
  return out;
}

try {
  console.log(
    `today ${today}: two tenants of ${CLIENTS} clients (${REAL_CLIENTS} with a client record) and ${OPEN} open invoices each, then ${PAID} paid on one; ${REQUESTS} requests per read and tenant, alternating`,
  );
  const open = await benchTenant('open');
  const paid = await benchTenant('paid');
  for (const t of [open, paid]) {
    await seedClients(t);
    await seedOpen(t);
  }
  await seedPaid(paid);
  const before = await measureAll('before compaction', open, paid);
  const compactStart = performance.now();
  const compacted = await store.compact(paid.tenantId, 'CLP');
  console.log(
    `  compaction with the paid history: ${compacted.deleted} items deleted, ${compacted.trimmed} trimmed in ${((performance.now() - compactStart) / 1000).toFixed(1)} s`,
  );
  const after = await measureAll('compacted', open, paid);

  const cell = (f: Figures) => `${f.p50.toFixed(1)} / ${f.p95.toFixed(1)} ms, ${f.items} items`.padStart(30);
  const ratio = (x: number, y: number) => (x / Math.max(1e-9, y)).toFixed(2);
  const ratios = (p: Pair) => `${ratio(p.paid.p50, p.open.p50)}, ${ratio(p.paid.p95, p.open.p95)}, ${ratio(p.paid.items, Math.max(1, p.open.items))}`;
  console.log(
    `\n${'read (local HTTP API), p50 / p95'.padEnd(40)} ${'open only'.padStart(30)} ${'+ paid, compacted'.padStart(30)} ${'ratio p50, p95, items'.padStart(22)}   before compaction: ${'open only'.padStart(30)} ${'+ paid'.padStart(30)} ${'ratio'.padStart(18)}`,
  );
  for (const name of Object.keys(reads)) {
    const [b, a] = [before[name]!, after[name]!];
    console.log(
      `${name.padEnd(40)} ${cell(a.open)} ${cell(a.paid)} ${ratios(a).padStart(22)}   ${' '.repeat(19)}${cell(b.open)} ${cell(b.paid)} ${ratios(b).padStart(18)}`,
    );
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
    const clientId = paid.clientIds[spread(i + 11, REAL_CLIENTS)]!;
    const created = await paid.call('POST', '/v1/invoices', invoiceBody(clientId, i));
    creates.push(created.ms);
    const allocations = [{ invoiceId: created.json.id, amount: 10_000 + i }];
    payments.push((await paid.call('POST', '/v1/payments', { clientId, amount: 10_000 + i, method: 'transfer', allocations })).ms);
  }
  const clientId = paid.clientIds[1]!;
  const invoice1 = await createInvoice(deps)(paid.actor, NewInvoice.parse(invoiceBody(clientId, 0)));
  const invoiceItems = itemsWritten;
  await recordClientPayment(deps)(
    paid.actor,
    NewPayment.parse({ clientId, amount: 10_000, method: 'cash', allocations: [{ invoiceId: invoice1.id, amount: 10_000 }] }),
  );
  const paymentItems = itemsWritten;
  console.log(`\n${'write (local HTTP API)'.padEnd(40)} ${'p50 / p95'.padEnd(22)} items in its one transaction`);
  console.log(`${'POST /v1/invoices (issued, 1 line)'.padEnd(40)} ${stats(creates).padEnd(22)} ${invoiceItems}`);
  console.log(`${'POST /v1/payments (1 invoice)'.padEnd(40)} ${stats(payments).padEnd(22)} ${paymentItems}`);
} finally {
  await runtime.stop();
}
