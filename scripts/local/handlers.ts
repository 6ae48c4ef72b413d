import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';
import type { Context } from 'aws-lambda';
import type { FunctionSpec } from '../../functions/catalogue.ts';

/** Project root, from which catalogue entries are resolved. */
export const projectRoot = resolve(import.meta.dirname, '../..');

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * One process serves many invocations at once here, as Lambda's multi-concurrency runtime does; like that
 * runtime, each invocation runs in its own InvokeStore context (AsyncLocalStorage), and
 * AWS_LAMBDA_MAX_CONCURRENCY tells Powertools to keep per-invocation state there, so the keys a request
 * appends to the logger (its request id) stay on its own log lines. If something created a single-context
 * store first, invocations share state as before.
 */
const invokeStore = await InvokeStore.getInstanceAsync(true);
invokeStore.run({}, () => undefined);
const perInvocation = !invokeStore.hasContext();
if (perInvocation) process.env.AWS_LAMBDA_MAX_CONCURRENCY ??= '64';
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
  const context = lambdaContext(spec);
  if (!perInvocation) return handler(event, context);
  return invokeStore.run({ [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: context.awsRequestId }, () => handler(event, context));
}
