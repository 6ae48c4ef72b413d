import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { functionCatalogue } from '../../functions/catalogue.ts';
import { readConfig } from '../../functions/config.ts';
import { createDependencies } from '../../functions/dependencies.ts';
import { envNames } from '../../functions/env-names.ts';
import { type AgencyReceiver, startAgencyReceiver } from './agency-receiver.ts';
import { ensureAgencyKeyFile, readAgencyKeyFile } from './agency-key.ts';
import { createApiGateway } from './api-gateway.ts';
import { ensureCursorKeyFile } from './cursor-key.ts';
import { createDevIssuer, type DevIssuer } from './dev-issuer.ts';
import { startEmulators } from './emulators.ts';
import { localFunctionEnv } from './function-env.ts';
import { type LambdaService, startLambdaService } from './lambda-service.ts';
import { bridgeS3Events } from './s3-bridge.ts';
import { startScheduler } from './scheduler.ts';
import { seedDemo } from './seed.ts';
import { ensureTable } from './table.ts';

export const LOCAL_TABLE = 'cobranza-local';
export const LOCAL_BUCKET = 'cobranza-uploads';

export interface RuntimeOptions {
  /** Persistent folder (`.local/`); without it everything lives in memory / a temp folder. */
  dataDir?: string;
  /** API port; 0 picks a free one. */
  port: number;
  sesPort?: number;
  /** S3 emulator port; a fixed one keeps presigned upload URLs valid across restarts. Free port when absent. */
  s3Port?: number;
  /** The collection agency's stand-in (agency-receiver.ts); free port when absent. */
  agencyPort?: number;
  /** Run scheduled functions on their rate (off in tests, which invoke them on demand). */
  schedules: boolean;
  log?: (line: string) => void;
  /** Asynchronous invocations the local Invoke API runs at once (default 4). */
  lambdaConcurrency?: number;
}

/** What `runtime.json` records so `npm run token` and `npm run invoke` reach the running stack. */
export interface RuntimeInfo {
  apiUrl: string;
  sesUrl: string;
  /** The local collection agency (its received webhooks at `/received`). */
  agencyUrl?: string;
  env: Record<string, string>;
}

/**
 * The whole backend on one machine: emulators, table and bucket from the shared schema, the demo
 * seed, the HTTP API, S3 notifications and schedules, all calling the catalogued handlers.
 */
export async function startLocalRuntime(options: RuntimeOptions) {
  const log = options.log ?? ((line: string) => console.log(line));
  const s3Dir = options.dataDir ? join(options.dataDir, 's3') : mkdtempSync(join(tmpdir(), 'cobranza-s3-'));
  const keyDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cobranza-key-'));
  const emulators = await startEmulators({
    dataDir: options.dataDir,
    s3Dir,
    buckets: [LOCAL_BUCKET],
    ports: {
      ...(options.sesPort !== undefined ? { ses: options.sesPort } : {}),
      ...(options.s3Port !== undefined ? { s3: options.s3Port } : {}),
    },
  });
  let server: Server | undefined;
  let scheduler: { stop(): void } | undefined;
  let agency: AgencyReceiver | undefined;
  let lambda: LambdaService | undefined;
  try {
    const cursorKeyFile = ensureCursorKeyFile(join(keyDir, 'cursor-key'));
    const agencyKeyFile = ensureAgencyKeyFile(join(keyDir, 'agency-key'));
    // The agency's stand-in: escalation webhooks go to it, and it posts status events back to the API, with keys from the agency secret.
    agency = await startAgencyReceiver({ port: options.agencyPort ?? 0, platformSecret: () => readAgencyKeyFile(agencyKeyFile) });
    // Functions that invoke functions (the planner's fan-out) reach the catalogue through this Invoke API.
    lambda = await startLambdaService({ log, ...(options.lambdaConcurrency ? { concurrency: options.lambdaConcurrency } : {}) });
    // Handlers read their configuration at cold start, exactly as in Lambda.
    const baseEnv = localFunctionEnv({
      emulators,
      tableName: LOCAL_TABLE,
      bucket: LOCAL_BUCKET,
      stage: 'local',
      defaultSender: 'no-reply@cobranza.local',
      logLevel: process.env.POWERTOOLS_LOG_LEVEL,
      cursorKeyFile,
      agencyKeyFile,
      lambdaEndpoint: lambda.endpoint,
    });
    const env = { ...baseEnv, [envNames.agencyWebhookUrl]: agency.webhookUrl };
    Object.assign(process.env, env);

    const deps = createDependencies(readConfig());
    await ensureTable(deps.dynamoClient, LOCAL_TABLE);
    const seed = await seedDemo(deps);

    const issuer: DevIssuer = await createDevIssuer(options.dataDir ? join(options.dataDir, 'dev-issuer-key.json') : undefined);
    const api = await createApiGateway({ issuer, port: options.port });
    server = api.server;
    agency.setCallback(`${api.url}/v1/agency/webhooks/status`);
    const s3Events = bridgeS3Events(emulators.s3, { uploads: LOCAL_BUCKET }, log);
    if (options.schedules) scheduler = startScheduler(log);

    const info: RuntimeInfo = { apiUrl: api.url, sesUrl: emulators.sesEndpoint, agencyUrl: agency.url, env };
    if (options.dataDir) writeFileSync(join(options.dataDir, 'runtime.json'), JSON.stringify(info, null, 2));
    return {
      ...info,
      issuer,
      deps,
      seed,
      functions: functionCatalogue,
      lambda,
      s3Events,
      agency,
      onDynamoExit: emulators.onDynamoExit,
      async stop() {
        scheduler?.stop();
        await agency?.stop();
        await lambda?.stop();
        await new Promise<void>((resolve) => {
          server?.closeAllConnections();
          server?.close(() => resolve());
        });
        await emulators.stop();
        if (options.dataDir) rmSync(join(options.dataDir, 'runtime.json'), { force: true });
        else for (const dir of [s3Dir, keyDir]) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    scheduler?.stop();
    server?.close();
    await agency?.stop();
    await lambda?.stop();
    await emulators.stop();
    throw error;
  }
}

export type LocalRuntime = Awaited<ReturnType<typeof startLocalRuntime>>;
