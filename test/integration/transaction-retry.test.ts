import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCatalogEntry } from '../../domain/clients/catalog.use-cases.ts';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { createClient, updateClient } from '../../domain/clients/client.use-cases.ts';
import { dynamoClients } from '../../functions/adapters/aws-clients.ts';
import { dynamoCatalogRepository } from '../../functions/adapters/dynamodb/catalog.repository.ts';
import { dynamoClientRepository } from '../../functions/adapters/dynamodb/client.repository.ts';
import { createDataService } from '../../functions/adapters/dynamodb/entities/index.ts';
import { readConfig } from '../../functions/config.ts';
import { newAdminActor, testDeps } from '../support/tenants.ts';

// DynamoDB Local serializes transactions and never cancels one for contention, so the cancellation
// DynamoDB sends under load is injected with aws-sdk-client-mock on one document client. Every call
// it does not cancel goes on to DynamoDB Local, so ElectroDB and the table are the real ones.
const config = readConfig();
const real = dynamoClients(config).document;
const faulty = dynamoClients(config).document;
const mock = mockClient(faulty);
const data = createDataService(faulty, config.tableName);
const deps = { ...testDeps(), clients: dynamoClientRepository(data), catalogs: dynamoCatalogRepository(data) };

let cancelNext: string[][] = [];
let transactions = 0;
beforeEach(() => {
  cancelNext = [];
  transactions = 0;
  mock.on(GetCommand).callsFake((input) => real.send(new GetCommand(input)));
  mock.on(QueryCommand).callsFake((input) => real.send(new QueryCommand(input)));
  mock.on(PutCommand).callsFake((input) => real.send(new PutCommand(input)));
  mock.on(UpdateCommand).callsFake((input) => real.send(new UpdateCommand(input)));
  mock.on(TransactWriteCommand).callsFake(async (input) => {
    transactions += 1;
    const codes = cancelNext.shift();
    if (codes)
      throw new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });
    return real.send(new TransactWriteCommand(input));
  });
});
afterEach(() => mock.reset());

async function tenantWithCategory() {
  const actor = await newAdminActor(deps);
  const category = await createCatalogEntry(deps)(actor, 'category', { name: 'Caliente', color: '#ff0000' });
  return { actor, category };
}

describe('a transaction DynamoDB cancels', () => {
  it('is tried again when another transaction held its items, and commits once', async () => {
    const { actor, category } = await tenantWithCategory();
    transactions = 0;
    // Client, e-mail guard, category check, usage count, history…: the count item was busy twice.
    cancelNext = [
      ['None', 'None', 'None', 'TransactionConflict'],
      ['None', 'None', 'None', 'TransactionConflict'],
    ];
    const client = await createClient(deps)(
      actor,
      NewClient.parse({ personType: 'other', name: 'Reintento', email: 'retry@tx.test', categoryId: category.id }),
    );
    expect(transactions).toBe(3);
    expect((await deps.clients.get(actor.tenantId, client.id))?.categoryId).toBe(category.id);
    expect(await deps.catalogs.clientCounts(actor.tenantId, 'category', category.id)).toEqual({ active: 1, inactive: 0 });
  });

  it('is not retried when a condition failed, and the caller learns which one', async () => {
    const { actor, category } = await tenantWithCategory();
    const client = await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Versión', email: 'version@tx.test' }));
    transactions = 0;
    // The client's version check failed (someone else wrote first) while the count item was also busy.
    cancelNext = [['ConditionalCheckFailed', 'None', 'TransactionConflict', 'None']];
    await expect(updateClient(deps)(actor, client.id, { categoryId: category.id }, 1)).rejects.toMatchObject({ code: 'version_mismatch' });
    expect(transactions).toBe(1);
    expect(await deps.catalogs.clientCounts(actor.tenantId, 'category', category.id)).toEqual({ active: 0, inactive: 0 });
  });

  it('fails with an error after a bounded number of contended attempts, writing nothing', async () => {
    const { actor, category } = await tenantWithCategory();
    transactions = 0;
    cancelNext = Array.from({ length: 10 }, () => ['None', 'None', 'None', 'TransactionConflict']);
    await expect(
      createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Sin Suerte', email: 'unlucky@tx.test', categoryId: category.id })),
    ).rejects.toThrow(/contended after 6 attempts/);
    expect(transactions).toBe(6);
    expect(await deps.clients.findBy(actor.tenantId, 'email', 'unlucky@tx.test')).toBeUndefined();
  });
});
