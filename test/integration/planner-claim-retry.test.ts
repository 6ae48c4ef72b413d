import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { PLANNER_LEASE_MS, scheduleTenantPlanning } from '../../domain/collections/plan-tenant.use-case.ts';
import type { TenantPlanReport } from '../../domain/collections/plan-tenant.use-case.ts';
import type { OutboundEmail } from '../../domain/messaging/outbound-email.schema.ts';
import { createCollectionsPlanner } from '../../functions/schedule/collections-planner.ts';
import { plannerDependencies } from '../../functions/wiring/collections-planner.ts';
import { FakeClock } from '../domain/fakes.ts';
import { concepts, noticesOf, render, settings } from '../domain/collections/planner-fixtures.ts';
import { contextOf, httpEvent, json } from '../support/http.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

/**
 * Why the bench's 1,000-tenant tick left tenants reported `busy` and never planned (decision NNN): a
 * claim DynamoDB applied whose answer came after the SDK's request timeout was sent again by the SDK,
 * and the retry's condition (the version it had just moved) failed. The worker took its own claim for
 * another planner's and went on; the tenant sat under a lease nobody worked on. The faults are injected
 * on the real client (DynamoDB Local): the write is carried out, then its answer is "lost".
 */
const { handler: receivables } = await import('../../functions/http/receivables-api.handler.ts');
const deps = testDeps();
/** 09:00 in Santiago (UTC−3 in December) on Tuesday 2026-12-01. */
const TUESDAY_9 = '2026-12-01T12:00:00.000Z';
const clock = new FakeClock(TUESDAY_9);
const planner = plannerDependencies(
  { ...deps, clock },
  {
    settings: { get: async () => settings() },
    concepts: { list: async () => concepts },
    notices: { getMany: async (_t, ids) => new Map(ids.map((id) => [id, noticesOf(id)])) },
    suppression: { suppressedAmong: async () => new Set() },
    render,
  },
);
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;
const noMetrics = { addMetric: () => undefined, publishStoredMetrics: () => undefined } as never;
/** A worker: the planner function given `{ tenantIds }` (what a tick's hand-out invokes). */
const worker = () => createCollectionsPlanner(planner, quiet, noMetrics) as (event: { tenantIds: string[] }) => Promise<{ tenants: TenantPlanReport[] }>;

async function dueTenant() {
  const { admin } = await newTenant(deps);
  const actor = { tenantId: admin.tenantId, userId: admin.id, accessLevel: admin.accessLevel, permissions: admin.permissions };
  const client = await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Ferretería Sur', email: 'pagos@ferreteria.cl' }));
  for (const dueDate of ['2026-12-04', '2026-12-01', '2026-11-30']) {
    const created = await receivables(
      httpEvent({
        routeKey: 'POST /v1/invoices',
        as: admin,
        headers: { 'Idempotency-Key': `k-${Math.random()}` },
        body: {
          clientId: client.id,
          status: 'issued',
          issueDate: '2026-10-01',
          dueDate,
          lines: [{ description: 'Cemento', quantity: '1', unitPrice: '1000', taxRate: '0' }],
        },
      }),
      contextOf('receivables-api'),
    );
    expect(json(created).id).toBeTruthy();
  }
  clock.set('2026-12-01T11:00:00.000Z');
  await scheduleTenantPlanning(planner)({ id: admin.tenantId, timeZone: 'America/Santiago', mailHour: 9 });
  clock.set(TUESDAY_9);
  return admin.tenantId;
}

const outboxOf = async (tenantId: string) =>
  (await deps.data.entities.outboundEmail.query.byId({ tenantId }).go({ pages: 'all' })).data as unknown as OutboundEmail[];

type Step = (input: string, attempt: () => Promise<unknown>) => Promise<unknown>;
const FAULT = 'planner-fault';
/**
 * Runs `step` around every attempt of a planner-marker write or read of `tenantId` on the table's client, inside
 * the SDK's retry loop (the deserialize step), so a thrown TimeoutError is retried by the SDK as a real one is.
 */
function around(tenantId: string, command: 'PutItemCommand' | 'GetItemCommand', step: Step) {
  deps.document.middlewareStack.add(
    (next, context) => async (args) => {
      const input = JSON.stringify((args as { input?: unknown }).input ?? {});
      if (context.commandName !== command || !input.includes('COLLECTIONS#PLANNER') || !input.includes(tenantId)) return next(args);
      return step(input, () => next(args)) as never;
    },
    { step: 'deserialize', name: `${FAULT}-${command}`, override: true },
  );
}
/** The answer of an applied write, lost: what the SDK sees when DynamoDB answers after the request timeout. */
const lateAnswer = () => Object.assign(new Error('Request did not complete within 2000 ms'), { name: 'TimeoutError' });

afterEach(() => {
  deps.document.middlewareStack.remove(`${FAULT}-PutItemCommand`);
  deps.document.middlewareStack.remove(`${FAULT}-GetItemCommand`);
});

describe('a planner claim whose answer came too late (the SDK sent it again)', () => {
  it('is recognised as the worker’s own: the tenant is planned, each message once, and its lease released', async () => {
    const tenantId = await dueTenant();
    let claims = 0;
    around(tenantId, 'PutItemCommand', async (input, attempt) => {
      if (!input.includes('leaseUntil')) return attempt();
      claims++;
      const out = await attempt();
      if (claims === 1) throw lateAnswer();
      return out;
    });
    const { tenants } = await worker()({ tenantIds: [tenantId] });
    expect(claims).toBe(2); // the claim, applied, then the SDK's retry of it
    expect(tenants).toEqual([expect.objectContaining({ tenantId, outcome: 'planned', pending: 3, alreadyPlanned: 0 })]);
    const state = await planner.state.get(tenantId);
    expect(state).toMatchObject({ plannedThrough: '2026-12-01' });
    expect(state?.leaseUntil).toBeUndefined();
    expect(await outboxOf(tenantId)).toHaveLength(3);
  });

  it('two invocations of the same batch at once, both reading before either claims: one plans, the other is busy; nothing left leased', async () => {
    const tenantId = await dueTenant();
    // Both read the marker before either claims (the bench's duplicate invocations), and the winner's answer is late.
    let reads = 0;
    let bothRead: () => void = () => undefined;
    const readsDone = new Promise<void>((resolve) => {
      bothRead = resolve;
    });
    around(tenantId, 'GetItemCommand', async (_input, attempt) => {
      const out = await attempt();
      if (++reads === 2) bothRead();
      return out;
    });
    let claims = 0;
    around(tenantId, 'PutItemCommand', async (input, attempt) => {
      if (!input.includes('leaseUntil')) return attempt();
      const n = ++claims;
      if (n === 1) await readsDone;
      const out = await attempt();
      if (n === 1) throw lateAnswer();
      return out;
    });
    const run = worker();
    const [a, b] = await Promise.all([run({ tenantIds: [tenantId] }), run({ tenantIds: [tenantId] })]);
    const outcomes = [...a.tenants, ...b.tenants].map((r) => r.outcome).sort();
    expect(outcomes).toEqual(['busy', 'planned']);
    expect(await outboxOf(tenantId)).toHaveLength(3);
    const state = await planner.state.get(tenantId);
    expect(state?.plannedThrough).toBe('2026-12-01');
    expect(state?.leaseUntil).toBeUndefined();
    expect(state!.nextRunAt > TUESDAY_9).toBe(true);
  });

  it('a duplicate invocation that comes after the first one finished finds the day planned (not_due), and no tick hands the tenant out again today', async () => {
    const tenantId = await dueTenant();
    const run = worker();
    expect((await run({ tenantIds: [tenantId] })).tenants[0]).toMatchObject({ outcome: 'planned', pending: 3 });
    expect((await run({ tenantIds: [tenantId] })).tenants[0]).toMatchObject({ outcome: 'not_due', pending: 0 });
    expect(await planner.state.due(new Date(Date.parse(TUESDAY_9) + PLANNER_LEASE_MS + 60_000).toISOString(), 10_000)).not.toContain(tenantId);
    expect(await outboxOf(tenantId)).toHaveLength(3);
  });

  it('the marker’s last write answered late still leaves the tenant planned and unleased', async () => {
    const tenantId = await dueTenant();
    let finals = 0;
    around(tenantId, 'PutItemCommand', async (input, attempt) => {
      if (input.includes('leaseUntil')) return attempt();
      const out = await attempt();
      if (++finals === 1) throw lateAnswer();
      return out;
    });
    const { tenants } = await worker()({ tenantIds: [tenantId] });
    expect(finals).toBe(2);
    expect(tenants[0]).toMatchObject({ outcome: 'planned', pending: 3 });
    const state = await planner.state.get(tenantId);
    expect(state?.leaseUntil).toBeUndefined();
    expect(state?.plannedThrough).toBe('2026-12-01');
  });
});
