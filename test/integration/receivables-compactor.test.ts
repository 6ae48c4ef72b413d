import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduledEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { AggregatedInvoice } from '../../domain/receivables/client-receivables.ts';
import { addDays } from '../../domain/receivables/local-date.ts';
import { dynamoReceivablesAggregates } from '../../functions/adapters/dynamodb/receivables-aggregates.store.ts';
import { compactionRegistry } from '../../functions/adapters/dynamodb/receivables-compaction.ts';
import { receivablesKeys, SHARDS } from '../../functions/adapters/dynamodb/receivables-keys.ts';
import { createReceivablesCompactor, PAIRS_PER_RUN } from '../../functions/schedule/receivables-compactor.ts';
import { FakeClock } from '../domain/fakes.ts';
import { anIssuedInvoice } from '../domain/receivables/receivables-fixtures.ts';
import { contextOf } from '../support/http.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

const deps = testDeps();
const table = deps.config.tableName;
const store = dynamoReceivablesAggregates(deps.document, table);
const registry = compactionRegistry(deps.document, table);
const TODAY = '2026-03-02';
const event = { time: new Date().toISOString() } as ScheduledEvent;
const { handler } = await import('../../functions/schedule/receivables-compactor.handler.ts');

/** A tenant's receivables: 40 open invoices over 2 clients and 3 categories, then 30 of them paid in full (zeros left behind). */
async function paidOut() {
  const { tenantId } = await newTenant(deps);
  const invoices: AggregatedInvoice[] = Array.from({ length: 40 }, (_, n) => {
    const issueDate = addDays(TODAY, -120 + n * 2);
    return {
      ...anIssuedInvoice(`inv-${n}`, 10_000 + n, { clientId: `client-${n % 2}`, issueDate, dueDate: addDays(issueDate, 30) }),
      categoryId: ['mayorista', 'minorista', 'none'][n % 3]!,
    };
  });
  await store.apply({ tenantId, invoices: invoices.map((after) => ({ after })) });
  const paid = invoices.slice(0, 30);
  await store.apply({
    tenantId,
    invoices: paid.map((before) => ({ before, after: { ...before, status: 'paid' as const, paid: before.balance, balance: 0, paidDate: TODAY } })),
  });
  return tenantId;
}

/** Every aggregate item of the tenant in CLP, and how many of its counters are zero. */
async function aggregateItems(tenantId: string) {
  const pks = Array.from({ length: SHARDS }, (_, s) => [
    receivablesKeys.aggregate(tenantId, 'issue', 'CLP', s),
    receivablesKeys.aggregate(tenantId, 'due', 'CLP', s),
    receivablesKeys.oldest(tenantId, 'CLP', s),
  ]).flat();
  const items = (
    await Promise.all(
      pks.map(
        async (pk) =>
          (
            await deps.document.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }))
          ).Items ?? [],
      ),
    )
  ).flat();
  const zeros = items.flatMap((i) => Object.entries(i).filter(([name, v]) => name !== 'w' && v === 0));
  return { items: items.length, zeros: zeros.length };
}

const reads = async (tenantId: string) => ({
  due: (await store.open(tenantId, 'due', 'CLP')).sort((a, b) => `${a.date}${a.categoryId}`.localeCompare(`${b.date}${b.categoryId}`)),
  issue: (await store.open(tenantId, 'issue', 'CLP')).sort((a, b) => `${a.date}${a.categoryId}`.localeCompare(`${b.date}${b.categoryId}`)),
  oldest: (await store.oldest(tenantId, 'CLP')).sort((a, b) => `${a.date}${a.categoryId}`.localeCompare(`${b.date}${b.categoryId}`)),
});

const lastRun = async (tenantId: string) =>
  (await deps.document.send(new GetCommand({ TableName: table, Key: { pk: receivablesKeys.compaction(tenantId), sk: 'CLP' }, ConsistentRead: true }))).Item
    ?.lastRun as string | undefined;

describe('the scheduled compaction of the receivables aggregates', () => {
  it('compacts a tenant registered by its first receivables write; reads after it equal reads before', async () => {
    const tenantId = await paidOut();
    // The first write of a client in CLP registered the tenant for compaction, never compacted yet.
    expect(await lastRun(tenantId)).toBeUndefined();
    const before = await reads(tenantId);
    const itemsBefore = await aggregateItems(tenantId);
    expect(itemsBefore.zeros).toBeGreaterThan(0);

    // The catalogued handler. Other test files' tenants are in the same queue, oldest registration first: run until this one is reached.
    for (let run = 0; run < 40 && !(await lastRun(tenantId)); run += 1) {
      const report = await handler(event, contextOf('receivables-compactor'));
      expect(report.compacted).toBeLessThanOrEqual(PAIRS_PER_RUN);
    }
    const compactedAt = await lastRun(tenantId);
    expect(compactedAt).toBeDefined();

    expect(await reads(tenantId)).toEqual(before);
    const itemsAfter = await aggregateItems(tenantId);
    expect(itemsAfter.zeros).toBe(0);
    expect(itemsAfter.items).toBeLessThan(itemsBefore.items);

    // An hour later it is not due; 20 hours after its run it is again.
    const clock = new FakeClock(new Date(Date.parse(compactedAt!) + 60 * 60 * 1000).toISOString());
    const compactor = createReceivablesCompactor({ registry, compact: store.compact, clock });
    for (let run = 0; run < 5; run += 1) await compactor(event);
    expect(await lastRun(tenantId)).toBe(compactedAt);
    clock.advance(20 * 60 * 60 * 1000);
    for (let run = 0; run < 40 && (await lastRun(tenantId)) === compactedAt; run += 1) await compactor(event);
    expect(await lastRun(tenantId)).toBe(clock.now().toISOString());
    expect(await reads(tenantId)).toEqual(before);
  });

  it('registers a tenant and currency once, however many clients write in it', async () => {
    const { tenantId } = await newTenant(deps);
    const invoice = (n: number): AggregatedInvoice => ({ ...anIssuedInvoice(`r-${n}`, 1_000, { clientId: `c-${n}` }), categoryId: 'none' });
    await store.apply({ tenantId, invoices: [1, 2, 3].map((n) => ({ after: invoice(n) })) });
    const { Items = [] } = await deps.document.send(
      new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': receivablesKeys.compaction(tenantId) } }),
    );
    expect(Items.map((i) => [i.sk, i.gsi2pk, i.tenantId])).toEqual([['CLP', receivablesKeys.compactionQueue.of(tenantId), tenantId]]);
  });
});
