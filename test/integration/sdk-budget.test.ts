import { ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ConditionalCheckFailedException, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { GetAccountCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cognitoClient, dynamoClients, s3Client, sesClient } from '../../functions/adapters/aws-clients.ts';
import { createDataService } from '../../functions/adapters/dynamodb/entities/index.ts';
import { sdkBudgetFor, workingTimeMs, worstCaseCallMs } from '../../functions/adapters/sdk-budget.ts';
import { mayHaveApplied, unavailabilityOf } from '../../functions/adapters/unavailability.ts';
import { functionCatalogue } from '../../functions/catalogue.ts';
import { readConfig } from '../../functions/config.ts';
import { blackHole, closedPort } from '../support/fault-endpoints.ts';

const short = { connectionTimeoutMs: 200, requestTimeoutMs: 300, socketTimeoutMs: 300, maxAttempts: 2, backoffCapMs: 50 };

describe('the SDK budget', () => {
  it('lets no single call of any function that reaches AWS outlast the time the function has', () => {
    for (const spec of functionCatalogue.filter((f) => Object.keys(f.grants).length > 0)) {
      const budget = readConfig(process.env, spec.name).sdk;
      expect(worstCaseCallMs(budget), spec.name).toBeLessThanOrEqual(workingTimeMs(spec.timeoutSeconds));
      expect(budget.connectionTimeoutMs, spec.name).toBeLessThanOrEqual(budget.requestTimeoutMs);
    }
  });

  it('refuses a budget that could outlast the function', () => {
    expect(() => sdkBudgetFor(10, { requestTimeoutMs: 5_000 })).toThrow(/more than a 10 s function can wait/);
  });
});

describe('every SDK client the functions build', () => {
  let hole: Awaited<ReturnType<typeof blackHole>>;
  beforeAll(async () => {
    hole = await blackHole();
  });
  afterAll(async () => {
    await hole.close();
  });
  const config = () => ({ ...readConfig(), dynamoEndpoint: hole.endpoint, s3Endpoint: hole.endpoint, sesEndpoint: hole.endpoint, sdk: short });

  const calls: Array<[string, () => Promise<unknown>]> = [
    ['DynamoDB', () => dynamoClients(config()).raw.send(new ListTablesCommand({}))],
    ['S3', () => s3Client(config()).send(new HeadBucketCommand({ Bucket: 'b' }))],
    ['SES', () => sesClient(config()).send(new GetAccountCommand({}))],
    [
      'Cognito',
      async () => {
        // Cognito has no emulator: the SDK's service endpoint variable points it at the silent port.
        const saved = { ...process.env };
        Object.assign(process.env, { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: hole.endpoint, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
        try {
          const client = cognitoClient(config());
          return await client.send(new ListUsersCommand({ UserPoolId: 'us-east-1_pool' }));
        } finally {
          for (const name of ['AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
            if (saved[name] === undefined) delete process.env[name];
            else process.env[name] = saved[name];
          }
        }
      },
    ],
  ];

  for (const [service, call] of calls) {
    it(`gives up on a silent ${service} endpoint after its attempts, within the budget`, async () => {
      const started = performance.now();
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      const ms = performance.now() - started;
      expect(unavailabilityOf(error)).toBe('no_answer');
      expect((error as { $metadata?: { attempts?: number } }).$metadata?.attempts).toBe(short.maxAttempts);
      expect(ms).toBeLessThan(worstCaseCallMs(short) + 5_000);
    });
  }
});

describe('telling unavailability from everything else', () => {
  const data = (endpoint: string) => createDataService(dynamoClients({ ...readConfig(), dynamoEndpoint: endpoint, sdk: short }).document, 'any');
  let hole: Awaited<ReturnType<typeof blackHole>>;
  beforeAll(async () => {
    hole = await blackHole();
  });
  afterAll(async () => {
    await hole.close();
  });
  const failureOf = (work: Promise<unknown>) =>
    work.then(
      () => {
        throw new Error('expected a failure');
      },
      (e: unknown) => e,
    );

  it('looks through ElectroDB: a timeout is no answer, and the write may have been applied', async () => {
    const error = await failureOf(data(hole.endpoint).entities.tenant.get({ tenantId: 't' }).go());
    expect((error as Error).name).toBe('ElectroError');
    expect(unavailabilityOf(error)).toBe('no_answer');
    expect(mayHaveApplied(error)).toBe(true);
  });

  it('looks through ElectroDB: a refused connection is unreachable, and nothing was applied', async () => {
    const error = await failureOf(
      data((await closedPort()).endpoint)
        .entities.tenant.get({ tenantId: 't' })
        .go(),
    );
    expect(unavailabilityOf(error)).toBe('unreachable');
    expect(mayHaveApplied(error)).toBe(false);
  });

  it('counts an operation its abort signal stopped as no answer', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failureOf(data(hole.endpoint).entities.tenant.get({ tenantId: 't' }).go({ abortSignal: controller.signal }));
    expect(unavailabilityOf(error)).toBe('no_answer');
  });

  it('names throttling and transaction contention as load, which applied nothing', () => {
    for (const name of ['ProvisionedThroughputExceededException', 'ThrottlingException', 'TransactionConflictException']) {
      const error = Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 400 } });
      expect(unavailabilityOf({ cause: error }), name).toBe('throttled');
      expect(mayHaveApplied(error), name).toBe(false);
    }
  });

  it('names a server error that outlasted the retries as failing', () => {
    const error = Object.assign(new Error('internal'), { name: 'InternalServerError', $fault: 'server', $metadata: { httpStatusCode: 500 } });
    expect(unavailabilityOf(error)).toBe('failing');
    expect(mayHaveApplied(error)).toBe(true);
  });

  it('leaves refusals and bugs alone', () => {
    const refused = new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } });
    expect(unavailabilityOf(refused)).toBeUndefined();
    expect(mayHaveApplied(refused)).toBe(false);
    expect(unavailabilityOf(new TypeError('x is undefined'))).toBeUndefined();
  });
});
