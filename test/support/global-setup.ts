import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { dynamoClients } from '../../functions/adapters/aws-clients.ts';
import { envNames } from '../../functions/catalogue.ts';
import { readConfig } from '../../functions/config.ts';
import { startEmulators } from '../../scripts/local/emulators.ts';
import { ensureAgencyKeyFile } from '../../scripts/local/agency-key.ts';
import { ensureCursorKeyFile } from '../../scripts/local/cursor-key.ts';
import { localFunctionEnv } from '../../scripts/local/function-env.ts';
import { ensureTable } from '../../scripts/local/table.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    env: Record<string, string>;
  }
}

/** Starts the emulators once per run and creates a table of this run's own. */
export default async function setup(project: TestProject) {
  const s3Dir = mkdtempSync(join(tmpdir(), 'cobranza-test-s3-'));
  // A sealing key of this run's own, outside the folder s3rver serves.
  const keyDir = mkdtempSync(join(tmpdir(), 'cobranza-test-key-'));
  const bucket = 'test-uploads';
  const emulators = await startEmulators({ s3Dir, buckets: [bucket] });
  const env = localFunctionEnv({
    emulators,
    tableName: `test-${randomUUID()}`,
    bucket,
    stage: 'test',
    defaultSender: 'no-reply@cobranza.test',
    logLevel: 'ERROR',
    cursorKeyFile: ensureCursorKeyFile(join(keyDir, 'cursor-key')),
    agencyKeyFile: ensureAgencyKeyFile(join(keyDir, 'agency-key')),
  });
  const { raw } = dynamoClients(readConfig(env));
  await ensureTable(raw, env[envNames.tableName]!);
  raw.destroy();
  project.provide('env', env);
  return async () => {
    await emulators.stop();
    for (const dir of [s3Dir, keyDir]) rmSync(dir, { recursive: true, force: true });
  };
}
