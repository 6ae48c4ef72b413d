import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { functionCatalogue, type FunctionSpec } from '../../functions/catalogue.ts';
import { invokeFunction } from './handlers.ts';

/** One invocation the service accepted, as a test or bench reads it back. */
export interface LocalInvocation {
  functionName: string;
  type: 'Event' | 'RequestResponse';
  payload: unknown;
  /** Set once the handler finished: its outcome after the retries. */
  outcome?: 'succeeded' | 'failed';
  /** What the handler returned (a worker's report). */
  result?: unknown;
  error?: string;
}

export interface LambdaServiceOptions {
  port?: number;
  /** Asynchronous invocations running at once (Lambda's concurrency, kept small on two cores); the rest wait their turn. */
  concurrency?: number;
  /** Runs a catalogued handler; the local runtime's own by default (tests may give the same entry over another table). */
  invoke?: (spec: FunctionSpec, event: unknown) => Promise<unknown>;
  log?: (line: string) => void;
}

/** Lambda retries a failed asynchronous invocation twice (after 1 and 2 minutes; here sooner). */
const ASYNC_RETRIES = 2;
const RETRY_DELAY_MS = 200;
const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/** `name`, `name:qualifier` or a function ARN → the catalogue name. */
const functionNameOf = (raw: string) => {
  const name = decodeURIComponent(raw);
  const arn = /^arn:aws[\w-]*:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(name);
  return arn ? arn[1]! : name.split(':')[0]!;
};

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID(), ...headers });
  res.end(text);
}

/**
 * The Lambda Invoke API on one machine (`POST /2015-03-31/functions/{name}/invocations`), over the
 * catalogue: what a function's LambdaClient reaches through `LAMBDA_ENDPOINT`. `Event` answers 202 and
 * queues the invocation (run `concurrency` at a time, retried twice on error, like Lambda's async queue);
 * `RequestResponse` answers the handler's result, or its error with `X-Amz-Function-Error`. An unknown name
 * is a 404 ResourceNotFoundException. `idle()` resolves once every queued invocation has finished.
 */
export async function startLambdaService(options: LambdaServiceOptions = {}) {
  const concurrency = options.concurrency ?? 4;
  const invoke = options.invoke ?? invokeFunction;
  const log = options.log ?? (() => undefined);
  const invocations: LocalInvocation[] = [];
  const queue: Array<{ spec: FunctionSpec; record: LocalInvocation }> = [];
  let running = 0;
  let waiters: Array<() => void> = [];

  const settleIfIdle = () => {
    if (running || queue.length) return;
    for (const wake of waiters) wake();
    waiters = [];
  };
  const runAsync = async ({ spec, record }: { spec: FunctionSpec; record: LocalInvocation }) => {
    for (let attempt = 0; ; attempt++) {
      try {
        record.result = await invoke(spec, record.payload);
        record.outcome = 'succeeded';
        return;
      } catch (error) {
        record.error = String(error);
        if (attempt >= ASYNC_RETRIES) {
          record.outcome = 'failed';
          log(`✗ ${spec.name} (async) failed after ${ASYNC_RETRIES} retries: ${record.error}`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * (attempt + 1)));
      }
    }
  };
  const pump = () => {
    while (running < concurrency && queue.length) {
      const next = queue.shift()!;
      running++;
      void runAsync(next).finally(() => {
        running--;
        pump();
        settleIfIdle();
      });
    }
  };

  const server = createServer(async (req, res) => {
    const match = req.method === 'POST' ? INVOKE_PATH.exec(new URL(req.url ?? '/', 'http://local').pathname) : null;
    if (!match) return answer(res, 404, { message: `no such operation: ${req.method} ${req.url}` }, { 'x-amzn-errortype': 'UnknownOperationException' });
    const name = functionNameOf(match[1]!);
    const spec = functionCatalogue.find((f) => f.name === name);
    if (!spec) return answer(res, 404, { Type: 'User', message: `Function not found: ${name}` }, { 'x-amzn-errortype': 'ResourceNotFoundException' });
    const body = await readBody(req);
    let payload: unknown;
    try {
      payload = body ? JSON.parse(body) : {};
    } catch {
      return answer(res, 400, { Type: 'User', message: 'Could not parse request body into json' }, { 'x-amzn-errortype': 'InvalidRequestContentException' });
    }
    const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    if (type === 'DryRun') return answer(res, 204, undefined);
    if (type === 'Event') {
      const record: LocalInvocation = { functionName: name, type: 'Event', payload };
      invocations.push(record);
      queue.push({ spec, record });
      pump();
      return answer(res, 202, undefined);
    }
    const record: LocalInvocation = { functionName: name, type: 'RequestResponse', payload };
    invocations.push(record);
    try {
      const result = await invoke(spec, payload);
      record.outcome = 'succeeded';
      return answer(res, 200, result ?? null, { 'x-amz-executed-version': '$LATEST' });
    } catch (error) {
      record.outcome = 'failed';
      record.error = String(error);
      return answer(
        res,
        200,
        { errorType: (error as Error).name ?? 'Error', errorMessage: (error as Error).message ?? String(error) },
        { 'x-amz-function-error': 'Unhandled' },
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    /** Every invocation accepted so far, in arrival order. */
    invocations,
    /** Resolves when no asynchronous invocation is queued or running. */
    idle: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        settleIfIdle();
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type LambdaService = Awaited<ReturnType<typeof startLambdaService>>;
