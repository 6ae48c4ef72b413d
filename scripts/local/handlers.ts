import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionSpec } from '../../functions/catalogue.ts';

/** Project root, from which catalogue entries are resolved. */
export const projectRoot = resolve(import.meta.dirname, '../..');

type Handler = (event: unknown, context: Context) => Promise<unknown>;
const loaded = new Map<string, Promise<Handler>>();

/**
 * Loads a catalogued handler the way Lambda does: import the entry once (cold start), then call its
 * `handler` export. The environment must be set before the first load.
 */
export function loadHandler(spec: FunctionSpec): Promise<Handler> {
  let handler = loaded.get(spec.name);
  if (!handler) {
    handler = import(pathToFileURL(resolve(projectRoot, spec.entry)).href).then((mod: { handler?: Handler }) => {
      if (typeof mod.handler !== 'function') throw new Error(`${spec.entry} does not export handler`);
      return mod.handler;
    });
    loaded.set(spec.name, handler);
  }
  return handler;
}

/** A Lambda context with the function's real timeout, for handlers and Powertools. */
export function lambdaContext(spec: FunctionSpec): Context {
  const deadline = Date.now() + spec.timeoutSeconds * 1000;
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: spec.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${spec.name}`,
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${spec.name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export async function invokeFunction(spec: FunctionSpec, event: unknown): Promise<unknown> {
  const handler = await loadHandler(spec);
  return handler(event, lambdaContext(spec));
}
