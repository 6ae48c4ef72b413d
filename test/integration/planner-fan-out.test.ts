import { InvokeCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { ulid } from 'ulid';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PLANNER_LEASE_MS, scheduleTenantPlanning } from '../../domain/collections/plan-tenant.use-case.ts';
import { TENANTS_PER_BATCH } from '../../domain/collections/plan-due-tenants.use-case.ts';
import type { TenantPlanReport } from '../../domain/collections/plan-tenant.use-case.ts';
import { lambdaClient } from '../../functions/adapters/aws-clients.ts';
import { lambdaPlannerFanOut } from '../../functions/adapters/lambda/planner-fan-out.ts';
import { envNames, findFunction } from '../../functions/catalogue.ts';
import { readConfig } from '../../functions/config.ts';
import type { Dependencies } from '../../functions/dependencies.ts';
import { createCollectionsPlanner } from '../../functions/schedule/collections-planner.ts';
import { plannerDependencies } from '../../functions/wiring/collections-planner.ts';
import { invokeFunction } from '../../scripts/local/handlers.ts';
import { type LambdaService, startLambdaService } from '../../scripts/local/lambda-service.ts';
import { scheduledEvent } from '../../scripts/local/scheduler.ts';
import { ownTable } from '../support/own-table.ts';

/**
 * The planner's fan-out end to end on one machine: a tick of the catalogued collections-planner hands its
 * due tenants to workers through the Lambda Invoke API (LambdaClient → the local runtime's Invoke API →
 * the same catalogue entry), on a table of this file's own so the due index holds only its tenants.
 * Tenants plan at 00:00 UTC with the real clock, so they are due whenever the test runs; on a weekend the
 * run's outcome is `not_business_day`, which moves the marker on just the same.
 */
const spec = findFunction('collections-planner');
let deps: Dependencies;
let lambda: LambdaService;
const lambdaCalls = mockClient(LambdaClient);
/** The unmocked send, for calls the fault lets through. */
const send = LambdaClient.prototype.send as (this: unknown, command: unknown) => Promise<unknown>;

beforeAll(async () => {
  deps = await ownTable();
  lambda = await startLambdaService({ concurrency: 3 });
  // The catalogued handler reads its configuration at its cold start (its first invocation below): this file's table and Invoke API.
  process.env[envNames.tableName] = deps.config.tableName;
  process.env[envNames.lambdaEndpoint] = lambda.endpoint;
  // This shared two-core machine can keep DynamoDB Local busy for seconds: wider waits than a Lambda's, for this file's handler only.
  process.env[envNames.sdkBudget] = JSON.stringify({ connectionTimeoutMs: 5_000, requestTimeoutMs: 20_000, socketTimeoutMs: 20_000 });
});
const SLOW = 180_000;
afterAll(() => lambda.stop());
afterEach(() => {
  lambdaCalls.reset();
  lambdaCalls.send.callThrough();
});
lambdaCalls.send.callThrough();

/** Tenants on the schedule at 00:00 UTC: due as soon as they are scheduled. */
async function dueTenants(n: number, clock = deps.clock): Promise<string[]> {
  const at = clock.now().toISOString();
  const ids = Array.from({ length: n }, () => `t-${ulid().toLowerCase()}`);
  for (const id of ids) {
    const tenant = {
      id,
      name: `Tenant ${id}`,
      country: 'other',
      currency: 'USD',
      timeZone: 'UTC',
      locale: 'es',
      mailHour: 0,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    await deps.tenants.createIfAbsent(tenant as never);
    await scheduleTenantPlanning({ ...plannerDependencies(deps), clock })(tenant as never);
  }
  return ids;
}

const tick = () => invokeFunction(spec, scheduledEvent(spec, new Date())) as Promise<{ due: number; batches: number; failedBatches: number }>;
const workerEvents = () => lambda.invocations.filter((i) => i.type === 'Event');
const reportsOf = (from: number) =>
  workerEvents()
    .slice(from)
    .flatMap((i) => (i.result as { tenants: TenantPlanReport[] }).tenants);
const stateOf = (id: string) => plannerDependencies(deps).state.get(id);

describe('collections planner fan-out through the Lambda Invoke API', () => {
  it('hands a tick of 55 due tenants to 3 workers of the same function ({ tenantIds }, 25 a batch), which plan each once', { timeout: SLOW }, async () => {
    const tenants = await dueTenants(55);
    const before = workerEvents().length;
    expect(await tick()).toMatchObject({ due: 55, batches: 3, failedBatches: 0 });
    await lambda.idle();
    const events = workerEvents().slice(before);
    expect(events.map((e) => e.functionName)).toEqual(['collections-planner', 'collections-planner', 'collections-planner']);
    const batches = events.map((e) => (e.payload as { tenantIds: string[] }).tenantIds);
    expect(batches.map((b) => b.length).sort()).toEqual([TENANTS_PER_BATCH, TENANTS_PER_BATCH, 5]);
    expect(events.map((e) => Object.keys(e.payload as object))).toEqual([['tenantIds'], ['tenantIds'], ['tenantIds']]);
    expect(batches.flat().sort()).toEqual([...tenants].sort());
    expect(events.every((e) => e.outcome === 'succeeded')).toBe(true);
    const reports = reportsOf(before);
    expect(reports.map((r) => r.tenantId).sort()).toEqual([...tenants].sort());
    expect(new Set(reports.map((r) => r.outcome))).toSatisfy((s: Set<string>) => [...s].every((o) => o === 'planned' || o === 'not_business_day'));
    const now = new Date().toISOString();
    for (const id of tenants) {
      const state = await stateOf(id);
      expect(state?.leaseUntil, id).toBeUndefined();
      expect(state!.nextRunAt > now, id).toBe(true);
    }
    // The next tick finds nobody due: no worker is invoked.
    expect(await tick()).toMatchObject({ due: 0, batches: 0 });
    await lambda.idle();
    expect(workerEvents()).toHaveLength(before + 3);
  });

  it('a refused invocation leaves its tenants due, unleased: the tick goes on with the other batches and the next tick hands them out again', {
    timeout: SLOW,
  }, async () => {
    const tenants = await dueTenants(30);
    const before = workerEvents().length;
    let calls = 0;
    lambdaCalls.on(InvokeCommand).callsFake((input, getClient) => {
      calls++;
      if (calls === 2) throw new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} });
      return send.call(getClient(), new InvokeCommand(input));
    });
    expect(await tick()).toMatchObject({ due: 30, batches: 2, failedBatches: 1 });
    await lambda.idle();
    const handedOut = workerEvents()
      .slice(before)
      .flatMap((e) => (e.payload as { tenantIds: string[] }).tenantIds);
    const refused = tenants.filter((t) => !handedOut.includes(t));
    // One of the two batches (25 and 5) went out, the other was refused.
    expect([handedOut.length, refused.length].sort((a, b) => a - b)).toEqual([5, TENANTS_PER_BATCH]);
    for (const id of refused) expect((await stateOf(id))?.leaseUntil).toBeUndefined();

    lambdaCalls.reset();
    lambdaCalls.send.callThrough();
    const second = workerEvents().length;
    expect(await tick()).toMatchObject({ due: refused.length, batches: 1, failedBatches: 0 });
    await lambda.idle();
    const retaken = workerEvents()
      .slice(second)
      .flatMap((e) => (e.payload as { tenantIds: string[] }).tenantIds);
    expect(retaken.sort()).toEqual(refused.sort());
    expect(
      reportsOf(before)
        .map((r) => r.tenantId)
        .sort(),
    ).toEqual([...tenants].sort());
  });

  it('a worker that stops after claiming leaves a lease: no tick hands the tenant out until it runs out, then one does and it is planned', {
    timeout: SLOW,
  }, async () => {
    const [id] = await dueTenants(1);
    const state = (await stateOf(id!))!;
    const claimedAt = Date.now();
    // What planTenant's claim leaves when its worker dies before the marker moves on.
    await plannerDependencies(deps).state.replace(
      { ...state, leaseUntil: new Date(claimedAt + PLANNER_LEASE_MS).toISOString(), version: state.version + 1, updatedAt: new Date(claimedAt).toISOString() },
      state,
    );
    expect(await tick()).toMatchObject({ due: 0, batches: 0 });

    // Past the lease: a tick and its workers on a clock 5 minutes on (the same catalogue name, served over this file's table).
    const later = { now: () => new Date(Date.now() + PLANNER_LEASE_MS + 1_000) };
    let planner: ReturnType<typeof createCollectionsPlanner> | undefined;
    const workers = await startLambdaService({ invoke: (_spec, event) => planner!(event as never) });
    try {
      const client = lambdaClient(readConfig({ ...process.env, [envNames.lambdaEndpoint]: workers.endpoint }));
      planner = createCollectionsPlanner({ ...plannerDependencies({ ...deps, clock: later }), fanOut: lambdaPlannerFanOut(client, 'collections-planner') });
      expect(await planner(scheduledEvent(spec, later.now()) as never)).toMatchObject({ due: 1, batches: 1, failedBatches: 0 });
      await workers.idle();
      expect(workers.invocations.map((i) => i.payload)).toEqual([{ tenantIds: [id] }]);
      const [report] = (workers.invocations[0]!.result as { tenants: TenantPlanReport[] }).tenants;
      expect(['planned', 'not_business_day']).toContain(report!.outcome);
      expect((await stateOf(id!))?.leaseUntil).toBeUndefined();
    } finally {
      await workers.stop();
    }
  });

  it('answers an unknown function with ResourceNotFoundException, and names given as ARNs reach the catalogue entry', async () => {
    const client = lambdaClient(readConfig());
    await expect(lambdaPlannerFanOut(client, 'no-such-function').plan(['t-1'])).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const service = await startLambdaService({ invoke: async () => undefined });
    try {
      const viaArn = lambdaClient(readConfig({ ...process.env, [envNames.lambdaEndpoint]: service.endpoint }));
      await lambdaPlannerFanOut(viaArn, 'arn:aws:lambda:us-east-1:000000000000:function:collections-planner').plan(['t-a', 't-b']);
      await service.idle();
      expect(service.invocations).toEqual([
        expect.objectContaining({ functionName: 'collections-planner', type: 'Event', payload: { tenantIds: ['t-a', 't-b'] } }),
      ]);
    } finally {
      await service.stop();
    }
  });
});
