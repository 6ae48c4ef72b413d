/**
 * Payment figures on the embedded stack (in-memory DynamoDB Local): recording a payment over 1, 5 and
 * 20 invoices (caller's allocation, oldest due first), applying credit later, reversing, and the
 * client's payments overview — p50/p95 through the local HTTP API — and the items each write puts in
 * its one transaction (counted by the repository on the same table). Figures in docs/data-model.md.
 *   npm run bench:payments [-- --requests 50]
 */
import { dynamoMoneySourceRepository } from '../../functions/adapters/dynamodb/money-source.repository.ts';
import { recordClientPayment, reverseClientPayment } from '../../domain/receivables/payment.use-cases.ts';
import { NewPayment } from '../../domain/receivables/payment.ts';
import { startLocalRuntime } from '../../scripts/local/runtime.ts';
import { apiCaller, benchAdmin, createBenchTenant, stats } from '../support/local-api.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const REQUESTS = arg('requests', 50);
const CLIENTS = 10;

const runtime = await startLocalRuntime({ port: 0, schedules: false, log: () => undefined });
const { deps } = runtime;
const tenantId = 'bench-payments';
await createBenchTenant(deps, tenantId);
const { actor, headers } = await benchAdmin(runtime, tenantId, ['invoices.manage', 'payments.manage']);
const call = apiCaller(runtime, headers);

const clientIds: string[] = [];
/** Every invoice the bench creates, timed: the reference an invoice write gives on the same machine at the same moment. */
const invoiceCreates: number[] = [];
for (let i = 0; i < CLIENTS; i++) clientIds.push((await call('POST', '/v1/clients', { personType: 'other', name: `Cliente ${i}` })).json.id as string);
/** `count` issued invoices of 10,000 CLP for the client, due on distinct dates (each its own aggregate items). */
async function invoices(clientId: string, count: number, from: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const day = String(((from + i) % 28) + 1).padStart(2, '0');
    const month = String((Math.floor((from + i) / 28) % 12) + 1).padStart(2, '0');
    const body = {
      clientId,
      status: 'issued',
      issueDate: `2025-${month}-${day}`,
      dueDate: `2025-${month}-${day}`,
      lines: [{ description: 'Servicio', quantity: 1, unitPrice: 10000, taxRate: 0 }],
    };
    const { ms, json } = await call('POST', '/v1/invoices', body);
    invoiceCreates.push(ms);
    ids.push(json.id as string);
  }
  return ids;
}

const rows: Array<[string, string, string]> = [];
/** Items of each write, counted by a repository on the same table (the API's is built inside the function). */
let lastItems = 0;
const counted = { ...deps, sources: dynamoMoneySourceRepository(deps.data, deps.document, deps.config.tableName, deps.aggregates, (n) => (lastItems = n)) };
async function itemsOf(k: number) {
  const clientId = (await call('POST', '/v1/clients', { personType: 'other', name: `Cuenta ${k}` })).json.id as string;
  await invoices(clientId, k, 0);
  const payment = await recordClientPayment(counted)(actor, NewPayment.parse({ clientId, amount: k * 10000, method: 'cash' }));
  const written = lastItems;
  await reverseClientPayment(counted)(actor, payment.id);
  return `${written} items (reverse ${lastItems})`;
}

for (const k of [1, 5, 20]) {
  const samples: number[] = [];
  for (let r = 0; r < REQUESTS; r++) {
    const clientId = clientIds[r % CLIENTS]!;
    const ids = await invoices(clientId, k, r * k);
    const allocations = k === 1 ? [{ invoiceId: ids[0], amount: 10000 }] : undefined;
    samples.push((await call('POST', '/v1/payments', { clientId, amount: k * 10000, method: 'transfer', ...(allocations ? { allocations } : {}) })).ms);
  }
  rows.push([`record a payment over ${k} invoice${k > 1 ? 's' : ''}${k > 1 ? ', oldest first' : ''}`, stats(samples), await itemsOf(k)]);
  console.log(rows.at(-1)!.join('  '));
}

const later: number[] = [];
const reversals: number[] = [];
for (let r = 0; r < REQUESTS; r++) {
  // A client of its own: the reversal leaves its invoices open, which the next payment would settle at once.
  const clientId = (await call('POST', '/v1/clients', { personType: 'other', name: `Crédito ${r}` })).json.id as string;
  const payment = (await call('POST', '/v1/payments', { clientId, amount: 50000, method: 'cash' })).json;
  await invoices(clientId, 5, r * 5);
  later.push((await call('POST', `/v1/payments/${payment.id}/apply`, {})).ms);
  reversals.push((await call('POST', `/v1/payments/${payment.id}/reverse`)).ms);
}
rows.push(['apply credit later over 5 invoices', stats(later), '']);
rows.push(['reverse a payment of 5 invoices', stats(reversals), '']);
const tabs: number[] = [];
for (let r = 0; r < REQUESTS; r++) tabs.push((await call('GET', `/v1/clients/${clientIds[r % CLIENTS]}/payments-overview`)).ms);
rows.push(['payments overview (tab)', stats(tabs), '']);
rows.push(['(reference) create an issued invoice', stats(invoiceCreates), '']);

console.log(`\n${'operation (local HTTP API)'.padEnd(44)} ${'p50 / p95'.padEnd(22)} items written (one transaction)`);
for (const [label, figure, items] of rows) console.log(`${label.padEnd(44)} ${figure.padEnd(22)} ${items}`);
await runtime.stop();
