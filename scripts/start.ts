/**
 * `npm start`: the whole backend on the embedded local stack. Ctrl-C stops every child process.
 * PORT (default 3000), SES_PORT (default 8005) and S3_PORT (default 8006) move the listeners; the S3 port
 * stays the same across restarts so that upload URLs handed out before a restart still work.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { claimsForUser } from '../functions/auth/claims.ts';
import { envNames } from '../functions/catalogue.ts';
import { localDataDir, runtimeFile } from './local/paths.ts';
import { startLocalRuntime, type RuntimeInfo } from './local/runtime.ts';
import { DEMO_ADMIN, DEMO_TENANT } from './local/seed.ts';
import { liveOwner, readStackLock, stopOrphanedDynamo } from './local/stack-lock.ts';

const started = performance.now();
mkdirSync(localDataDir, { recursive: true });

/** Whether a stack answers at these endpoints, database included (the API alone can answer without it). */
/** Long enough for a loaded machine: the first /v1/openapi.json builds the document (docs-api builds it on first use). */
const PROBE_MS = 5000;

async function answers(info: RuntimeInfo): Promise<{ api: boolean; database: boolean }> {
  const api = await fetch(`${info.apiUrl}/v1/openapi.json`, { signal: AbortSignal.timeout(PROBE_MS) }).then(
    (r) => r.ok,
    () => false,
  );
  const client = new DynamoDBClient({
    endpoint: info.env[envNames.dynamoEndpoint],
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const database = await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(PROBE_MS) }).then(
    () => true,
    () => false,
  );
  client.destroy();
  return { api, database };
}

// Two stacks must not share one data folder: DynamoDB Local's file would be written by both.
const lock = readStackLock(localDataDir);
const previous = existsSync(runtimeFile) ? (JSON.parse(readFileSync(runtimeFile, 'utf8')) as RuntimeInfo) : undefined;
const owner = liveOwner(lock);
if (owner) {
  const state = previous ? await answers(previous) : { api: false, database: false };
  console.error(
    state.api && state.database
      ? `A local stack is already running at ${previous!.apiUrl} with this data folder (npm start, pid ${owner}). Stop it first (Ctrl-C).`
      : `npm start (pid ${owner}) still holds this data folder but does not answer${state.api ? ': its DynamoDB Local is down' : ''}. Stop it first (kill ${owner}).`,
  );
  process.exit(1);
}
if (!lock && previous) {
  // A stack from before the lock file: refuse only if it fully answers.
  const state = await answers(previous);
  if (state.api && state.database) {
    console.error(`A local stack is already running at ${previous.apiUrl} with this data folder. Stop it first (Ctrl-C).`);
    process.exit(1);
  }
}
const orphan = await stopOrphanedDynamo(lock, join(localDataDir, 'dynamodb'));
if (orphan) console.log(`Stopped DynamoDB Local (pid ${orphan}), left running on ${localDataDir} by an npm start that was killed.`);

const port = Number(process.env.PORT ?? 3000);
const sesPort = Number(process.env.SES_PORT ?? 8005);
const s3Port = Number(process.env.S3_PORT ?? 8006);
const runtime = await startLocalRuntime({ dataDir: localDataDir, port, sesPort, s3Port, schedules: true }).catch((error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') {
    console.error(
      `Port ${port}, ${sesPort} or ${s3Port} is in use by another program. Free it or run with PORT=<port> SES_PORT=<port> S3_PORT=<port> npm start.`,
    );
    process.exit(1);
  }
  throw error;
});

let stopping = false;
// Without its database the API would answer every request with a 500: say so at once and stop.
runtime.onDynamoExit(({ code, signal }) => {
  if (stopping) return;
  stopping = true;
  console.error(
    `\nDynamoDB Local stopped unexpectedly (${signal ?? `exit code ${code}`}). The API cannot work without it, so npm start stops too.` +
      `\nRun npm start again; the data in ${localDataDir} is kept.`,
  );
  void runtime.stop().finally(() => process.exit(1));
});

const admin = await runtime.deps.users.get(DEMO_TENANT, DEMO_ADMIN);
const token = admin ? await runtime.issuer.sign(claimsForUser(admin)) : '(demo admin missing)';
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`
Cobranza backend running on the local stack (ready in ${seconds} s; seed: ${runtime.seed.created} created, ${runtime.seed.existing} already there)

  API          ${runtime.apiUrl}/v1
  Reference    ${runtime.apiUrl}/docs   (OpenAPI: ${runtime.apiUrl}/v1/openapi.json)
  SES inbox    ${runtime.sesUrl}/
  Agency       ${runtime.agency.url}/received   (the collection agency's stand-in: escalation webhooks it got)
  Data         ${localDataDir}   (npm run reset wipes it)

Demo admin token (tenant "${DEMO_TENANT}", user "${DEMO_ADMIN}", 12 h):
  ${token}

Try:  curl -H "Authorization: Bearer $TOKEN" ${runtime.apiUrl}/v1/tenant
More: npm run token -- --tenant ${DEMO_TENANT} --user cobrador    npm run invoke -- outbox-dispatcher
Ctrl-C stops everything.
`);

const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await runtime.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
