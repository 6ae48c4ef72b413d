import { beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { NewClient, type Client } from '../../domain/clients/client.schema.ts';
import type { CollectionsSettings } from '../../domain/collections/collections.schema.ts';
import { computeDay, type PlannerDeps, planTenant, scheduleTenantPlanning } from '../../domain/collections/plan-tenant.use-case.ts';
import type { OutboundEmail } from '../../domain/messaging/outbound-email.schema.ts';
import { createCollectionsPlanner } from '../../functions/schedule/collections-planner.ts';
import { plannerDependencies } from '../../functions/wiring/collections-planner.ts';
import { FakeClock } from '../domain/fakes.ts';
import { concepts, noticesOf, render, settings } from '../domain/collections/planner-fixtures.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

const { handler: receivables } = await import('../../functions/http/receivables-api.handler.ts');
const deps = testDeps();
const call = (routeKey: string, as: TestUser, body: Record<string, unknown>) =>
  receivables(httpEvent({ routeKey, as, body, headers: { 'Idempotency-Key': `k-${Math.random()}` } }), contextOf('receivables-api'));
const actorOf = (u: TestUser) => ({ tenantId: u.tenantId, userId: u.id, accessLevel: u.accessLevel, permissions: u.permissions });

/** 09:00 in Santiago (UTC−3 in December) on Tuesday 2026-12-01. */
const TUESDAY_9 = '2026-12-01T12:00:00.000Z';

function plannerFor(clock: FakeClock, s: CollectionsSettings = settings()): PlannerDeps {
  return plannerDependencies(
    { ...deps, clock },
    {
      settings: { get: async () => s },
      concepts: { list: async () => concepts },
      notices: { getMany: async (_t, ids) => new Map(ids.map((id) => [id, noticesOf(id)])) },
      suppression: { suppressedAmong: async () => new Set() },
      render,
    },
  );
}

async function aTenantWithInvoices(dueDates: string[]) {
  const { admin } = await newTenant(deps);
  const client: Client = await createClient(deps)(
    actorOf(admin),
    NewClient.parse({ personType: 'other', name: 'Ferretería Sur', email: 'pagos@ferreteria.cl' }),
  );
  const invoices: Array<{ id: string; dueDate: string }> = [];
  for (const dueDate of dueDates) {
    const created = await call('POST /v1/invoices', admin, {
      clientId: client.id,
      status: 'issued',
      issueDate: '2026-10-01',
      dueDate,
      lines: [{ description: 'Cemento', quantity: '10', unitPrice: '1000', taxRate: '0' }],
    });
    expect(created.statusCode).toBe(201);
    invoices.push({ id: json(created).id as string, dueDate });
  }
  return { admin, client, invoices };
}

const outboxOf = async (tenantId: string): Promise<OutboundEmail[]> =>
  (await deps.data.entities.outboundEmail.query.byId({ tenantId }).go({ pages: 'all' })).data as unknown as OutboundEmail[];

describe('collections planner on DynamoDB Local', () => {
  let clock: FakeClock;
  beforeAll(() => {
    clock = new FakeClock(TUESDAY_9);
  });

  it('plans a day once: planning again, by the marker or after a lost marker, writes no second message', async () => {
    const { admin, invoices } = await aTenantWithInvoices(['2026-12-04', '2026-12-01', '2026-11-30', '2026-12-20']);
    clock.set('2026-12-01T11:00:00.000Z'); // 08:00 local: scheduled for 09:00 today
    const planner = plannerFor(clock);
    const state = await scheduleTenantPlanning(planner)({ id: admin.tenantId, timeZone: 'America/Santiago', mailHour: 9 });
    expect(state.nextRunAt).toBe(TUESDAY_9);
    expect((await planTenant(planner)(admin.tenantId)).outcome).toBe('not_due');

    clock.set(TUESDAY_9);
    const first = await planTenant(planner)(admin.tenantId);
    expect(first).toMatchObject({ outcome: 'planned', today: '2026-12-01', pending: 3, skipped: 0, alreadyPlanned: 0 });
    const written = await outboxOf(admin.tenantId);
    expect(written.map((m) => m.kind).sort()).toEqual(['collections.due_soon', 'collections.due_today', 'collections.overdue']);
    expect(written.every((m) => m.status === 'pending' && m.to[0] === 'pagos@ferreteria.cl' && m.dueAt === TUESDAY_9)).toBe(true);
    expect(written.map((m) => m.subject).sort()).toEqual(expect.arrayContaining([expect.stringMatching(/^due_soon /)]));
    expect(invoices).toHaveLength(4);

    // The same tick again: the marker says planned.
    expect((await planTenant(planner)(admin.tenantId)).outcome).toBe('not_due');
    // A planner that crashed after writing, before moving the marker: the rerun finds every message planned.
    const after = await planner.state.get(admin.tenantId);
    await planner.state.replace({ ...after!, plannedThrough: '2026-11-30', nextRunAt: TUESDAY_9, version: after!.version + 1 }, after);
    expect(await planTenant(planner)(admin.tenantId)).toMatchObject({ outcome: 'planned', pending: 0, alreadyPlanned: 3 });
    expect(await outboxOf(admin.tenantId)).toHaveLength(3);
  });

  it('two planners at once: one plans, the other finds the tenant taken; each message once', async () => {
    const { admin } = await aTenantWithInvoices(['2026-12-04', '2026-12-01']);
    clock.set(TUESDAY_9);
    const planner = plannerFor(clock);
    await scheduleTenantPlanning(planner)({ id: admin.tenantId, timeZone: 'America/Santiago', mailHour: 9 });
    const reports = await Promise.all([planTenant(planner)(admin.tenantId), planTenant(planner)(admin.tenantId), planTenant(planner)(admin.tenantId)]);
    expect(reports.filter((r) => r.outcome === 'planned')).toHaveLength(1);
    expect(await outboxOf(admin.tenantId)).toHaveLength(2);
    // Even two computations of the day written at once (a lease lost mid-run) land each id once.
    const tenant = (await deps.tenants.get(admin.tenantId))!;
    const [a, b] = await Promise.all([
      computeDay(planner)(tenant, '2026-12-01', '2026-11-30', TUESDAY_9),
      computeDay(planner)(tenant, '2026-12-01', '2026-11-30', TUESDAY_9),
    ]);
    const writes = await Promise.all([...a!.messages, ...b!.messages].map((m) => planner.messages.planOnce(m)));
    expect(writes.filter(Boolean)).toHaveLength(0);
  });

  it('a missed day is caught up by the next run, and nothing of it is planned twice', async () => {
    // Wednesday 12-02's run is missed; due_soon (3 days) of Wednesday is for invoices due Saturday 12-05 → moved to Friday 12-04 anyway;
    // an overdue step 1 of an invoice due 12-01 (its day Wednesday) is sent on Thursday.
    const { admin, invoices } = await aTenantWithInvoices(['2026-12-01', '2026-12-02']);
    clock.set(TUESDAY_9);
    const planner = plannerFor(clock, settings({ due_soon: { enabled: false, daysBefore: 3 } }));
    await scheduleTenantPlanning(planner)({ id: admin.tenantId, timeZone: 'America/Santiago', mailHour: 9 });
    expect(await planTenant(planner)(admin.tenantId)).toMatchObject({ outcome: 'planned', pending: 1 }); // due_today of 12-01
    clock.set('2026-12-03T12:00:00.000Z'); // Thursday 09:00; Wednesday never ran
    const thursday = await planTenant(planner)(admin.tenantId);
    expect(thursday).toMatchObject({ outcome: 'planned', today: '2026-12-03', pending: 2, skipped: 1 });
    const byKind = (await outboxOf(admin.tenantId)).map((m) => `${m.kind} ${m.status}`).sort();
    expect(byKind).toEqual([
      'collections.due_today pending', // Tuesday's
      'collections.due_today skipped', // Wednesday's due_today of 12-02: its due date passed → late
      'collections.overdue pending', // 12-01's step 1 (its day Wednesday)
      'collections.overdue pending', // 12-02's step 1 (its day Thursday)
    ]);
    expect(invoices).toHaveLength(2);
    expect((await planner.state.get(admin.tenantId))?.plannedThrough).toBe('2026-12-03');
  });

  it('a payment between planning and sending: the dispatcher re-check finds every invoice of the message paid', async () => {
    const { admin, client, invoices } = await aTenantWithInvoices(['2026-12-01']);
    clock.set(TUESDAY_9);
    const planner = plannerFor(clock);
    const tenant = (await deps.tenants.get(admin.tenantId))!;
    const day = await computeDay(planner)(tenant, '2026-12-01', '2026-11-30', TUESDAY_9);
    const [message] = day!.messages;
    expect(await planner.messages.planOnce(message!)).toBe(true);
    const paid = await call('POST /v1/payments', admin, { clientId: client.id, amount: 10_000, method: 'transfer', date: '2026-12-01' });
    expect(paid.statusCode).toBe(201);
    // What the dispatcher must re-check before sending (delivery's CollectionRecheck): each of collection.invoiceIds.
    const recheck = async (m: OutboundEmail) => {
      const states = await Promise.all(m.collection!.invoiceIds.map((id) => deps.invoices.get(admin.tenantId, id)));
      return states.every((i) => !i || i.balance === 0 || i.status === 'void') ? 'paid' : 'send';
    };
    expect(message!.collection!.invoiceIds).toEqual([invoices[0]!.id]);
    expect(await recheck(message!)).toBe('paid');
  });

  it('fans out per tenant from the due index: a tick plans every due tenant once, the next tick none', async () => {
    const tenants = await Promise.all([0, 1, 2].map(() => aTenantWithInvoices(['2026-12-01'])));
    clock.set('2026-12-01T10:00:00.000Z');
    const planner = plannerFor(clock);
    for (const { admin } of tenants) await scheduleTenantPlanning(planner)({ id: admin.tenantId, timeZone: 'America/Santiago', mailHour: 9 });
    const batches: string[][] = [];
    const run = createCollectionsPlanner({ ...planner, fanOut: { plan: async (ids) => void batches.push([...ids]) } });
    const tick = (at: string) => {
      clock.set(at);
      return run({ time: at } as never);
    };
    await tick('2026-12-01T11:45:00.000Z'); // 08:45 local: not yet
    expect(batches.flat().filter((id) => tenants.some((t) => t.admin.tenantId === id))).toEqual([]);
    await tick('2026-12-01T12:00:00.000Z');
    const handedOut = batches.flat().filter((id) => tenants.some((t) => t.admin.tenantId === id));
    expect(handedOut.sort()).toEqual(tenants.map((t) => t.admin.tenantId).sort());
    // The workers (an event naming the tenants) plan them; the next tick finds them done.
    await run({ tenantIds: handedOut });
    for (const { admin } of tenants) expect(await outboxOf(admin.tenantId)).toHaveLength(1);
    batches.length = 0;
    await tick('2026-12-01T12:15:00.000Z');
    expect(batches.flat().filter((id) => tenants.some((t) => t.admin.tenantId === id))).toEqual([]);
  });

  it('an operator event plans a tenant never scheduled (npm run invoke … --event), once', async () => {
    const { admin } = await aTenantWithInvoices(['2026-12-01']);
    clock.set(TUESDAY_9);
    const run = createCollectionsPlanner(plannerFor(clock));
    const first = (await run({ plan: [admin.tenantId] })) as { tenants: Array<{ outcome: string; pending: number }> };
    expect(first.tenants).toEqual([expect.objectContaining({ outcome: 'planned', pending: 1 })]);
    const again = (await run({ plan: [admin.tenantId] })) as { tenants: Array<{ outcome: string }> };
    expect(again.tenants).toEqual([expect.objectContaining({ outcome: 'not_due' })]);
    expect(await outboxOf(admin.tenantId)).toHaveLength(1);
  });
});
