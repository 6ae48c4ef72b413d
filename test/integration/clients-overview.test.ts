import { describe, expect, it } from 'vitest';
import { NewClient } from '../../domain/clients/client.schema.ts';
import { createClient, updateClient } from '../../domain/clients/client.use-cases.ts';
import { clientOverview, RECENT_CHANGES, type OverviewSection } from '../../domain/clients/overview.use-case.ts';
import { newAdminActor, testDeps } from '../support/tenants.ts';

const deps = testDeps();

describe('client overview', () => {
  it('adds what each registered module summarizes for the client, and marks a failing module unavailable', async () => {
    const actor = await newAdminActor(deps);
    const client = await createClient(deps)(actor, NewClient.parse({ personType: 'other', name: 'Resumen', email: 'resumen@o.test' }));
    const asked: string[] = [];
    const invoices: OverviewSection = {
      name: 'invoices',
      summarize: async (tenantId, clientId) => {
        asked.push(`${tenantId}/${clientId}`);
        return { open: 2, overdueAmount: 150_000 };
      },
    };
    const notes: OverviewSection = {
      name: 'notes',
      summarize: async () => {
        throw new Error('notes store down');
      },
    };
    // A provider that throws before returning a promise must not fail the overview either.
    const tasks: OverviewSection = {
      name: 'tasks',
      summarize: () => {
        throw new Error('tasks not configured');
      },
    };

    const overview = await clientOverview({ ...deps, overviewSections: [invoices, notes, tasks] })(actor, client.id);

    expect(asked).toEqual([`${actor.tenantId}/${client.id}`]);
    expect(overview.sections).toEqual({ invoices: { open: 2, overdueAmount: 150_000 }, notes: { unavailable: true }, tasks: { unavailable: true } });
    expect(overview.client.id).toBe(client.id);
  });

  it('shows the newest changes first, at most a handful, and how each kind of message is routed', async () => {
    const actor = await newAdminActor(deps);
    const client = await createClient(deps)(
      actor,
      NewClient.parse({ personType: 'other', name: 'Cambiante', email: 'cambia@o.test', collectionsEnabled: false }),
    );
    for (let v = 1; v <= RECENT_CHANGES + 1; v += 1) await updateClient(deps)(actor, client.id, { phone: `+56 9 0000 000${v}` }, v);

    const overview = await clientOverview(deps)(actor, client.id);

    expect(overview.recentChanges).toHaveLength(RECENT_CHANGES);
    expect(overview.recentChanges[0]).toMatchObject({
      operation: 'update',
      version: RECENT_CHANGES + 2,
      changes: [{ field: 'phone', from: `+56 9 0000 000${RECENT_CHANGES}`, to: `+56 9 0000 000${RECENT_CHANGES + 1}` }],
    });
    expect(overview.messaging.map((m) => [m.kind, m.sends])).toEqual([
      ['invoices', true],
      ['payments', true],
      ['reminders', false],
      ['notices', false],
    ]);
    expect(overview.sections).toEqual({});
  });
});
