/**
 * `npm start`: the whole backend on the embedded local stack. Ctrl-C stops every child process.
 * PORT (default 3000) and SES_PORT (default 8005) move the listeners.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { claimsForUser } from '../functions/auth/claims.ts';
import { localDataDir, runtimeFile } from './local/paths.ts';
import { startLocalRuntime } from './local/runtime.ts';
import { DEMO_ADMIN, DEMO_TENANT } from './local/seed.ts';

const started = performance.now();
mkdirSync(localDataDir, { recursive: true });

// Two stacks must not share one data folder: DynamoDB Local's file would be written by both.
if (existsSync(runtimeFile)) {
  const { apiUrl } = JSON.parse(readFileSync(runtimeFile, 'utf8')) as { apiUrl: string };
  const alive = await fetch(`${apiUrl}/v1/openapi.json`, { signal: AbortSignal.timeout(1000) }).then(() => true, () => false);
  if (alive) {
    console.error(`A local stack is already running at ${apiUrl} with this data folder. Stop it first (Ctrl-C).`);
    process.exit(1);
  }
}

const port = Number(process.env.PORT ?? 3000);
const runtime = await startLocalRuntime({
  dataDir: localDataDir,
  port,
  sesPort: Number(process.env.SES_PORT ?? 8005),
  schedules: true,
}).catch((error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') {
    console.error(`Port ${port} or ${process.env.SES_PORT ?? 8005} is in use by another program. Free it or run with PORT=<port> SES_PORT=<port> npm start.`);
    process.exit(1);
  }
  throw error;
});

const admin = await runtime.deps.users.get(DEMO_TENANT, DEMO_ADMIN);
const token = admin ? await runtime.issuer.sign(claimsForUser(admin)) : '(demo admin missing)';
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`
Cobranza backend running on the local stack (ready in ${seconds} s; seed: ${runtime.seed.created} created, ${runtime.seed.existing} already there)

  API          ${runtime.apiUrl}/v1
  Reference    ${runtime.apiUrl}/docs   (OpenAPI: ${runtime.apiUrl}/v1/openapi.json)
  SES inbox    ${runtime.sesUrl}/
  Data         ${localDataDir}   (npm run reset wipes it)

Demo admin token (tenant "${DEMO_TENANT}", user "${DEMO_ADMIN}", 12 h):
  ${token}

Try:  curl -H "Authorization: Bearer $TOKEN" ${runtime.apiUrl}/v1/tenant
More: npm run token -- --tenant ${DEMO_TENANT} --user cobrador    npm run invoke -- outbox-dispatcher
Ctrl-C stops everything.
`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await runtime.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
