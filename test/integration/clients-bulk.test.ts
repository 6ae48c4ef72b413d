import { beforeAll, describe, expect, it } from 'vitest';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, testDeps } from '../support/tenants.ts';

const { handler } = await import('../../functions/http/clients-api.handler.ts');
const call = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
  handler(httpEvent({ routeKey, as, ...extra }), contextOf('clients-api'));

const deps = testDeps();
let admin: TestUser;
let agentA: string;
let agentB: string;

async function addUser(tenantId: string, id: string, permissions: string[] = []) {
  const at = new Date().toISOString();
  await deps.users.create({ tenantId, id, email: `${id}@${tenantId}.test`, name: id, accessLevel: 4, permissions, status: 'active', version: 1, createdAt: at, updatedAt: at, createdBy: 't', updatedBy: 't' });
  return id;
}
const createClient = async (body: Record<string, unknown>) => json(await call('POST /v1/clients', admin, { body })) as { id: string };

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
  admin = { ...admin, permissions: ['clients.reassign_agent'] };
  agentA = await addUser(admin.tenantId, 'agent-a');
  agentB = await addUser(admin.tenantId, 'agent-b');
});

describe('mass update', () => {
  it('updates the selected clients, lists the ones it could not, and changes nothing more when run again', async () => {
    const a = await createClient({ personType: 'other', name: 'Masa A', email: 'ma@bulk.test' });
    const b = await createClient({ personType: 'other', name: 'Masa B', email: 'mb@bulk.test', paymentTermsDays: 30 });
    const body = { clientIds: [a.id, b.id, 'missing-client'], patch: { paymentTermsDays: 45, collectionsEnabled: false } };
    const first = json(await call('POST /v1/clients/mass-update', admin, { body }));
    expect(first).toMatchObject({ total: 3, counts: { updated: 2, unchanged: 0, not_found: 1, failed: 0 } });
    expect(first.failures).toEqual([expect.objectContaining({ clientId: 'missing-client', outcome: 'not_found' })]);
    const again = json(await call('POST /v1/clients/mass-update', admin, { body }));
    expect(again.counts).toEqual({ updated: 0, unchanged: 2, not_found: 1, failed: 0 });
    const history = json(await call('GET /v1/clients/{clientId}/history', admin, { pathParameters: { clientId: b.id } }));
    expect(history.items).toContainEqual(expect.objectContaining({ operation: 'mass_update', operationId: first.operationId, field: 'paymentTermsDays', from: 30, to: 45 }));
  });

  it('updates every client matching a filter', async () => {
    const category = json(await call('POST /v1/client-categories', admin, { body: { name: 'Filtrada', color: '#ABCDEF' } }));
    for (const n of [1, 2, 3]) await createClient({ personType: 'other', name: `Filtro ${n}`, email: `f${n}@bulk.test`, categoryId: category.id });
    const result = json(await call('POST /v1/clients/mass-update', admin, { body: { filter: { categoryId: category.id }, patch: { agentId: agentA } } }));
    expect(result.counts.updated).toBe(3);
    const listed = json(await call('GET /v1/clients', admin, { query: { agentId: agentA } }));
    expect(listed.items.map((c: { displayName: string }) => c.displayName)).toEqual(['Filtro 1', 'Filtro 2', 'Filtro 3']);
  });

  it('rejects a patch to an unknown category for every client, before touching any', async () => {
    const c = await createClient({ personType: 'other', name: 'Intacto', email: 'intacto@bulk.test' });
    const result = await call('POST /v1/clients/mass-update', admin, { body: { clientIds: [c.id], patch: { categoryId: 'nope' } } });
    expect(result.statusCode).toBe(400);
    expect((await deps.clients.get(admin.tenantId, c.id))?.version).toBe(1);
  });

  it('is refused (403) to a user without level 1 or the permission, and needs ids or a filter', async () => {
    const clerk: TestUser = { ...admin, id: 'clerk', accessLevel: 4, permissions: [] };
    expect((await call('POST /v1/clients/mass-update', clerk, { body: { clientIds: ['x'], patch: { paymentTermsDays: 1 } } })).statusCode).toBe(403);
    expect((await call('POST /v1/clients/mass-update', admin, { body: { patch: { paymentTermsDays: 1 } } })).statusCode).toBe(400);
  });
});

describe('preferred agents', () => {
  it('counts clients per agent and moves them all to another agent, with history', async () => {
    const before = json(await call('GET /v1/agents', admin));
    const loadA = before.items.find((i: { agent: { id: string } }) => i.agent.id === agentA).clients;
    expect(loadA).toBeGreaterThanOrEqual(3);
    const moved = json(await call('POST /v1/agents/reassign', admin, { body: { moves: { [agentA]: agentB } } }));
    expect(moved.results[agentA].counts.updated).toBe(loadA);
    const after = json(await call('GET /v1/agents', admin));
    const count = (id: string) => after.items.find((i: { agent: { id: string } }) => i.agent.id === id).clients;
    expect(count(agentA)).toBe(0);
    expect(count(agentB)).toBe(loadA);
    const someone = json(await call('GET /v1/clients', admin, { query: { agentId: agentB, limit: '1' } })).items[0];
    const history = json(await call('GET /v1/clients/{clientId}/history', admin, { pathParameters: { clientId: someone.id } }));
    expect(history.items[0]).toMatchObject({ operation: 'agent_reassignment', field: 'agentId', from: agentA, to: agentB });
  });

  it('refuses reassignment without the clients.reassign_agent permission', async () => {
    const noPermission: TestUser = { ...admin, permissions: [] };
    const result = await call('POST /v1/agents/reassign', noPermission, { body: { moves: { [agentB]: agentA } } });
    expect(result.statusCode).toBe(403);
  });
});

describe('client overview', () => {
  it('returns the client with its category, contacts and assigned users in one call', async () => {
    const category = json(await call('POST /v1/client-categories', admin, { body: { name: 'Vista', color: '#000000' } }));
    const client = await createClient({ personType: 'other', name: 'Visto', email: 'visto@bulk.test', categoryId: category.id, collectorId: agentB });
    await call('POST /v1/clients/{clientId}/contacts', admin, { pathParameters: { clientId: client.id }, body: { type: 'billing', name: 'Facturas', email: 'fact@bulk.test' } });
    const overview = json(await call('GET /v1/clients/{clientId}/overview', admin, { pathParameters: { clientId: client.id } }));
    expect(overview).toMatchObject({
      client: { id: client.id }, category: { name: 'Vista' }, counts: { contacts: 1 },
      assigned: { collector: { id: agentB, name: agentB } }, sections: {},
    });
    expect(overview.contacts[0]).toMatchObject({ type: 'billing', receives: ['invoices', 'payments'] });
  });
});
