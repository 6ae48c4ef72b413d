import { beforeAll, describe, expect, it } from 'vitest';
import { contextOf, httpEvent, json, type TestUser } from '../support/http.ts';
import { newTenant, newUser, testDeps } from '../support/tenants.ts';

const { handler } = await import('../../functions/http/clients-api.handler.ts');
const call = (routeKey: string, as: TestUser, extra: Omit<Parameters<typeof httpEvent>[0], 'routeKey' | 'as'> = {}) =>
  handler(httpEvent({ routeKey, as, ...extra }), contextOf('clients-api'));

const deps = testDeps();
let admin: TestUser;
let agentA: string;
let agentB: string;

async function addUser(tenantId: string, id: string, permissions: string[] = []) {
  const at = new Date().toISOString();
  await deps.users.create({
    tenantId,
    id,
    email: `${id}@${tenantId}.test`,
    name: id,
    accessLevel: 4,
    permissions,
    status: 'active',
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: 't',
    updatedBy: 't',
  });
  return id;
}
const createClient = async (body: Record<string, unknown>, as = admin) => json(await call('POST /v1/clients', as, { body })) as { id: string };

/** A fresh tenant whose admin holds every permission, with two agents of its own. */
async function freshTenant() {
  const { admin: own } = await newTenant(deps);
  return {
    own,
    agentA: await addUser(own.tenantId, 'agent-a'),
    agentB: await addUser(own.tenantId, 'agent-b'),
  };
}

beforeAll(async () => {
  ({ admin } = await newTenant(deps));
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
    expect(history.items[0]).toMatchObject({ operation: 'mass_update', operationId: first.operationId });
    expect(history.items[0].changes).toContainEqual({ field: 'paymentTermsDays', from: 30, to: 45 });
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

  it('refuses more than 1,000 client ids with a 400 problem pointing at clientIds, and changes nothing', async () => {
    const { own } = await freshTenant();
    const real = await createClient({ personType: 'other', name: 'Sin cambios', email: 'sincambios@bulk.test' }, own);
    const clientIds = [real.id, ...Array.from({ length: 1_000 }, (_, i) => `unknown-${i}`)];
    const result = await call('POST /v1/clients/mass-update', own, { body: { clientIds, patch: { paymentTermsDays: 10 } } });
    expect(result.statusCode).toBe(400);
    const problem = json(result);
    expect(problem).toMatchObject({ status: 400, code: 'validation_failed', title: 'La solicitud tiene datos inválidos' });
    expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/body/clientIds']);
    expect(await deps.clients.get(own.tenantId, real.id)).toMatchObject({ version: 1 });
    expect((await deps.clients.get(own.tenantId, real.id))?.paymentTermsDays).toBeUndefined();
  });

  it('accepts exactly 1,000 client ids', async () => {
    const { own } = await freshTenant();
    const real = await createClient({ personType: 'other', name: 'Mil', email: 'mil@bulk.test' }, own);
    const clientIds = [real.id, ...Array.from({ length: 999 }, (_, i) => `unknown-${i}`)];
    const result = await call('POST /v1/clients/mass-update', own, { body: { clientIds, patch: { paymentTermsDays: 10 } } });
    expect(result.statusCode).toBe(200);
    expect(json(result)).toMatchObject({ total: 1_000, counts: { updated: 1, unchanged: 0, not_found: 999, failed: 0 } });
  });

  it("updates its own clients and lists another tenant's client and an unknown id as not_found, leaving the foreign client untouched", async () => {
    const { own } = await freshTenant();
    const { admin: stranger } = await newTenant(deps);
    const a = await createClient({ personType: 'other', name: 'Propio A', email: 'pa@bulk.test' }, own);
    const b = await createClient({ personType: 'other', name: 'Propio B', email: 'pb@bulk.test', paymentTermsDays: 30 }, own);
    const foreign = await createClient({ personType: 'other', name: 'Ajeno', email: 'ajeno@bulk.test', paymentTermsDays: 30 }, stranger);
    const body = { clientIds: [a.id, foreign.id, b.id, 'no-such-client'], patch: { paymentTermsDays: 60 } };
    const result = json(await call('POST /v1/clients/mass-update', own, { body }));
    expect(result).toMatchObject({ total: 4, counts: { updated: 2, unchanged: 0, not_found: 2, failed: 0 } });
    expect(result.failures).toEqual([
      { clientId: foreign.id, outcome: 'not_found', code: 'not_found', message: expect.any(String) },
      { clientId: 'no-such-client', outcome: 'not_found', code: 'not_found', message: expect.any(String) },
    ]);
    expect((await deps.clients.get(own.tenantId, a.id))?.paymentTermsDays).toBe(60);
    expect((await deps.clients.get(own.tenantId, b.id))?.paymentTermsDays).toBe(60);
    expect(await deps.clients.get(stranger.tenantId, foreign.id)).toMatchObject({ version: 1, paymentTermsDays: 30 });
  });

  it('is refused (403) to any user without the permission, level 1 included, and needs ids or a filter', async () => {
    const clerk = await newUser(deps, admin.tenantId, { accessLevel: 4 });
    expect((await call('POST /v1/clients/mass-update', clerk, { body: { clientIds: ['x'], patch: { paymentTermsDays: 1 } } })).statusCode).toBe(403);
    const boss = await newUser(deps, admin.tenantId, { accessLevel: 1, permissions: ['users.manage'] });
    expect((await call('POST /v1/clients/mass-update', boss, { body: { clientIds: ['x'], patch: { paymentTermsDays: 1 } } })).statusCode).toBe(403);
    expect((await call('POST /v1/clients/mass-update', admin, { body: { patch: { paymentTermsDays: 1 } } })).statusCode).toBe(400);
  });
});

describe('preferred agents', () => {
  it('counts clients per agent and moves them all to another agent, with history', async () => {
    const { own, agentA, agentB } = await freshTenant();
    const movers: string[] = [];
    for (const n of [1, 2, 3])
      movers.push((await createClient({ personType: 'other', name: `Agente A ${n}`, email: `aa${n}@bulk.test`, agentId: agentA }, own)).id);
    await createClient({ personType: 'other', name: 'Agente B', email: 'ab@bulk.test', agentId: agentB }, own);
    await createClient({ personType: 'other', name: 'Sin agente', email: 'sa@bulk.test' }, own);
    const loads = async () => {
      const items = json(await call('GET /v1/agents', own)).items as Array<{ agent: { id: string }; clients: number }>;
      return Object.fromEntries(items.map((i) => [i.agent.id, i.clients]));
    };
    expect(await loads()).toEqual({ [own.id]: 0, [agentA]: 3, [agentB]: 1 });
    const moved = json(await call('POST /v1/agents/reassign', own, { body: { moves: { [agentA]: agentB } } }));
    expect(moved.results[agentA]).toMatchObject({ total: 3, counts: { updated: 3, unchanged: 0, not_found: 0, failed: 0 }, failures: [] });
    expect(await loads()).toEqual({ [own.id]: 0, [agentA]: 0, [agentB]: 4 });
    const listed = json(await call('GET /v1/clients', own, { query: { agentId: agentB } }));
    expect(listed.items.map((c: { displayName: string }) => c.displayName)).toEqual(['Agente A 1', 'Agente A 2', 'Agente A 3', 'Agente B']);
    const history = json(await call('GET /v1/clients/{clientId}/history', own, { pathParameters: { clientId: movers[0]! } }));
    expect(history.items[0]).toMatchObject({
      operation: 'agent_reassignment',
      changes: [{ field: 'agentId', from: agentA, to: agentB }],
      by: own.id,
      operationId: moved.results[agentA].operationId,
    });
  });

  it('refuses reassignment without the clients.reassign_agent permission', async () => {
    const noPermission = await newUser(deps, admin.tenantId, { accessLevel: 1 });
    const result = await call('POST /v1/agents/reassign', noPermission, { body: { moves: { [agentB]: agentA } } });
    expect(result.statusCode).toBe(403);
  });

  it("applies the map to the books as they were: { A: B, B: A } swaps them and { A: B, B: C } leaves A's clients with B", async () => {
    const { own, agentA, agentB } = await freshTenant();
    const agentC = await addUser(own.tenantId, 'agent-c');
    const make = (name: string, agentId: string) => createClient({ personType: 'other', name, email: `${name}@swap.test`, agentId }, own);
    const a1 = await make('a1', agentA);
    const a2 = await make('a2', agentA);
    const b1 = await make('b1', agentB);
    const agentOf = async (id: string) => json(await call('GET /v1/clients/{clientId}', own, { pathParameters: { clientId: id } })).agentId;

    const swap = await call('POST /v1/agents/reassign', own, { body: { moves: { [agentA]: agentB, [agentB]: agentA } } });
    expect(swap.statusCode).toBe(200);
    expect(json(swap).results[agentA].counts).toEqual({ updated: 2, unchanged: 0, not_found: 0, failed: 0 });
    expect(json(swap).results[agentB].counts).toEqual({ updated: 1, unchanged: 0, not_found: 0, failed: 0 });
    expect([await agentOf(a1.id), await agentOf(a2.id), await agentOf(b1.id)]).toEqual([agentB, agentB, agentA]);

    const chain = await call('POST /v1/agents/reassign', own, { body: { moves: { [agentB]: agentC, [agentA]: agentB } } });
    expect(chain.statusCode).toBe(200);
    expect([await agentOf(a1.id), await agentOf(a2.id), await agentOf(b1.id)]).toEqual([agentC, agentC, agentB]);
  });

  it('refuses, before moving anyone, a new agent who is not an active user of the tenant, pointing at that move', async () => {
    const { own, agentA, agentB } = await freshTenant();
    const client = await createClient({ personType: 'other', name: 'Sin Mover', email: 'sinmover@bulk.test', agentId: agentA }, own);
    const result = await call('POST /v1/agents/reassign', own, { body: { moves: { [agentA]: agentB, [agentB]: admin.id } } });
    expect(result.statusCode).toBe(400);
    expect(json(result).errors).toEqual([expect.objectContaining({ pointer: `/body/moves/${agentB}`, code: 'unknown_reference' })]);
    const stored = json(await call('GET /v1/clients/{clientId}', own, { pathParameters: { clientId: client.id } }));
    expect(stored.agentId).toBe(agentA);
  });
});

describe('client overview', () => {
  it('returns the client with its category, contacts and assigned users in one call', async () => {
    const category = json(await call('POST /v1/client-categories', admin, { body: { name: 'Vista', color: '#000000' } }));
    const client = await createClient({ personType: 'other', name: 'Visto', email: 'visto@bulk.test', categoryId: category.id, collectorId: agentB });
    await call('POST /v1/clients/{clientId}/contacts', admin, {
      pathParameters: { clientId: client.id },
      body: { type: 'billing', name: 'Facturas', email: 'fact@bulk.test' },
    });
    const overview = json(await call('GET /v1/clients/{clientId}/overview', admin, { pathParameters: { clientId: client.id } }));
    expect(overview).toMatchObject({
      client: { id: client.id },
      category: { name: 'Vista' },
      counts: { contacts: 1 },
      assigned: { collector: { id: agentB, name: agentB } },
      sections: {},
    });
    expect(overview.messaging.find((m: { kind: string }) => m.kind === 'invoices').recipients.map((r: { email: string }) => r.email)).toEqual([
      'visto@bulk.test',
      'fact@bulk.test',
    ]);
    expect(overview.recentChanges[0]).toMatchObject({
      operation: 'contact_added',
      changes: expect.arrayContaining([{ field: 'contact.name', to: 'Facturas' }]),
    });
    expect(overview.contacts[0]).toMatchObject({ type: 'billing', receives: ['invoices', 'payments'] });
  });
});

describe('client history', () => {
  it('records a deactivate and a restore as status changes, newest first', async () => {
    const { own } = await freshTenant();
    const created = await call('POST /v1/clients', own, { body: { personType: 'other', name: 'Vaivén', email: 'vaiven@bulk.test' } });
    const { id } = json(created);
    const gone = await call('DELETE /v1/clients/{clientId}', own, { pathParameters: { clientId: id }, headers: { 'if-match': created.headers.etag! } });
    expect(gone.statusCode).toBe(200);
    const back = await call('POST /v1/clients/{clientId}/restore', own, { pathParameters: { clientId: id }, headers: { 'if-match': gone.headers.etag! } });
    expect(back.statusCode).toBe(200);
    const history = json(await call('GET /v1/clients/{clientId}/history', own, { pathParameters: { clientId: id } }));
    const changes = history.items.filter((h: { operation: string }) => h.operation !== 'create');
    expect(changes).toEqual([
      expect.objectContaining({ clientId: id, operation: 'restore', changes: [{ field: 'status', from: 'inactive', to: 'active' }], by: own.id, version: 3 }),
      expect.objectContaining({
        clientId: id,
        operation: 'deactivate',
        changes: [{ field: 'status', from: 'active', to: 'inactive' }],
        by: own.id,
        version: 2,
      }),
    ]);
    expect(history.items.slice(0, 2)).toEqual(changes);
    const creations = history.items.filter((h: { operation: string }) => h.operation === 'create');
    expect(creations).toHaveLength(1);
    expect(creations[0].changes).toContainEqual({ field: 'status', to: 'active' });
  });
});
