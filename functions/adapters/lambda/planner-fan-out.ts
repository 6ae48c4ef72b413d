import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { PlannerFanOut } from '../../../domain/collections/planner-ports.ts';

/** What a worker invocation receives: the batch of tenants it plans (collections-planner.ts, `PlanTenantsEvent`). */
export const workerPayload = (tenantIds: readonly string[]) => new TextEncoder().encode(JSON.stringify({ tenantIds }));

/**
 * Hands a batch of tenants to a worker: an asynchronous invocation (`Event`) of `functionName` (the
 * planner invokes itself), which Lambda queues and answers 202 at once. Lambda retries a worker that
 * fails twice, then sends its event to the function's dead-letter destination. A refused invocation
 * throws: its tenants keep their due `nextRunAt` and no lease, so the next tick hands them out again.
 */
export function lambdaPlannerFanOut(client: LambdaClient, functionName: string): PlannerFanOut {
  return {
    async plan(tenantIds) {
      const { StatusCode } = await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: workerPayload(tenantIds) }));
      if (StatusCode !== 202) throw new Error(`invoking ${functionName} answered ${StatusCode} instead of 202 (accepted)`);
    },
  };
}
