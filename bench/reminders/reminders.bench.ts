/**
 * The collections engine's costs on the embedded stack (in-memory DynamoDB Local, the SES emulator, the local
 * Lambda Invoke API), all started by the bench as `npm start` does:
 *
 * 1. --tenants tenants (1,000), each with a client and three invoices due on plan days, planned in one tick of
 *    the catalogued collections-planner: the tick reads the due index and invokes the same function through
 *    the local Invoke API (one asynchronous invocation per 25 tenants, --lambda-concurrency at once here).
 * 2. Planning a tenant with --open open invoices (50,000) while --paid paid invoices (1,000,000) of the same
 *    tenant are in the table, against a control tenant with the same open book and none paid: the planner's
 *    reads and rendering (`computeDay`) timed alternately on both, so this shared machine's drifting load
 *    weighs on both alike. The ratio (with paid / without) is the figure; target ≤ 1.2. The day is a Monday
 *    with a weekly statement, so the run reads every open invoice due up to the due-soon horizon: the whole
 *    open index, never the paid ones (the index is sparse).
 * 3. Planning throughput: the same day planned for real (messages written once each), messages per second.
 * 4. Dispatch throughput: the outbox (steps 1 and 3) sent through the outbox dispatcher to the SES emulator,
 *    paced at --rate per second for one 60 s run, then unpaced for up to --unpaced-seconds; the emulator's
 *    store is counted against what the dispatchers reported sent, and for doubles.
 *
 *   npm run bench:reminders [-- --open 50000 --paid 1000000 --clients 1000 --tenants 1000 --rate 20 --rounds 3 --phases 1,2,3,4]
 */
import { loadavg } from 'node:os';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { NewClient } from '../../domain/clients/client.schema.ts';
import type { CollectionsSettings } from '../../domain/collections/collections.schema.ts';
import { computeDay, PLANNER_LEASE_MS, planTenant, scheduleTenantPlanning } from '../../domain/collections/plan-tenant.use-case.ts';
import type { PlannerState } from '../../domain/collections/planner-ports.ts';
import { addDays } from '../../domain/receivables/local-date.ts';
import { Permission, type Actor } from '../../domain/shared/actor.ts';
import { dynamoCollectionRecheck } from '../../functions/adapters/dynamodb/collection-recheck.ts';
import { dynamoCollectionsSettingsStore } from '../../functions/adapters/dynamodb/collections-settings.store.ts';
import { headerItem } from '../../functions/adapters/dynamodb/invoice-items.ts';
import { findFunction } from '../../functions/catalogue.ts';
import { createCollectionsPlanner } from '../../functions/schedule/collections-planner.ts';
import { createOutboxDispatcher } from '../../functions/schedule/outbox-dispatcher.ts';
import { plannerDependencies } from '../../functions/wiring/collections-planner.ts';
import { pacedMailer } from '../../functions/wiring/mailer.ts';
import { invokeFunction } from '../../scripts/local/handlers.ts';
import { startLocalRuntime } from '../../scripts/local/runtime.ts';
import { scheduledEvent } from '../../scripts/local/scheduler.ts';
import { createBenchTenant } from '../support/local-api.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const OPEN = arg('open', 50_000);
const PAID = arg('paid', 1_000_000);
const CLIENTS = arg('clients', 1_000);
const TENANTS = arg('tenants', 1_000);
const RATE = arg('rate', 20);
const ROUNDS = arg('rounds', 3);
const LAMBDA_CONCURRENCY = arg('lambda-concurrency', 4);
const UNPACED_SECONDS = arg('unpaced-seconds', 120);
/** `--phases 1` runs the fan-out tick alone, `--phases 2,3,4` the others (in order; 3 and 4 need 2). */
const PHASES = new Set((process.argv.includes('--phases') ? process.argv[process.argv.indexOf('--phases') + 1]! : '1,2,3,4').split(','));
/** BatchWriteItem requests in flight while seeding. */
const WRITERS = arg('writers', 16);

/** Monday 2026-12-14, 09:05 in Santiago (UTC−3): a business day, the weekly statement's day. */
const DAY = '2026-12-14';
const AT = '2026-12-14T12:05:00.000Z';
// The catalogued planner (step 1) runs at that instant: the local clock is read at its cold start.
process.env.LOCAL_CLOCK_AT = AT;

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** A deterministic spread without a random source. */
const spread = (i: number, mod: number) => ((i * 2_654_435_761) >>> 0) % mod;
/** `fn` over `xs`, 20 at a time, each tried up to 5 times: the bench's own reads must not fail on the loaded emulator. */
async function eachSteady<T, R>(xs: readonly T[], fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < xs.length; i += 20) {
    out.push(
      ...(await Promise.all(
        xs.slice(i, i + 20).map(async (x) => {
          for (let attempt = 1; ; attempt++) {
            try {
              return await fn(x);
            } catch (error) {
              if (attempt >= 5) throw error;
              await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
            }
          }
        }),
      )),
    );
  }
  return out;
}

const runtime = await startLocalRuntime({ port: 0, schedules: false, log: () => undefined, lambdaConcurrency: LAMBDA_CONCURRENCY });
const { deps } = runtime;
const clock = { now: () => new Date(AT) };
const planner = plannerDependencies({ ...deps, clock });
const settingsStore = dynamoCollectionsSettingsStore(deps.data);
console.log(`reminders bench: ${OPEN} open, ${PAID} paid, ${CLIENTS} clients, ${TENANTS} fan-out tenants; load average ${load()}`);

const weeklyStatement = (): CollectionsSettings => ({
  reminders: {
    due_soon: { enabled: true, daysBefore: 3 },
    due_today: { enabled: true },
    overdue: { enabled: true, daysAfter: 1, everyDays: 7, maxTimes: 4 },
    statement: { enabled: true, frequency: 'weekly', weekday: 1 },
    payment_received: { enabled: true },
  },
  businessDaysOnly: true,
  version: 1,
});

const adminOf = (tenantId: string): Actor => ({ tenantId, userId: 'bench-admin', accessLevel: 1, permissions: [...Permission.options] });

async function clientsOf(tenantId: string, n: number): Promise<string[]> {
  const actor = adminOf(tenantId);
  const ids: string[] = [];
  for (let i = 0; i < n; i += 25) {
    const created = await Promise.all(
      Array.from({ length: Math.min(25, n - i) }, (_, k) =>
        createClient(deps)(actor, NewClient.parse({ personType: 'other', name: `Cliente ${i + k}`, email: `c${i + k}@${tenantId}.bench` })),
      ),
    );
    ids.push(...created.map((c) => c.id));
  }
  return ids;
}

/** An invoice header as the repository writes it (no lines item: the planner never reads lines). */
function invoice(tenantId: string, id: string, clientId: string, dueDate: string, total: number, paid: boolean) {
  const at = `${addDays(dueDate, -30)}T12:00:00.000Z`;
  return headerItem({
    tenantId,
    id,
    clientId,
    number: `F-${id}`,
    status: paid ? 'paid' : 'issued',
    issueDate: addDays(dueDate, -30),
    dueDate,
    currency: 'CLP',
    totals: { net: total, tax: 0, total },
    paid: paid ? total : 0,
    credited: 0,
    balance: paid ? 0 : total,
    ...(paid ? { paidDate: addDays(dueDate, -spread(total, 20)) } : {}),
    lines: [],
    version: 1,
    createdAt: at,
    createdBy: 'bench',
    updatedAt: at,
    updatedBy: 'bench',
  } as never);
}

/** The stored item (keys and index keys) ElectroDB writes for an invoice header. */
const itemOf = (header: ReturnType<typeof invoice>) => deps.data.entities.invoice.put(header as never).params().Item as Record<string, unknown>;

/** One BatchWriteItem of ≤ 25 puts, its unprocessed items sent again. */
async function batchPut(items: Array<Record<string, unknown>>) {
  let requests = items.map((Item) => ({ PutRequest: { Item } }));
  while (requests.length) {
    const out = await deps.document.send(new BatchWriteCommand({ RequestItems: { [deps.config.tableName]: requests } }));
    requests = (out.UnprocessedItems?.[deps.config.tableName] ?? []) as typeof requests;
  }
}

/** BatchWriteItem puts (25 a request, WRITERS in flight) of `count` items made by `make`, made as they go so memory stays flat. */
async function putInvoices(count: number, make: (i: number) => ReturnType<typeof invoice>, label: string) {
  const started = performance.now();
  let next = 0;
  let lastReport = started;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < count) {
        const from = next;
        next = Math.min(count, next + 25);
        await batchPut(Array.from({ length: next - from }, (_, k) => itemOf(make(from + k))));
        if (performance.now() - lastReport > 60_000) {
          lastReport = performance.now();
          console.log(`    ${label}: ${next} written, ${(next / ((lastReport - started) / 1000)).toFixed(0)} items/s, load ${load()}`);
        }
      }
    }),
  );
  const ms = performance.now() - started;
  console.log(`  ${label}: ${count} invoices in ${seconds(ms)} (${(count / (ms / 1000)).toFixed(0)} items/s), load ${load()}`);
  return ms;
}

/** Open invoices due from a year before the day to 30 days after, over the clients. */
const openInvoice = (tenantId: string, clients: string[]) => (i: number) =>
  invoice(tenantId, `o${String(i).padStart(7, '0')}`, clients[i % clients.length]!, addDays(DAY, 30 - spread(i, 396)), 1_000 + spread(i, 2_000_000), false);
/** Paid invoices due over the five years before the day. */
const paidInvoice = (tenantId: string, clients: string[]) => (i: number) =>
  invoice(tenantId, `p${String(i).padStart(7, '0')}`, clients[i % clients.length]!, addDays(DAY, -spread(i + 7, 1_825)), 1_000 + spread(i, 900_000), true);

async function benchTenant(label: string) {
  const tenantId = `bench-rem-${label}-${Date.now()}`;
  await createBenchTenant(deps, tenantId);
  await settingsStore.save(tenantId, weeklyStatement(), 0);
  const started = performance.now();
  const clients = await clientsOf(tenantId, CLIENTS);
  console.log(`  ${tenantId}: ${CLIENTS} clients in ${seconds(performance.now() - started)}`);
  await putInvoices(OPEN, openInvoice(tenantId, clients), `${label} open`);
  return { tenantId, clients };
}

/** `computeDay` (every read and the rendering, no write) of the day, with the invoices it read. */
async function timedDay(tenantId: string) {
  let read = 0;
  const counting = {
    ...planner,
    invoices: {
      dueIn: async (t: string, r: Parameters<typeof planner.invoices.dueIn>[1]) => {
        const found = await planner.invoices.dueIn(t, r);
        read += found.length;
        return found;
      },
    },
  };
  const tenant = (await deps.tenants.get(tenantId))!;
  const started = performance.now();
  const day = await computeDay(counting)(tenant, DAY, addDays(DAY, -1), AT);
  return { ms: performance.now() - started, messages: day?.messages.length ?? 0, read };
}

async function alternate(a: string, b: string, label: string) {
  const times: Record<string, number[]> = { [a]: [], [b]: [] };
  let shape = { messages: 0, read: 0 };
  for (let r = 0; r < ROUNDS; r++) {
    for (const t of r % 2 ? [b, a] : [a, b]) {
      const run = await timedDay(t);
      times[t]!.push(run.ms);
      shape = run;
    }
  }
  const [ma, mb] = [median(times[a]!), median(times[b]!)];
  console.log(
    `  ${label}: with paid ${seconds(ma)} (${times[a]!.map((x) => (x / 1000).toFixed(1)).join(', ')}), control ${seconds(mb)} (${times[b]!.map((x) => (x / 1000).toFixed(1)).join(', ')}); ratio ${(ma / mb).toFixed(2)}; ${shape.read} invoices read, ${shape.messages} messages; load ${load()}`,
  );
  return ma / mb;
}

// 1. A tick of --tenants tenants through the fan-out.
if (PHASES.has('1')) console.log(`\n1. ${TENANTS} tenants in one tick (catalogued collections-planner → local Invoke API → workers)`);
if (PHASES.has('1')) {
  const started = performance.now();
  const ids = Array.from({ length: TENANTS }, (_, i) => `bench-fan-${String(i).padStart(5, '0')}-${Date.now()}`);
  const early = { ...planner, clock: { now: () => new Date('2026-12-14T11:00:00.000Z') } };
  for (let i = 0; i < ids.length; i += 25) {
    await Promise.all(
      ids.slice(i, i + 25).map(async (id) => {
        await createBenchTenant(deps, id);
        const [clientId] = await clientsOf(id, 1);
        for (const [k, due] of [addDays(DAY, 3), DAY, addDays(DAY, -1)].entries()) {
          await batchPut([itemOf(invoice(id, `f${k}`, clientId!, due, 10_000 + k, false))]);
        }
        await scheduleTenantPlanning(early)((await deps.tenants.get(id))!);
      }),
    );
  }
  console.log(`  seeded ${TENANTS} tenants (a client, 3 invoices, scheduled for 09:00) in ${seconds(performance.now() - started)}; load ${load()}`);
  const spec = findFunction('collections-planner');
  const lambda = runtime.lambda;
  const previous = lambda.invocations.length;
  const tickStarted = performance.now();
  const tick = (await invokeFunction(spec, scheduledEvent(spec, new Date(AT)))) as { due: number; batches: number; failedBatches: number };
  const handedOut = performance.now() - tickStarted;
  await lambda.idle();
  const total = performance.now() - tickStarted;
  const workers = lambda.invocations.slice(previous).filter((i) => i.type === 'Event');
  type Report = { tenantId: string; outcome: string; pending: number; skipped: number; alreadyPlanned: number };
  const reports = workers.flatMap((w) => (w.result as { tenants?: Report[] } | undefined)?.tenants ?? []);
  const outcomes: Record<string, number> = {};
  for (const r of reports) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  const messages = reports.reduce((n, r) => n + r.pending + r.skipped, 0);
  const plannedBy = new Map<string, number>();
  for (const r of reports) if (r.outcome === 'planned') plannedBy.set(r.tenantId, (plannedBy.get(r.tenantId) ?? 0) + 1);
  const isPlanned = (st: PlannerState | undefined) => st?.plannedThrough === DAY && !st.leaseUntil;
  const states = await eachSteady(ids, (id) => planner.state.get(id));
  console.log(
    `  tick: ${tick.due} due, ${tick.batches} hand-outs (${tick.failedBatches} refused), in ${seconds(handedOut)}; ${workers.length} worker invocations ran (${workers.length - tick.batches} duplicates: an Invoke the SDK sent again after a slow answer), ${workers.filter((w) => w.error).length} retried by the service, ${workers.filter((w) => w.outcome === 'failed').length} failed; all done after ${seconds(total)} (${LAMBDA_CONCURRENCY} workers at once) → ${(TENANTS / (total / 1000)).toFixed(1)} tenants/s; ${messages} messages; reports ${JSON.stringify(outcomes)}; ${states.filter(isPlanned).length} of ${TENANTS} tenants planned through ${DAY}; load ${load()}`,
  );
  // A tenant whose worker failed after its claim keeps the claim's lease: the first tick after the lease retakes it
  // (in this process, on a clock past the lease: the catalogued function's clock runs from AT).
  let leftOver = ids.filter((_, i) => !isPlanned(states[i]));
  const retaken: Report[] = [];
  // Up to 3 later ticks, each past the previous one's leases (a retake on this loaded machine may time out too).
  for (let round = 1; leftOver.length && round <= 3; round++) {
    const later = new Date(Date.parse(AT) + round * (PLANNER_LEASE_MS + 60_000));
    const quietLog = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;
    const noMetric = { addMetric: () => undefined, publishStoredMetrics: () => undefined } as never;
    const retake = createCollectionsPlanner({ ...planner, clock: { now: () => later } }, quietLog, noMetric);
    const due = new Set(await planner.state.due(later.toISOString(), 20_000));
    const mine = leftOver.filter((id) => due.has(id));
    const reports = ((await retake({ tenantIds: mine })) as { tenants: Report[] }).tenants;
    retaken.push(...reports);
    for (const r of reports) if (r.outcome === 'planned') plannedBy.set(r.tenantId, (plannedBy.get(r.tenantId) ?? 0) + 1);
    const counts: Record<string, number> = {};
    for (const r of reports) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
    console.log(
      `  retake tick ${round} at ${later.toISOString()} (past the ${PLANNER_LEASE_MS / 60_000}-minute leases): ${mine.length} of ${leftOver.length} left over due again; ${JSON.stringify(counts)}, ${mine.length - reports.length} failed`,
    );
    const now = await eachSteady(leftOver, (id) => planner.state.get(id));
    leftOver = leftOver.filter((_, i) => !isPlanned(now[i]));
  }
  const after = await eachSteady(ids, (id) => planner.state.get(id));
  const outbox = await eachSteady(ids, async (tenantId) =>
    (await deps.data.entities.outboundEmail.query.byId({ tenantId }).go({ pages: 'all' })).data.map((m) => m.id as string),
  );
  const allIds = outbox.flat();
  const once = ids.filter((id) => plannedBy.get(id) === 1).length;
  console.log(
    `  at the end: planned ${ids.filter((id) => plannedBy.has(id)).length} (exactly once ${once}, more than once ${ids.filter((id) => (plannedBy.get(id) ?? 0) > 1).length}), not_due ${outcomes.not_due ?? 0}, busy ${outcomes.busy ?? 0}, retaken ${retaken.filter((r) => r.outcome === 'planned').length}; markers planned through ${DAY} and unleased: ${after.filter(isPlanned).length} of ${TENANTS}; outbox ${allIds.length} messages (${new Set(allIds).size} distinct ids, ${outbox.filter((o) => o.length === 3).length} tenants with 3); reported written ${messages + retaken.reduce((n, r) => n + r.pending + r.skipped, 0)} + already planned ${reports.reduce((n, r) => n + r.alreadyPlanned, 0) + retaken.reduce((n, r) => n + r.alreadyPlanned, 0)}`,
  );
}
if (!PHASES.has('2')) {
  await runtime.stop();
  process.exit(0);
}

// 2. The ratio.
console.log('\n2. planning with the paid history vs without (computeDay, alternating)');
const withPaid = await benchTenant('paid');
const control = await benchTenant('control');
const before = await alternate(withPaid.tenantId, control.tenantId, 'before the paid invoices');
await putInvoices(PAID, paidInvoice(withPaid.tenantId, withPaid.clients), 'paid history');
const after = await alternate(withPaid.tenantId, control.tenantId, `after ${PAID} paid invoices`);
console.log(
  `  → ratio with ${PAID} paid / without: ${after.toFixed(2)} (same pair before seeding: ${before.toFixed(2)}; normalized ${(after / before).toFixed(2)})`,
);

// 3. Planning throughput: the day planned for real, messages written once each.
console.log('\n3. planning throughput (planTenant: reads, render, one conditional put per message, marker)');
for (const t of [withPaid.tenantId, control.tenantId]) {
  const state = await scheduleTenantPlanning({ ...planner, clock: { now: () => new Date('2026-12-14T11:00:00.000Z') } })((await deps.tenants.get(t))!);
  // As after Friday's run: the window is Monday alone.
  const marked: PlannerState = { ...state, plannedThrough: '2026-12-11', version: state.version + 1 };
  await planner.state.replace(marked, state);
  const started = performance.now();
  const report = await planTenant(planner)(t);
  const ms = performance.now() - started;
  console.log(
    `  ${t}: ${report.outcome}, ${report.pending} pending + ${report.skipped} skipped in ${seconds(ms)} → ${((report.pending + report.skipped) / (ms / 1000)).toFixed(0)} messages/s; load ${load()}`,
  );
}

// 4. Dispatch throughput against the SES emulator.
console.log('\n4. dispatch throughput (outbox dispatcher → SES emulator)');
await fetch(`${runtime.sesUrl}/clear-store`, { method: 'POST' });
const { mailer } = pacedMailer(deps.config);
const recheck = dynamoCollectionRecheck(deps.document, deps.config.tableName);
const dispatchClock = { now: () => new Date('2026-12-14T12:06:00.000Z') };
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;
const noMetrics = { addMetric: () => undefined, publishStoredMetrics: () => undefined } as never;
let sentTotal = 0;
const context = (ms: number) => {
  const deadline = Date.now() + ms;
  return { getRemainingTimeInMillis: () => deadline - Date.now() } as never;
};
{
  const paced = createOutboxDispatcher({ outbox: deps.outbox, mailer, clock: dispatchClock, rate: async () => RATE, recheck }, quiet, noMetrics);
  const started = performance.now();
  const report = await paced({ time: AT } as never, context(60_000));
  const ms = performance.now() - started;
  sentTotal += report.sent;
  console.log(
    `  paced at ${RATE}/s, one 60 s run: ${report.sent} sent in ${seconds(ms)} → ${(report.sent / (ms / 1000)).toFixed(1)} e-mails/s; load ${load()}`,
  );
}
{
  const unpaced = createOutboxDispatcher({ outbox: deps.outbox, mailer, clock: dispatchClock, recheck }, quiet, noMetrics);
  const started = performance.now();
  let [sent, runs] = [0, 0];
  // Until the outbox is empty or UNPACED_SECONDS have passed (the emulators, not the code, set this pace here).
  while (performance.now() - started < UNPACED_SECONDS * 1000) {
    const report = await unpaced({ time: AT } as never);
    runs++;
    sent += report.sent;
    if (report.sent === 0 && report.retried === 0) break;
  }
  sentTotal += sent;
  const ms = performance.now() - started;
  console.log(`  unpaced: ${sent} sent in ${runs} runs, ${seconds(ms)} → ${(sent / (ms / 1000)).toFixed(1)} e-mails/s; load ${load()}`);
}
{
  const { emails } = (await (await fetch(`${runtime.sesUrl}/store`)).json()) as {
    emails: Array<{ destination: { to: string[] }; subject: string; body: { text?: string } }>;
  };
  const distinct = new Set(emails.map((e) => `${e.destination.to.join(',')}|${e.subject}|${e.body.text ?? ''}`));
  console.log(
    `  SES emulator store: ${emails.length} e-mails, ${distinct.size} distinct (recipient, subject, body); the dispatchers reported ${sentTotal} sent`,
  );
}

await runtime.stop();
process.exit(0);
