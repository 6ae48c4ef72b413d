import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { HttpResult } from '../../functions/http/http-types.ts';
import { contextWithRemaining } from '../support/cold-start.ts';
import { dynamoFaults } from '../support/dynamo-faults.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { letLeasesRunOut, loseAnswersOf, writesEntity } from '../support/lost-answers.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

// Every document client of this file goes through the fault injector; unless a test says otherwise
// each command reaches DynamoDB Local unchanged. The faults: a write that commits and whose answer
// is lost, and a read that hangs past the request's deadline.
const faults = dynamoFaults();
const clientsApi = (await import('../../functions/http/clients-api.handler.ts')).handler;
const importsApi = (await import('../../functions/http/imports-api.handler.ts')).handler;

const deps = testDeps();
beforeEach(() => {
  faults.mock.reset();
  faults.mock.send.callThrough();
});
afterAll(() => faults.mock.restore());

const replayed = (r: HttpResult) => r.headers['idempotency-replayed'] === 'true';
const createClient = (as: TestUser, body: Record<string, unknown>, key?: string) =>
  clientsApi(httpEvent({ routeKey: 'POST /v1/clients', as, body, ...(key ? { headers: { 'idempotency-key': key } } : {}) }), contextOf('clients-api'));
const clientsOf = async (tenantId: string) => (await deps.data.entities.client.query.byId({ tenantId }).go({ pages: 'all' })).data;
const createImport = (as: TestUser, key: string) =>
  importsApi(
    httpEvent({ routeKey: 'POST /v1/imports', as, body: { type: 'clients', fileName: 'clientes.xlsx', sizeBytes: 1024 }, headers: { 'idempotency-key': key } }),
    contextOf('imports-api'),
  );
const jobsOf = async (tenantId: string) => (await deps.data.entities.importJob.query.byId({ tenantId }).go({ pages: 'all' })).data;

describe('a keyed create whose answer was lost after the write committed', () => {
  it('answers 503 saying to retry with the key; the retry gets the client that was written, never a 409 naming it, and exactly one exists', async () => {
    const { admin } = await newTenant(deps);
    const body = { personType: 'other', name: 'Perdida', email: 'perdida@lost.test' };
    loseAnswersOf(faults, TransactWriteCommand);

    const first = await createClient(admin, body, 'lost-1');
    expect(first.statusCode).toBe(503);
    expect(first.headers['retry-after']).toBe('5');
    expect(json(first)).toMatchObject({ code: 'service_unavailable', outcome: 'kept', retryAfter: 5 });
    expect(json(first).detail).toContain('misma Idempotency-Key');
    expect(await clientsOf(admin.tenantId)).toHaveLength(1);

    // Meanwhile the key is held: the write may still be landing.
    const early = await createClient(admin, body, 'lost-1');
    expect(early.statusCode).toBe(409);
    expect(json(early).code).toBe('idempotency_in_progress');
    expect(Number(early.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    expect(await letLeasesRunOut(admin.tenantId)).toBe(1);
    const retried = await createClient(admin, body, 'lost-1');
    expect(retried.statusCode).toBe(201);
    const stored = await clientsOf(admin.tenantId);
    expect(stored).toHaveLength(1);
    expect(json(retried)).toMatchObject({ id: stored[0]!.id, name: 'Perdida', version: 1 });

    const again = await createClient(admin, body, 'lost-1');
    expect(replayed(again)).toBe(true);
    expect(again.body).toBe(retried.body);
  });

  it('redoes the create once when the first attempt wrote nothing after all', async () => {
    const { admin } = await newTenant(deps);
    const body = { personType: 'other', name: 'No Llegó', email: 'no-llego@lost.test' };
    // The request went out and no answer came; this time DynamoDB never applied it.
    let left = 1;
    faults.mock.on(TransactWriteCommand).callsFake(async (input, getClient) => {
      if (left-- > 0) throw Object.assign(new Error('injected: no answer'), { name: 'TimeoutError', code: 'ETIMEDOUT', $metadata: {} });
      return faults.passOn(new TransactWriteCommand(input), getClient());
    });
    const first = await createClient(admin, body, 'lost-2');
    expect(first.statusCode).toBe(503);
    await letLeasesRunOut(admin.tenantId);
    const retried = await createClient(admin, body, 'lost-2');
    expect(retried.statusCode).toBe(201);
    expect((await clientsOf(admin.tenantId)).map((c) => c.id)).toEqual([json(retried).id]);
  });

  it('creates one import job, not two, when a create is retried after its answer was lost', async () => {
    const { admin } = await newTenant(deps);
    loseAnswersOf(faults, PutCommand, { matches: writesEntity('importJob') });

    const first = await createImport(admin, 'import-lost-1');
    expect(first.statusCode).toBe(503);
    expect(json(first).outcome).toBe('kept');
    await letLeasesRunOut(admin.tenantId);
    const retried = await createImport(admin, 'import-lost-1');
    expect(retried.statusCode).toBe(201);
    const jobs = await jobsOf(admin.tenantId);
    expect(jobs).toHaveLength(1);
    expect(json(retried).job.id).toBe(jobs[0]!.id);
    expect(json(retried).upload.url).toContain(jobs[0]!.id);
  });

  it('without a key, tells the caller the change may have been saved, and to check before repeating it', async () => {
    const { admin } = await newTenant(deps);
    loseAnswersOf(faults, TransactWriteCommand);
    const first = await clientsApi(
      httpEvent({
        routeKey: 'POST /v1/clients',
        as: admin,
        body: { personType: 'other', name: 'Sin Clave', email: 'sin-clave@lost.test' },
        headers: { 'accept-language': 'en' },
      }),
      contextOf('clients-api'),
    );
    expect(first.statusCode).toBe(503);
    expect(json(first)).toMatchObject({ outcome: 'unknown', detail: expect.stringContaining('the change may have been saved') });
  });
});

describe('a request whose deadline passes', () => {
  it('stops before its write: the answer is 503 at the deadline, and the client is never written', async () => {
    const { admin } = await newTenant(deps);
    // One request first, so the access check's reads of user and tenant come from its cache: the hang
    // below then falls on the route's own first read.
    expect((await clientsApi(httpEvent({ routeKey: 'GET /v1/clients', as: admin }), contextOf('clients-api'))).statusCode).toBe(200);
    // The first read of the route hangs 6 s and honours no signal; the function has 2.5 s left.
    let hung = false;
    let released = false;
    faults.mock.on(GetCommand).callsFake(async (input, getClient) => {
      if (!hung) {
        hung = true;
        await new Promise((resolve) => setTimeout(resolve, 6_000));
        released = true;
      }
      return faults.passOn(new GetCommand(input), getClient());
    });
    const body = { personType: 'other', name: 'Tarde', email: 'tarde@deadline.test', sellerId: admin.id };
    const result = await clientsApi(httpEvent({ routeKey: 'POST /v1/clients', as: admin, body }), contextWithRemaining('clients-api', 2_500));
    expect(result.statusCode).toBe(503);
    expect(json(result)).toMatchObject({ code: 'service_unavailable', reason: 'no_answer', outcome: 'not_applied' });
    // Answered at the deadline, while the read still hangs (an order of events, not a timing goal).
    expect(released).toBe(false);
    // The route wakes up after its answer and goes on: its next calls are refused, nothing is written.
    while (!released) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await clientsOf(admin.tenantId)).toEqual([]);
  });
});
