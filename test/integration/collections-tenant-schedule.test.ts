import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { dynamoPlannerStateStore } from '../../functions/adapters/dynamodb/planner-state.store.ts';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { testDeps } from '../support/tenants.ts';

const operator = (await import('../../functions/operator/tenant-operator.handler.ts')).handler;
const workspace = (await import('../../functions/http/workspace-api.handler.ts')).handler;
const deps = testDeps();
const states = dynamoPlannerStateStore(deps.data);

/** The hour of an instant on the tenant's wall clock. */
const localHour = (iso: string, timeZone: string) =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(new Date(iso)));

/** The next run is the mail hour of the tenant's day, or now when that hour has passed and the day is not planned. */
const expectNextRunAt = (nextRunAt: string, timeZone: string, mailHour: number, before: number) => {
  const at = Date.parse(nextRunAt);
  if (at > Date.now() + 1_000) expect(localHour(nextRunAt, timeZone)).toBe(mailHour);
  else expect(at).toBeGreaterThanOrEqual(before - 1_000);
};

describe('tenants on the collections planner schedule', () => {
  it('puts a provisioned tenant on the schedule, and a repeat of the command keeps one marker', async () => {
    const tenantId = `sched-${ulid().toLowerCase()}`;
    const payload = { action: 'create', tenantId, name: 'Ferretería Sur', country: 'CL', adminEmail: 'ana@ferreteria.cl', operator: 'ops@cobranza.test' };
    const before = Date.now();
    expect(await operator(payload, contextOf('tenant-operator'))).toMatchObject({ ok: true, created: true });
    const state = await states.get(tenantId);
    expect(state).toMatchObject({ tenantId });
    expectNextRunAt(state!.nextRunAt, 'America/Santiago', 9, before);
    expect(await operator(payload, contextOf('tenant-operator'))).toMatchObject({ ok: true, created: false });
    // The repeat reschedules the same marker (one item per tenant): still today's mail hour, or now once it has passed.
    const again = (await states.get(tenantId))!;
    expect(again.version).toBe(state!.version + 1);
    expectNextRunAt(again.nextRunAt, 'America/Santiago', 9, before);
  });

  it('moves the next run when the mail hour or the time zone changes, and not for other settings', async () => {
    const tenantId = `sched-${ulid().toLowerCase()}`;
    const created = (await operator(
      { action: 'create', tenantId, name: 'Abarrotes Lupita', country: 'MX', adminEmail: 'lupita@abarrotes.mx', operator: 'ops@cobranza.test' },
      contextOf('tenant-operator'),
    )) as { admin: { id: string; email: string; permissions: string[] } };
    const admin: TestUser = { tenantId, id: created.admin.id, email: created.admin.email, accessLevel: 1, permissions: created.admin.permissions as never };
    const patch = async (body: Record<string, unknown>) => {
      const current = json(await workspace(httpEvent({ routeKey: 'GET /v1/tenant', as: admin }), contextOf('workspace-api')));
      const result = await workspace(
        httpEvent({ routeKey: 'PATCH /v1/tenant', as: admin, body, headers: { 'If-Match': `"${current.version}"` } }),
        contextOf('workspace-api'),
      );
      expect(result.statusCode, result.body).toBe(200);
    };
    const first = (await states.get(tenantId))!;
    await patch({ name: 'Abarrotes Lupita SA' });
    expect((await states.get(tenantId))!.version).toBe(first.version);

    for (const [mailHour, timeZone] of [
      [23, 'America/Mexico_City'],
      [6, 'America/Bogota'],
    ] as const) {
      const before = Date.now();
      await patch({ mailHour, timeZone });
      const state = (await states.get(tenantId))!;
      expect(state.version).toBeGreaterThan(first.version);
      expectNextRunAt(state.nextRunAt, timeZone, mailHour, before);
    }
  });
});
