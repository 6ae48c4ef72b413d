/**
 * What a caller gets when DynamoDB fails under the API, with the production SDK budget and deadlines:
 * paused (SIGSTOP of a DynamoDB Local of its own), killed (SIGKILL), throttling, and an answer lost
 * after the write committed. For each: the status, how long it took, and what the table holds after
 * the caller retried as told (Retry-After, same Idempotency-Key). Prints a Markdown table.
 *   node bench/faults/dynamo-faults.bench.ts
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { claimsForUser } from '../../functions/auth/claims.ts';
import { envNames, findFunction } from '../../functions/catalogue.ts';
import { readConfig } from '../../functions/config.ts';
import { createDependencies } from '../../functions/dependencies.ts';
import type { HttpEvent, HttpResult } from '../../functions/http/http-types.ts';
import { lambdaContext, projectRoot } from '../../scripts/local/handlers.ts';
import { dynamoFaults } from '../../test/support/dynamo-faults.ts';
import type { TestUser } from '../../test/support/http.ts';
import { ownDynamo, throttlingDynamo } from '../../test/support/fault-endpoints.ts';
import { writesEntity } from '../../test/support/lost-answers.ts';
import { newTenant } from '../../test/support/tenants.ts';

type Handler = (event: HttpEvent, context: Context) => Promise<HttpResult>;
const tableName = `faults-${randomUUID()}`;
Object.assign(process.env, {
  [envNames.tableName]: tableName,
  [envNames.uploadsBucket]: 'faults-uploads',
  [envNames.stage]: 'test',
  [envNames.s3Endpoint]: 'http://127.0.0.1:9',
  [envNames.sesEndpoint]: 'http://127.0.0.1:9',
  AWS_REGION: 'us-east-1',
  POWERTOOLS_LOG_LEVEL: 'CRITICAL',
  POWERTOOLS_METRICS_DISABLED: 'true',
});

let variant = 0;
/** A cold start of a handler against `endpoint` (a new module instance reads the environment again). */
async function handlerAt(fn: string, endpoint: string): Promise<Handler> {
  process.env[envNames.dynamoEndpoint] = endpoint;
  const url = `${pathToFileURL(`${projectRoot}/${findFunction(fn).entry}`).href}?cold=${++variant}`;
  return ((await import(url)) as { handler: Handler }).handler;
}

const rows: string[][] = [];
const faults = dynamoFaults();
const reset = () => {
  faults.mock.reset();
  faults.mock.send.callThrough();
};
reset();

function event(routeKey: string, as: TestUser, body?: unknown, key?: string): HttpEvent {
  const [method, path] = routeKey.split(' ') as [string, string];
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    isBase64Encoded: false,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(key ? { 'idempotency-key': key } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
    requestContext: {
      requestId: randomUUID(),
      routeKey,
      http: { method, path },
      authorizer: { jwt: { claims: claimsForUser(as), scopes: null } },
    },
  } as unknown as HttpEvent;
}

async function call(handler: Handler, fn: string, e: HttpEvent) {
  const started = performance.now();
  const result = await handler(e, lambdaContext(findFunction(fn)));
  const body = result.body ? (JSON.parse(result.body) as Record<string, unknown>) : {};
  return { status: result.statusCode!, ms: performance.now() - started, body, retryAfter: result.headers['retry-after'] };
}
const said = (r: Awaited<ReturnType<typeof call>>) =>
  `${r.status}${r.body.code ? ` ${r.body.code}` : ''}${r.body.reason ? ` (${r.body.reason}, ${r.body.outcome})` : ''}${r.retryAfter ? `, Retry-After ${r.retryAfter}` : ''}`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Retries as the answer says (Retry-After, same key) until it is not 503/409; the answers in order. */
async function retryAsTold(handler: Handler, fn: string, make: () => HttpEvent, first: Awaited<ReturnType<typeof call>>, onWait?: () => Promise<void>) {
  const seen = [first];
  let last = first;
  for (let i = 0; i < 6 && (last.status === 503 || last.status === 409); i++) {
    await new Promise((r) => setTimeout(r, Number(last.retryAfter ?? 1) * 1000));
    await onWait?.();
    last = await call(handler, fn, make());
    seen.push(last);
  }
  return seen;
}

const dynamo = await ownDynamo(tableName);
const deps = createDependencies(readConfig({ ...process.env, [envNames.dynamoEndpoint]: dynamo.endpoint }));
const clientsOf = async (tenantId: string) => (await deps.data.entities.client.query.byId({ tenantId }).go({ pages: 'all' })).data.length;
const clientsApi = await handlerAt('clients-api', dynamo.endpoint);
const importsApi = await handlerAt('imports-api', dynamo.endpoint);
const workspaceApi = await handlerAt('workspace-api', dynamo.endpoint);
const clientBody = (n: string) => ({ personType: 'other', name: `Falla ${n}`, email: `falla-${n}@faults.test` });

// 1. Paused before a read.
{
  const { admin } = await newTenant(deps);
  dynamo.pause();
  const r = await call(clientsApi, 'clients-api', event('GET /v1/clients', admin));
  dynamo.resume();
  rows.push(['DynamoDB paused (SIGSTOP), `GET /v1/clients`', said(r), secs(r.ms), 'nothing (a read)']);
}

// 2. Paused before a keyed create, resumed 10 s later; the caller retries as told.
{
  const { admin } = await newTenant(deps);
  const make = () => event('POST /v1/clients', admin, clientBody('2'), 'paused-2');
  dynamo.pause();
  const resumeAt = setTimeout(() => dynamo.resume(), 10_000);
  const first = await call(clientsApi, 'clients-api', make());
  const seen = await retryAsTold(clientsApi, 'clients-api', make, first);
  clearTimeout(resumeAt);
  dynamo.resume();
  rows.push([
    'DynamoDB paused 10 s, keyed `POST /v1/clients`, retried as told',
    seen.map(said).join(' → '),
    `${secs(first.ms)} (first answer)`,
    `${await clientsOf(admin.tenantId)} client`,
  ]);
}

// 3. Paused the moment the client's transaction goes out (resumed after the answer); keyed; retried as told.
for (const keyed of [true, false]) {
  const { admin } = await newTenant(deps);
  faults.mock.on(TransactWriteCommand).callsFake(async (input, getClient) => {
    dynamo.pause();
    return faults.passOn(new TransactWriteCommand(input), getClient());
  });
  const make = () => event('POST /v1/clients', admin, clientBody(`3${keyed}`), keyed ? 'paused-3' : undefined);
  const first = await call(clientsApi, 'clients-api', make());
  reset();
  dynamo.resume();
  await new Promise((r) => setTimeout(r, 500));
  if (keyed) {
    const seen = await retryAsTold(clientsApi, 'clients-api', make, first);
    rows.push([
      'DynamoDB paused mid-write (transaction sent), keyed create, retried as told',
      seen.map(said).join(' → '),
      `${secs(first.ms)} (first answer)`,
      `${await clientsOf(admin.tenantId)} client`,
    ]);
  } else {
    rows.push([
      'DynamoDB paused mid-write, create without a key',
      said(first),
      secs(first.ms),
      `${await clientsOf(admin.tenantId)} client (the answer said it may have been saved)`,
    ]);
  }
}

// 4. Answer lost after the write committed (client, import job, user + welcome e-mail); retried as told.
for (const [label, fn, handler, make, Command, entity] of [
  ['client', 'clients-api', clientsApi, (a: never) => event('POST /v1/clients', a, clientBody('4'), 'lost-4'), TransactWriteCommand, 'client'],
  [
    'import job',
    'imports-api',
    importsApi,
    (a: never) => event('POST /v1/imports', a, { kind: 'clients', fileName: 'c.xlsx' }, 'lost-4'),
    PutCommand,
    'importJob',
  ],
  [
    'user + welcome e-mail',
    'workspace-api',
    workspaceApi,
    (a: never) => event('POST /v1/users', a, { email: 'lost-4@faults.test', name: 'Perdida', accessLevel: 4 }, 'lost-4'),
    TransactWriteCommand,
    'outboundEmail',
  ],
] as const) {
  const { admin } = await newTenant(deps);
  let lose = 1;
  faults.mock.on(Command as never).callsFake(async (input: unknown, getClient: () => unknown) => {
    const result = await faults.passOn(new Command(input as never), getClient());
    if (writesEntity(entity)(input) && lose-- > 0) throw Object.assign(new Error('answer lost'), { name: 'TimeoutError', code: 'ETIMEDOUT', $metadata: {} });
    return result;
  });
  const first = await call(handler, fn, make(admin as never));
  reset();
  const seen = await retryAsTold(handler, fn, () => make(admin as never), first);
  const count = async (e: 'client' | 'importJob' | 'user' | 'outboundEmail') =>
    (await (deps.data.entities[e].query as any).byId({ tenantId: admin.tenantId }).go({ pages: 'all' })).data.length;
  const written =
    label === 'client'
      ? `${await count('client')} client`
      : label === 'import job'
        ? `${await count('importJob')} job`
        : `${(await count('user')) - 1} user, ${await count('outboundEmail')} e-mail`;
  rows.push([`answer lost after the ${label} was written (mock), retried as told`, seen.map(said).join(' → '), `${secs(first.ms)} (first answer)`, written]);
}

// 5. The e-mail's write fails (throttled after the SDK's retries): nothing half-written; the retry creates both.
{
  const { admin } = await newTenant(deps);
  let fail = 1;
  faults.mock.on(TransactWriteCommand).callsFake(async (input, getClient) => {
    if (writesEntity('outboundEmail')(input) && fail-- > 0) {
      throw Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
    }
    return faults.passOn(new TransactWriteCommand(input), getClient());
  });
  const make = () => event('POST /v1/users', admin, { email: 'tx-5@faults.test', name: 'Tx', accessLevel: 4 }, 'tx-5');
  const first = await call(workspaceApi, 'workspace-api', make());
  const between = `${(await deps.data.entities.user.query.byId({ tenantId: admin.tenantId }).go()).data.length - 1} user, ${(await deps.data.entities.outboundEmail.query.byId({ tenantId: admin.tenantId }).go()).data.length} e-mail`;
  reset();
  const seen = await retryAsTold(workspaceApi, 'workspace-api', make, first);
  const after = `${(await deps.data.entities.user.query.byId({ tenantId: admin.tenantId }).go()).data.length - 1} user, ${(await deps.data.entities.outboundEmail.query.byId({ tenantId: admin.tenantId }).go()).data.length} e-mail`;
  rows.push([
    'the user + e-mail transaction throttled (mock), keyed `POST /v1/users`, retried as told',
    seen.map(said).join(' → '),
    `${secs(first.ms)} (first answer)`,
    `after the 503: ${between}; after the retry: ${after}`,
  ]);
}

// 6. A read that hangs past the deadline (workspace-api, 10 s: the route is stopped at 8.5 s).
{
  const { admin } = await newTenant(deps);
  faults.mock.on(GetCommand).callsFake(async (input, getClient) => {
    await new Promise((r) => setTimeout(r, 12_000));
    return faults.passOn(new GetCommand(input), getClient());
  });
  const r = await call(workspaceApi, 'workspace-api', event('POST /v1/users', admin, { email: 'late-6@faults.test', name: 'Tarde', accessLevel: 4 }, 'late-6'));
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  reset();
  rows.push([
    'a read hangs past the deadline (mock, ignores its abort signal), `POST /v1/users` on a 10 s function',
    said(r),
    secs(r.ms),
    `${(await deps.data.entities.user.query.byId({ tenantId: admin.tenantId }).go()).data.length - 1} user`,
  ]);
}

// 7. Throttling of every request (a DynamoDB that answers ProvisionedThroughputExceeded).
{
  const throttling = await throttlingDynamo();
  const handler = await handlerAt('clients-api', throttling.endpoint);
  const admin = { tenantId: 't-throttled', id: 'a', email: 'a@t.test', accessLevel: 1 as const, permissions: [] };
  const r = await call(handler, 'clients-api', event('POST /v1/clients', admin, clientBody('7'), 'throttled-7'));
  rows.push(['DynamoDB throttling every request', said(r), secs(r.ms), `nothing (${throttling.requests()} requests, the SDK's 3 attempts)`]);
  await throttling.close();
}

// 8. Killed (SIGKILL): the port is closed.
{
  const { admin } = await newTenant(deps);
  await dynamo.kill();
  const r = await call(clientsApi, 'clients-api', event('POST /v1/clients', admin, clientBody('8'), 'killed-8'));
  rows.push(['DynamoDB killed (SIGKILL), keyed `POST /v1/clients`', said(r), secs(r.ms), 'nothing']);
}

await dynamo.stop();
faults.mock.restore();
console.log('| fault | what the caller gets | how fast | what was written |');
console.log('| --- | --- | --- | --- |');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
process.exit(0);
