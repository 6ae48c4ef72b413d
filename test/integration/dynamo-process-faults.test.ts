import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../functions/config.ts';
import { createDependencies } from '../../functions/dependencies.ts';
import type { HttpResult } from '../../functions/http/http-types.ts';
import { coldStart, within } from '../support/cold-start.ts';
import { dynamoFaults } from '../support/dynamo-faults.ts';
import { ownDynamo } from '../support/fault-endpoints.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { letLeasesRunOut } from '../support/lost-answers.ts';
import { newTenant } from '../support/tenants.ts';

// A DynamoDB Local of this file's own, paused (SIGSTOP) and killed (SIGKILL) under the handler, with
// a short SDK budget (the handler's only) so each fault resolves in about two seconds. The run's shared
// emulator is not touched.
const budget = { connectionTimeoutMs: 500, requestTimeoutMs: 1_000, socketTimeoutMs: 1_000, maxAttempts: 2, backoffCapMs: 50 };
const faults = dynamoFaults();
let dynamo: Awaited<ReturnType<typeof ownDynamo>>;
let handler: (event: ReturnType<typeof httpEvent>, context: ReturnType<typeof contextOf>) => Promise<HttpResult>;
let deps: ReturnType<typeof createDependencies>;
let admin: TestUser;

beforeAll(async () => {
  const config = readConfig();
  dynamo = await ownDynamo(config.tableName);
  const env = { DYNAMODB_ENDPOINT: dynamo.endpoint, SDK_BUDGET: JSON.stringify(budget) };
  // Seeding a JVM that just started runs on the scripts' budget: only the faults are timed.
  deps = createDependencies(readConfig({ ...process.env, DYNAMODB_ENDPOINT: dynamo.endpoint }));
  ({ admin } = await newTenant(deps));
  handler = await coldStart(async () => (await import('../../functions/http/clients-api.handler.ts')).handler as typeof handler, env);
});
beforeEach(() => {
  faults.mock.reset();
  faults.mock.send.callThrough();
});
afterAll(async () => {
  faults.mock.restore();
  await dynamo?.stop();
});

const createClient = (body: Record<string, unknown>, key?: string) =>
  handler(httpEvent({ routeKey: 'POST /v1/clients', as: admin, body, ...(key ? { headers: { 'idempotency-key': key } } : {}) }), contextOf('clients-api'));
const clientsNamed = async (name: string) =>
  (await deps.data.entities.client.query.byId({ tenantId: admin.tenantId }).go({ pages: 'all' })).data.filter((c) => c.name === name);

describe('DynamoDB Local paused and killed under the API', () => {
  it('answers a keyed create paused mid-write with 503 within its budget, and after it resumes the retry leaves exactly one client', async () => {
    // The JVM stops the moment the client's transaction goes out.
    faults.mock.on(TransactWriteCommand).callsFake(async (input, getClient) => {
      dynamo.pause();
      return faults.passOn(new TransactWriteCommand(input), getClient());
    });
    const body = { personType: 'other', name: 'En Pausa', email: 'pausa@process.test' };
    const started = performance.now();
    const first = await within(10_000, createClient(body, 'paused-1'));
    const ms = performance.now() - started;
    expect(first.statusCode).toBe(503);
    expect(json(first)).toMatchObject({ code: 'service_unavailable', reason: 'no_answer' });
    // Budget: 2 attempts × 1 s + 0.05 s, then 1 s at most to settle the key; the rest is a loaded machine.
    expect(ms).toBeLessThan(12_000);

    dynamo.resume();
    faults.mock.reset();
    faults.mock.send.callThrough();
    // However the resumed DynamoDB treated the write it held, the retry ends with one client.
    await letLeasesRunOut(admin.tenantId, deps.config);
    const retried = await createClient(body, 'paused-1');
    expect(retried.statusCode).toBe(201);
    expect((await clientsNamed('En Pausa')).map((c) => c.id)).toEqual([json(retried).id]);
  });

  it('answers 503 at once after DynamoDB is killed, and changes nothing', async () => {
    await dynamo.kill();
    const started = performance.now();
    const result = await within(5_000, createClient({ personType: 'other', name: 'Muerta', email: 'muerta@process.test' }, 'killed-1'));
    expect(result.statusCode).toBe(503);
    expect(json(result)).toMatchObject({ code: 'service_unavailable', reason: 'unreachable', outcome: 'not_applied' });
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});
