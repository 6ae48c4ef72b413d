/**
 * Delinquency reads on the embedded stack (in-memory DynamoDB Local), with and without the paid history.
 *
 * Seeds a tenant with 5,000 clients (20 categories, every 10th client uncategorized) and 50,000 open
 * invoices over the last two years, and measures the dashboard, the ageing tables and one client's balance
 * with its blocks (p50/p95, items read). Then adds 200,000 paid invoices over five years — 195,000 written
 * already paid (an import) and 5,000 issued then paid (two writes each, so they leave behind the zero
 * counters real payments leave) — and measures the same reads again, before and after compaction: the
 * open book is the same, so the ratio shows what the paid history costs. Everything goes through the
 * aggregate store's own write path (`apply`: whole clients per transaction, 8 writers). Also one invoice
 * issue and one payment through the store (p50, items in their transaction).
 *   npm run bench:receivables [-- --clients 5000 --open 50000 --paid 200000 --requests 40]
 */
import type { Currency } from '../../domain/receivables/money.ts';
import type { AggregatedInvoice, InvoiceChange } from '../../domain/receivables/client-receivables.ts';
import { readAgeing, readClientBalance, readDashboard } from '../../domain/receivables/delinquency.use-cases.ts';
import { addDays, tenantToday } from '../../domain/receivables/local-date.ts';
import { dynamoReceivablesAggregates } from '../../functions/adapters/dynamodb/receivables-aggregates.store.ts';
import { startLocalRuntime } from '../../scripts/local/runtime.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const CLIENTS = arg('clients', 5_000);
const OPEN = arg('open', 50_000);
const PAID = arg('paid', 200_000);
const REQUESTS = arg('requests', 40);
const WRITERS = 8;
const ZONE = 'America/Santiago';

const runtime = await startLocalRuntime({ port: 0, schedules: false, log: () => undefined });
const { deps } = runtime;
let itemsRead = 0;
const store = dynamoReceivablesAggregates(deps.document, deps.config.tableName, (n) => {
  itemsRead += n;
});
const today = tenantToday(deps.clock, ZONE);

const categoryOf = (n: number) => (n % 10 === 0 ? 'none' : `cat${String((n % 20) + 1).padStart(2, '0')}`);
const clientId = (n: number) => `c${String(n).padStart(5, '0')}`;
/** A deterministic spread of amounts (CLP) and dates without a random source, so both tenants get the same book. */
const spread = (i: number, mod: number) => ((i * 2_654_435_761) >>> 0) % mod;

function invoice(id: string, n: number, issueDate: string, total: number, paidAfter?: number): AggregatedInvoice {
  const base = {
    id,
    clientId: clientId(n),
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
async function write(tenantId: string, changes: InvoiceChange[]) {
  const slices: InvoiceChange[][] = Array.from({ length: WRITERS }, () => []);
  for (const change of changes) {
    const owner = (change.after ?? change.before)!;
    slices[Number(owner.clientId.slice(1)) % WRITERS]!.push(change);
  }
  await Promise.all(
    slices.map(async (slice) => {
      for (let i = 0; i < slice.length; i += 2_000) await store.apply({ tenantId, invoices: slice.slice(i, i + 2_000) });
    }),
  );
}

async function seedOpen(tenantId: string) {
  const at = new Date().toISOString();
  await deps.tenants.createIfAbsent({
    id: tenantId,
    name: tenantId,
    country: 'CL',
    currency: 'CLP',
    timeZone: ZONE,
    locale: 'es',
    mailHour: 9,
    version: 1,
    createdAt: at,
    updatedAt: at,
  });
  const started = performance.now();
  const open = Array.from({ length: OPEN }, (_, i) => ({
    after: invoice(`o${i}`, i % CLIENTS, addDays(today, -spread(i, 730)), 1_000 + spread(i, 2_000_000)),
  }));
  await write(tenantId, open);
  console.log(`  ${OPEN} open invoices written in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

async function seedPaid(tenantId: string) {
  const started = performance.now();
  const cycled = Math.round(PAID / 40);
  const paid = Array.from({ length: PAID - cycled }, (_, i) => ({
    after: invoice(`p${i}`, i % CLIENTS, addDays(today, -60 - spread(i + 7, 1_825)), 1_000 + spread(i, 900_000), spread(i, 61)),
  }));
  await write(tenantId, paid);
  const issued = Array.from({ length: cycled }, (_, i) =>
    invoice(`q${i}`, i % CLIENTS, addDays(today, -60 - spread(i + 3, 1_825)), 1_000 + spread(i, 900_000)),
  );
  await write(
    tenantId,
    issued.map((after) => ({ after })),
  );
  await write(
    tenantId,
    issued.map((before) => ({ before, after: { ...before, status: 'paid', paid: before.balance, balance: 0, paidDate: addDays(before.issueDate, 20) } })),
  );
  console.log(`  ${PAID} paid invoices written in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
async function measure(run: (i: number) => Promise<unknown>) {
  const times: number[] = [];
  const items: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    itemsRead = 0;
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
    items.push(itemsRead);
  }
  times.sort((a, b) => a - b);
  items.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95), items: quantile(items, 0.5) };
}

const useCases = { aggregates: store, tenants: deps.tenants, clock: deps.clock };
const reads = {
  dashboard: (t: string) => () => readDashboard(useCases)(t),
  'ageing (days past due)': (t: string) => () => readAgeing(useCases)(t, 'due'),
  'ageing (days since issue)': (t: string) => () => readAgeing(useCases)(t, 'issue'),
  'client balance + blocks (all)': (t: string) => (i: number) => readClientBalance(useCases)(t, clientId(spread(i, CLIENTS))),
  'client balance + blocks (year)': (t: string) => (i: number) => readClientBalance(useCases)(t, clientId(spread(i, CLIENTS)), 'year'),
};
type Figures = Awaited<ReturnType<typeof measure>>;
async function measureAll(tenantId: string) {
  const out: Record<string, Figures> = {};
  for (const [name, read] of Object.entries(reads)) {
    // Warm the JIT and DynamoDB Local first: the first phase measured would otherwise pay for both.
    for (let i = 0; i < 10; i++) await read(tenantId)(i);
    out[name] = await measure(read(tenantId));
  }
  return out;
}

try {
  const full = `bench-ar-${Date.now()}`;
  console.log(`today ${today}: ${CLIENTS} clients, ${OPEN} open invoices, then ${PAID} paid`);
  await seedOpen(full);
  // A client's invoices reach the store in several transactions, so its oldest due date moves while the book is
  // written and leaves zero counters behind: compact first, so "open only" counts what an open book costs.
  const openCompacted = await store.compact(full, 'CLP');
  console.log(`compaction after the open book: ${openCompacted.deleted} items deleted, ${openCompacted.trimmed} trimmed`);
  const without = await measureAll(full);
  await seedPaid(full);
  const before = await measureAll(full);
  const compactStart = performance.now();
  const compacted = await store.compact(full, 'CLP');
  console.log(
    `compaction of the paid tenant: ${compacted.deleted} items deleted, ${compacted.trimmed} trimmed in ${((performance.now() - compactStart) / 1000).toFixed(1)} s`,
  );
  const after = await measureAll(full);

  const cell = (f: Figures) => `${f.p50.toFixed(1)} / ${f.p95.toFixed(1)} ms, ${f.items} items`.padStart(30);
  console.log(
    `\n${'read (use case over the store)'.padEnd(32)} ${'open only'.padStart(30)} ${'+ paid, before compaction'.padStart(30)} ${'+ paid, compacted'.padStart(30)}  ratio p50 (compacted)`,
  );
  for (const name of Object.keys(reads)) {
    const [w, b, a] = [without[name]!, before[name]!, after[name]!];
    console.log(`${name.padEnd(32)} ${cell(w)} ${cell(b)} ${cell(a)}  ${(a.p50 / w.p50).toFixed(2)} (items ${(a.items / Math.max(1, w.items)).toFixed(2)})`);
  }

  // One write each through the store, on the paid tenant: a new issued invoice, then its payment.
  const issueTimes: number[] = [];
  const payTimes: number[] = [];
  let issueItems = 0;
  let payItems = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const inv = invoice(`w${i}`, spread(i + 11, CLIENTS), today, 5_000 + i);
    issueItems = (await store.prepare({ tenantId: full, invoices: [{ after: inv }] })).length;
    let start = performance.now();
    await store.apply({ tenantId: full, invoices: [{ after: inv }] });
    issueTimes.push(performance.now() - start);
    const paid = { ...inv, status: 'paid' as const, paid: inv.balance, balance: 0, paidDate: today };
    payItems = (await store.prepare({ tenantId: full, invoices: [{ before: inv, after: paid }] })).length;
    start = performance.now();
    await store.apply({ tenantId: full, invoices: [{ before: inv, after: paid }] });
    payTimes.push(performance.now() - start);
  }
  issueTimes.sort((a, b) => a - b);
  payTimes.sort((a, b) => a - b);
  console.log(
    `\naggregate part of an invoice issue: p50 ${quantile(issueTimes, 0.5).toFixed(1)} ms, ${issueItems} transaction items (client read + transaction)`,
  );
  console.log(`aggregate part of a payment of one invoice: p50 ${quantile(payTimes, 0.5).toFixed(1)} ms, ${payItems} transaction items`);
} finally {
  await runtime.stop();
}
