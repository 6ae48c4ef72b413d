import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { dynamoFaults } from '../support/dynamo-faults.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { letLeasesRunOut, loseAnswersOf, writesEntity } from '../support/lost-answers.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

// A new user and its welcome e-mail are one write (transactional outbox). Faults are injected into
// the write that carries the e-mail, whichever command that is; everything else reaches DynamoDB Local.
const faults = dynamoFaults();
const { handler } = await import('../../functions/http/workspace-api.handler.ts');

const deps = testDeps();
beforeEach(() => {
  faults.mock.reset();
  faults.mock.send.callThrough();
});
afterAll(() => faults.mock.restore());

const createUser = (as: TestUser, email: string, key: string) =>
  handler(
    httpEvent({ routeKey: 'POST /v1/users', as, body: { email, name: 'Nueva', accessLevel: 4 }, headers: { 'idempotency-key': key } }),
    contextOf('workspace-api'),
  );
const emailsOf = async (tenantId: string) => (await deps.data.entities.outboundEmail.query.byId({ tenantId }).go({ pages: 'all' })).data;
const throttled = () =>
  Object.assign(new Error('injected: rate of requests exceeds the allowed throughput'), {
    name: 'ProvisionedThroughputExceededException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });

describe('creating a user', () => {
  it('writes nothing when the write that carries the welcome e-mail fails, and the retry creates the user and one e-mail', async () => {
    const { admin } = await newTenant(deps);
    let failures = 1;
    for (const Command of [PutCommand, TransactWriteCommand]) {
      faults.mock.on(Command as never).callsFake(async (input: unknown, getClient: () => unknown) => {
        if (writesEntity('outboundEmail')(input) && failures-- > 0) throw throttled();
        return faults.passOn(new Command(input as never), getClient());
      });
    }

    const failed = await createUser(admin, 'nueva@outbox.test', 'user-1');
    expect(failed.statusCode).toBe(503);
    expect(json(failed)).toMatchObject({ code: 'service_unavailable', reason: 'throttled', outcome: 'not_applied' });
    expect(await deps.users.findByEmail(admin.tenantId, 'nueva@outbox.test')).toBeUndefined();
    expect(await emailsOf(admin.tenantId)).toEqual([]);

    const retried = await createUser(admin, 'nueva@outbox.test', 'user-1');
    expect(retried.statusCode).toBe(201);
    const user = json(retried);
    expect((await deps.users.findByEmail(admin.tenantId, 'nueva@outbox.test'))?.id).toBe(user.id);
    const emails = await emailsOf(admin.tenantId);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ kind: 'user.invited', to: ['nueva@outbox.test'], status: 'pending' });
  });

  it('gives the retry the user whose answer was lost, with exactly one welcome e-mail', async () => {
    const { admin } = await newTenant(deps);
    loseAnswersOf(faults, TransactWriteCommand, { matches: writesEntity('outboundEmail') });

    const first = await createUser(admin, 'perdida@outbox.test', 'user-2');
    expect(first.statusCode).toBe(503);
    expect(json(first).outcome).toBe('kept');
    await letLeasesRunOut(admin.tenantId);
    const retried = await createUser(admin, 'perdida@outbox.test', 'user-2');
    expect(retried.statusCode).toBe(201);
    const stored = await deps.users.findByEmail(admin.tenantId, 'perdida@outbox.test');
    expect(json(retried).id).toBe(stored?.id);
    expect((await emailsOf(admin.tenantId)).map((e) => e.to)).toEqual([['perdida@outbox.test']]);
  });
});
