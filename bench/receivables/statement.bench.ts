/**
 * Statement of account on the embedded stack (in-memory DynamoDB Local): does its cost follow the client's
 * history? Two clients of one tenant have the same movements in the current month; one also has
 * `--months` months before it (`--per-month` movements each, invoices and payments). Measures this month's
 * statement (the route's default period) and one of last month's 5th to 20th for both (p50/p95, items read), the whole
 * history paged at 250 lines, and what a write's ledger part adds to its transaction.
 *   npm run bench:statement [-- --months 59 --per-month 100 --requests 40]
 */
import { NewClient } from '../../domain/clients/client.schema.ts';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import type { LedgerMovement } from '../../domain/receivables/aggregates-port.ts';
import { firstOfMonth, ledgerSign } from '../../domain/receivables/client-ledger.ts';
import { addDays, tenantToday } from '../../domain/receivables/local-date.ts';
import { readStatement } from '../../domain/receivables/statement.use-case.ts';
import type { Actor } from '../../domain/shared/actor.ts';
import { dynamoClientLedger } from '../../functions/adapters/dynamodb/client-ledger.store.ts';
import { dynamoReceivablesAggregates } from '../../functions/adapters/dynamodb/receivables-aggregates.store.ts';
import { startLocalRuntime } from '../../scripts/local/runtime.ts';
import { BENCH_ZONE, createBenchTenant, quantile } from '../support/local-api.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const MONTHS = arg('months', 59);
const PER_MONTH = arg('per-month', 100);
const REQUESTS = arg('requests', 40);

const runtime = await startLocalRuntime({ port: 0, schedules: false, log: () => undefined });
const { deps } = runtime;
let itemsRead = 0;
const store = dynamoReceivablesAggregates(deps.document, deps.config.tableName);
const ledger = dynamoClientLedger(deps.document, deps.config.tableName, (n) => {
  itemsRead += n;
});
const today = tenantToday(deps.clock, BENCH_ZONE);
const tenantId = `bench-statement-${Date.now()}`;
const actor: Actor = { tenantId, userId: 'bench', accessLevel: 1, permissions: [] };

/** `PER_MONTH` movements in the month starting `first`: two invoices for each payment, dates spread over the month. */
function month(clientId: string, first: string, tag: string): LedgerMovement[] {
  return Array.from({ length: PER_MONTH }, (_, i) => {
    const kind = i % 3 === 2 ? ('payment' as const) : ('invoice' as const);
    const date = addDays(first, (i * 7) % 28);
    return { clientId, currency: 'CLP' as const, date, kind, documentId: `${tag}-${i}`, amount: ledgerSign(kind) * (10_000 + ((i * 7919) % 90_000)) };
  });
}

async function measure(run: () => Promise<unknown>) {
  const times: number[] = [];
  const items: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    itemsRead = 0;
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
    items.push(itemsRead);
  }
  times.sort((a, b) => a - b);
  items.sort((a, b) => a - b);
  return `${quantile(times, 0.5).toFixed(1)} / ${quantile(times, 0.95).toFixed(1)} ms, ${quantile(items, 0.5)} items`;
}

try {
  await createBenchTenant(deps, tenantId);
  const [young, old] = [
    (await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Cliente nuevo' }))).id,
    (await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Cliente antiguo' }))).id,
  ];
  const current = firstOfMonth(today);
  const started = performance.now();
  await store.apply({ tenantId, invoices: [], ledger: [...month(young, current, 'now'), ...month(old, current, 'now')] });
  let first = current;
  for (let m = 0; m < MONTHS; m++) {
    first = firstOfMonth(addDays(first, -1));
    await store.apply({ tenantId, invoices: [], ledger: month(old, first, `m${m}`) });
  }
  console.log(
    `seeded ${PER_MONTH} movements this month for both clients and ${MONTHS * PER_MONTH} before it for one, in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );

  const read = readStatement({ ledger, clients: deps.clients, tenants: deps.tenants, clock: deps.clock });
  const previous = firstOfMonth(addDays(current, -1));
  const rows: Array<[string, () => Promise<unknown>]> = [];
  for (const [name, clientId] of [
    ['new client', young],
    [`${MONTHS} months of history`, old],
  ] as const) {
    rows.push([`${name}: this month (default)`, () => read(actor, { clientId })]);
    rows.push([`${name}: last month, 5th to 20th`, () => read(actor, { clientId, from: addDays(previous, 4), to: addDays(previous, 19) })]);
  }
  console.log(`\n${'statement (p50 / p95, items read)'.padEnd(48)} result`);
  for (const [name, run] of rows) console.log(`${name.padEnd(48)} ${await measure(run)}`);

  itemsRead = 0;
  const start = performance.now();
  let page = await read(actor, { clientId: old, from: first, to: today });
  let lines = page.lines.length;
  let pages = 1;
  while (page.cursor) {
    page = await read(actor, { clientId: old, from: first, to: today, cursor: page.cursor });
    lines += page.lines.length;
    pages += 1;
  }
  console.log(`whole history (${first} to ${today}): ${lines} lines in ${pages} pages, ${(performance.now() - start).toFixed(0)} ms, ${itemsRead} items read`);

  const one = [{ clientId: young, currency: 'CLP' as const, date: today, kind: 'invoice' as const, documentId: 'extra', amount: 1 }];
  console.log(
    `a write's ledger part: ${(await store.prepare({ tenantId, invoices: [], ledger: one })).length} transaction items per movement (movement + month), no read`,
  );
} finally {
  await runtime.stop();
}
