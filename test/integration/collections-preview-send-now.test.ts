import { describe, expect, it } from 'vitest';
import { createClient } from '../../domain/clients/client.use-cases.ts';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { type PlannerDeps, planTenant, scheduleTenantPlanning } from '../../domain/collections/plan-tenant.use-case.ts';
import { previewCollections, sendReminderNow } from '../../domain/collections/preview.use-cases.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { plannerDependencies } from '../../functions/wiring/collections-planner.ts';
import { FakeClock } from '../domain/fakes.ts';
import { concepts, noticesOf, render, settings } from '../domain/collections/planner-fixtures.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

const { handler: receivables } = await import('../../functions/http/receivables-api.handler.ts');
const deps = testDeps();
const actorOf = (u: TestUser) => ({ tenantId: u.tenantId, userId: u.id, accessLevel: u.accessLevel, permissions: u.permissions });
const clock = new FakeClock('2026-12-01T11:00:00.000Z'); // Tuesday 08:00 in Santiago

const planner: PlannerDeps = plannerDependencies(
  { ...deps, clock },
  {
    settings: { get: async () => settings() },
    concepts: { list: async () => concepts },
    notices: { getMany: async (_t, ids) => new Map(ids.map((id) => [id, noticesOf(id)])) },
    suppression: { suppressedAmong: async () => new Set() },
    render,
  },
);
const sendNowDeps = { ...planner, invoiceRecords: deps.invoices, clientRecords: deps.clients };

async function setup() {
  const { admin } = await newTenant(deps);
  const client = await createClient(deps)(actorOf(admin), NewClient.parse({ personType: 'other', name: 'Ferretería Sur', email: 'pagos@ferreteria.cl' }));
  const invoice = async (dueDate: string) => {
    const created = await receivables(
      httpEvent({
        routeKey: 'POST /v1/invoices',
        as: admin,
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
    expect(created.statusCode).toBe(201);
    return json(created).id as string;
  };
  return { admin, client, invoice };
}

const reason = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return e instanceof DomainError ? `${e.code}:${String((e.details as { reason?: string }).reason ?? (e.details as { entity?: string }).entity)}` : String(e);
  }
};

describe('collections preview', () => {
  it("shows the next run's messages without writing, and what a later day will send", async () => {
    const { admin, invoice } = await setup();
    const today = await invoice('2026-12-01');
    const friday = await invoice('2026-12-04');
    const preview = await previewCollections(planner)(actorOf(admin), undefined);
    expect(preview.date).toBe('2026-12-01');
    expect(preview.messages.map((m) => `${m.type} ${m.invoiceIds[0]} ${m.status}`).sort()).toEqual([
      `due_soon ${friday} pending`,
      `due_today ${today} pending`,
    ]);
    expect((await deps.data.entities.outboundEmail.query.byId({ tenantId: admin.tenantId }).go()).data).toEqual([]);
    const later = await previewCollections(planner)(actorOf(admin), '2026-12-04');
    expect(later.messages.map((m) => `${m.type} ${m.invoiceIds[0]}`)).toEqual([`due_today ${friday}`]);
    expect(await previewCollections(planner)(actorOf(admin), '2026-12-05')).toMatchObject({ businessDay: false, messages: [] });
    expect(await reason(previewCollections(planner)(actorOf(admin), '2026-11-30'))).toBe('validation_failed:undefined');
  });

  it('is for the company level only', async () => {
    const { admin } = await setup();
    const clerk = await newUser(deps, admin.tenantId, { accessLevel: 4 });
    expect(await reason(previewCollections(planner)(actorOf(clerk), undefined))).toBe('forbidden:requires_level');
  });
});

describe('send now', () => {
  it("plans the invoice's next reminder today under its step's id: the daily run does not send that step again", async () => {
    const { admin, invoice } = await setup();
    const id = await invoice('2026-12-10'); // due_soon's day is 12-07
    const sent = await sendReminderNow(sendNowDeps)(actorOf(admin), id);
    expect(sent).toMatchObject({ type: 'due_soon', step: '2026-12-10', plannedFor: '2026-12-01', status: 'pending', to: ['pagos@ferreteria.cl'] });
    // Pressed again at once (a double click): the same press, no second e-mail.
    expect(await reason(sendReminderNow(sendNowDeps)(actorOf(admin), id))).toBe('invalid_state:reminder_just_queued');
    // Again two minutes later: the next step (due_today) goes.
    clock.set('2026-12-01T11:02:00.000Z');
    expect(await sendReminderNow(sendNowDeps)(actorOf(admin), id)).toMatchObject({ type: 'due_today', step: '2026-12-10' });
    // Monday 12-07's run reaches due_soon's step: already planned.
    clock.set('2026-12-01T11:00:00.000Z');
    await scheduleTenantPlanning(planner)({ id: admin.tenantId, timeZone: 'America/Santiago', mailHour: 9 });
    const state = await planner.state.get(admin.tenantId);
    await planner.state.replace({ ...state!, plannedThrough: '2026-12-04', nextRunAt: '2026-12-07T12:00:00.000Z', version: state!.version + 1 }, state);
    clock.set('2026-12-07T12:00:00.000Z');
    expect(await planTenant(planner)(admin.tenantId)).toMatchObject({ outcome: 'planned', pending: 0, alreadyPlanned: 1 });
    clock.set('2026-12-01T11:00:00.000Z');
  });

  it('refuses an invoice of another tenant (404), a held one, and one with nothing left', async () => {
    const { admin, invoice } = await setup();
    const other = await setup();
    const id = await invoice('2026-12-10');
    expect(await reason(sendReminderNow(sendNowDeps)(actorOf(other.admin), id))).toBe('not_found:invoice');
    const held = await receivables(
      httpEvent({
        routeKey: 'PUT /v1/invoices/{invoiceId}/hold',
        as: admin,
        pathParameters: { invoiceId: id },
        body: { kind: 'disputed', reason: 'Mal facturado' },
      }),
      contextOf('receivables-api'),
    );
    expect(held.statusCode).toBeLessThan(300);
    expect(await reason(sendReminderNow(sendNowDeps)(actorOf(admin), id))).toBe('invalid_state:reminder_not_sendable');
    // Overdue since 11-01: its three overdue steps (11-02, 11-09, 11-16) are past.
    const old = await invoice('2026-11-01');
    expect(await reason(sendReminderNow(sendNowDeps)(actorOf(admin), old))).toBe('invalid_state:no_reminder_left');
  });
});
