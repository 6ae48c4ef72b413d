import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StandardRetryStrategy } from '@smithy/core/retry';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { RuntimeConfig } from '../config.ts';
import { currentScope } from './request-scope.ts';
import type { SdkBudget } from './sdk-budget.ts';
import { mayHaveApplied } from './unavailability.ts';

/** Emulators accept any credentials; DynamoDB Local needs an alphanumeric key id. */
const localCredentials = (id: string) => ({ accessKeyId: id, secretAccessKey: id });

/**
 * The SDK's own HTTP handler, with one addition: a call made while a request runs carries that
 * request's deadline as its abort signal (unless the caller gave one), so no adapter has to pass it.
 */
class DeadlineAwareHttpHandler extends NodeHttpHandler {
  override handle(request: Parameters<NodeHttpHandler['handle']>[0], options: Parameters<NodeHttpHandler['handle']>[1] = {}) {
    const signal = options.abortSignal ?? currentScope()?.signal;
    return super.handle(request, signal ? { ...options, abortSignal: signal } : options);
  }
}

/** Full jitter below `min(base × 2^attempt, cap)`; the SDK sets the base (longer for throttling). */
function cappedBackoff(capMs: number) {
  let base = 50;
  return {
    setDelayBase: (delayBase: number) => {
      base = delayBase;
    },
    computeNextBackoffDelay: (attempt: number) => Math.floor(Math.random() * Math.min(base * 2 ** attempt, capMs)),
  };
}

/** Timeouts and retries every client shares (docs: functions/adapters/sdk-budget.ts). */
function bounded(budget: SdkBudget, socketTimeoutMs = budget.socketTimeoutMs) {
  return {
    requestHandler: new DeadlineAwareHttpHandler({
      connectionTimeout: budget.connectionTimeoutMs,
      requestTimeout: budget.requestTimeoutMs,
      // Without it a breached requestTimeout is only logged, and the call goes on waiting.
      throwOnRequestTimeout: true,
      socketTimeout: socketTimeoutMs,
    }),
    retryStrategy: new StandardRetryStrategy({ maxAttempts: budget.maxAttempts, backoff: cappedBackoff(budget.backoffCapMs) }),
  };
}

/**
 * Counts, for the request in scope, the writes the service confirmed and those sent without a clear
 * answer. Added at `initialize` so it sees each call's outcome after every retry.
 */
function tallyWrites(stack: DynamoDBClient['middlewareStack'], isWrite: (commandName: string) => boolean) {
  stack.add(
    (next, context) => async (args) => {
      const writes = currentScope()?.writes;
      if (!writes || !isWrite(context.commandName ?? '')) return next(args);
      try {
        const result = await next(args);
        writes.applied += 1;
        return result;
      } catch (error) {
        if (mayHaveApplied(error)) writes.unknown += 1;
        throw error;
      }
    },
    { step: 'initialize', name: 'tallyWrites', priority: 'high' },
  );
}

const DYNAMO_WRITES = /^(Put|Update|Delete|BatchWrite|TransactWrite)Item/;
const DYNAMO_STATEMENT_WRITES = /^(ExecuteTransaction|BatchExecuteStatement|ExecuteStatement)Command$/;
/** Cognito admin actions that change a user (reads are Get/List). */
const COGNITO_WRITES = /^Admin(?!Get|List)/;

/** The plain client (HTTP idempotency builds its own document client on it) and the document client over it (ElectroDB). */
export function dynamoClients(config: RuntimeConfig): { raw: DynamoDBClient; document: DynamoDBDocumentClient } {
  const client = new DynamoDBClient({
    region: config.region,
    ...bounded(config.sdk),
    ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint, credentials: localCredentials('local') } : {}),
  });
  tallyWrites(client.middlewareStack, (name) => DYNAMO_WRITES.test(name) || DYNAMO_STATEMENT_WRITES.test(name));
  return { raw: client, document: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }) };
}

/** Workbooks stream in while exceljs reads them: a body may pause that long between chunks, not more. */
const S3_BODY_SILENCE_MS = 30_000;

export function s3Client(config: RuntimeConfig): S3Client {
  const limits = bounded(config.sdk, S3_BODY_SILENCE_MS);
  if (!config.s3Endpoint) return new S3Client({ region: config.region, ...limits });
  // s3rver stores aws-chunked framing as the object unless checksums are only sent when required.
  return new S3Client({
    region: 'us-east-1',
    endpoint: config.s3Endpoint,
    forcePathStyle: true,
    credentials: localCredentials('S3RVER'),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...limits,
  });
}

export function sesClient(config: RuntimeConfig): SESv2Client {
  return new SESv2Client({
    region: config.region,
    ...bounded(config.sdk),
    ...(config.sesEndpoint ? { endpoint: config.sesEndpoint, credentials: localCredentials('local') } : {}),
  });
}

/** The user pool's admin API (AWS only: locally the dev issuer stands in for it). */
export function cognitoClient(config: RuntimeConfig): CognitoIdentityProviderClient {
  const client = new CognitoIdentityProviderClient({ region: config.region, ...bounded(config.sdk) });
  // Same middleware shape; only the clients' input and output types differ.
  tallyWrites(client.middlewareStack as unknown as DynamoDBClient['middlewareStack'], (name) => COGNITO_WRITES.test(name));
  return client;
}

/** Lambda's Invoke API (locally the local runtime's stand-in: scripts/local/lambda-service.ts). */
export function lambdaClient(config: RuntimeConfig): LambdaClient {
  return new LambdaClient({
    region: config.region,
    ...bounded(config.sdk),
    ...(config.lambdaEndpoint ? { endpoint: config.lambdaEndpoint, credentials: localCredentials('local') } : {}),
  });
}
