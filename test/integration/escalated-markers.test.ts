import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { batchGetAll } from '../../functions/adapters/dynamodb/batch-get.ts';
import { dynamoEscalatedInvoices, MARKERS_BY_KEY } from '../../functions/adapters/dynamodb/escalation-keys.ts';
import { readConfig } from '../../functions/config.ts';
import { tableDependencies } from '../../functions/wiring/table.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

/**
 * The planner's read of escalation markers for a big day (50,000 open invoices on a statement day): the
 * tenant's escalated partition, not one BatchGetItem per 100 invoices; and key reads bounded in flight, which
 * unbounded fired 500 requests at once and timed out waiting for sockets (bench:reminders at 50,000 open).
 */
const deps = testDeps();
const table = tableDependencies(readConfig());
const tableName = table.config.tableName;
const escalationsApi = (await import('../../functions/http/escalations-api.handler.ts')).handler;
const receivablesApi = (await import('../../functions/http/receivables-api.handler.ts')).handler;
const actorOf = (u: TestUser) => ({ tenantId: u.tenantId, userId: u.id, accessLevel: u.accessLevel, permissions: u.permissions });

let admin: TestUser;
let other: TestUser;

async function escalatedInvoice(as: TestUser): Promise<string> {
  const client = await createClient(deps)(
    actorOf(as),
    NewClient.parse({ personType: 'other', name: 'Ferretería Los Andes', email: `pagos-${Date.now()}@andes.cl` }),
  );
  const invoice = await receivablesApi(
    httpEvent({
      routeKey: 'POST /v1/invoices',
      as,
      body: {
        clientId: client.id,
        status: 'issued',
        issueDate: '2026-09-01',
        dueDate: '2026-10-15',
        lines: [{ description: 'Cemento', quantity: '1', unitPrice: '1000', taxRate: '0' }],
      },
    }),
    contextOf('receivables-api'),
  );
  expect(invoice.statusCode).toBe(201);
  const { id } = json<{ id: string }>(invoice);
  const escalated = await escalationsApi(
    httpEvent({
      routeKey: 'POST /v1/clients/{clientId}/escalations',
      as,
      pathParameters: { clientId: client.id },
      body: { invoiceIds: [id] },
      headers: { 'Idempotency-Key': `m-${id}` },
    }),
    contextOf('escalations-api'),
  );
  expect(escalated.statusCode).toBe(201);
  return id;
}

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  ({ admin: other } = await newTenant(deps));
});

describe('which invoices are escalated', () => {
  it('answers the same by key (a few invoices) and from the tenant’s escalated partition (many), and never another tenant’s', async () => {
    // Prepare: one escalated invoice in each tenant, and many ids that are not escalated
    const mine = await escalatedInvoice(admin);
    const theirs = await escalatedInvoice(other);
    const { escalatedAmong } = dynamoEscalatedInvoices(table.document, tableName);
    const many = [mine, theirs, ...Array.from({ length: MARKERS_BY_KEY + 50 }, (_, i) => `01JZZZZZZZZZZZZZZZZZZZ${String(i).padStart(4, '0')}`)];

    // Act
    const byKey = await escalatedAmong(admin.tenantId, [mine, theirs]);
    const byIndex = await escalatedAmong(admin.tenantId, many);
    const theirsByIndex = await escalatedAmong(other.tenantId, many);

    // Assess
    expect([...byKey.keys()]).toEqual([mine]);
    expect([...byIndex.keys()]).toEqual([mine]);
    expect(byIndex.get(mine)).toBe(byKey.get(mine));
    expect([...theirsByIndex.keys()]).toEqual([theirs]);
  });
});

describe('reading many items by key', () => {
  it('reads 950 items in BatchGetItems of 100 with at most 8 in flight, finding every one', async () => {
    // Prepare: 950 items of a partition of this test's own
    const pk = `T#batch-get-${Date.now()}`;
    const keys = Array.from({ length: 950 }, (_, i) => ({ pk, sk: `ITEM#${String(i).padStart(4, '0')}` }));
    for (let i = 0; i < keys.length; i += 25) {
      await table.document.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: keys.slice(i, i + 25).map((k) => ({ PutRequest: { Item: { ...k, n: i } } })) } }),
      );
    }
    let inFlight = 0;
    let most = 0;
    let sent = 0;
    const counting = {
      send: async (command: unknown) => {
        inFlight += 1;
        sent += 1;
        most = Math.max(most, inFlight);
        try {
          return await table.document.send(command as never);
        } finally {
          inFlight -= 1;
        }
      },
    } as unknown as DynamoDBDocumentClient;

    // Act
    const found = await batchGetAll(counting, tableName, keys);

    // Assess
    expect(new Set(found.map((item) => item.sk)).size).toBe(950);
    expect(sent).toBeGreaterThanOrEqual(10);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(8);
  });
});
